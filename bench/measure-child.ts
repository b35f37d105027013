/**
 * Fallback probe for machines without GNU time: runs a Node script in this very process and, on exit,
 * writes the process's own CPU time and peak RSS (process.resourceUsage) to a JSON file.
 *
 * Usage: node dist/bench/measure-child.js <report.json> <script.js> [args...]
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

export interface ChildUsage {
  userMs: number;
  sysMs: number;
  maxRssKb: number;
}

const [report, script, ...rest] = process.argv.slice(2);
if (!report || !script) {
  process.stderr.write('usage: measure-child <report.json> <script.js> [args...]\n');
  process.exit(2);
}
process.on('exit', () => {
  const usage = process.resourceUsage();
  const result: ChildUsage = {
    userMs: usage.userCPUTime / 1000,
    sysMs: usage.systemCPUTime / 1000,
    maxRssKb: usage.maxRSS,
  };
  writeFileSync(report, JSON.stringify(result));
});
// The script sees the argv it would see if started directly.
process.argv = [process.argv[0], resolve(script), ...rest];
require(resolve(script));
