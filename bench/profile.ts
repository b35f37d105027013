/**
 * Where the time goes: run one dropship command on a generated fleet under `node --cpu-prof` and summarize
 * the profile: phases (inclusive time of the pipeline's entry points), packages and modules, and the
 * functions with the most self time.
 *
 *   node dist/bench/profile.js [--apps 100] [--command synth|validate|plan] [--layout single|per-app]
 *   node dist/bench/profile.js --summarize file.cpuprofile
 *
 * The .cpuprofile is kept in bench/out/prof/ for Chrome DevTools or speedscope.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { writeFleetSpecs } from './generate';

const REPO = resolve(__dirname, '..', '..');

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Entry points of the pipeline whose inclusive time tells the phases apart. */
const PHASES = [
  'loadSpecFile',
  'compile',
  'renderApp',
  'synth',
  'synthesizer.synthesize',
  'toTerraform',
  'resolve',
  'stringify',
];

/** A package name for node_modules paths, a repo-relative path for the project's own files. */
export function moduleOf(url: string): string {
  if (!url) return '(native)';
  if (url.startsWith('node:')) return 'node:internal';
  const path = url.replace(/^file:\/\//, '');
  const nm = path.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const parts = path.slice(nm + '/node_modules/'.length).split('/');
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  return path.startsWith('/') ? relative(REPO, path) : path;
}

export interface ProfileSummary {
  totalMs: number;
  phases: [string, number][];
  modules: [string, number][];
  functions: [string, number][];
}

export function summarize(profile: CpuProfile, top = 20): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<string, number>();
  const modules = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = (profile.timeDeltas[i] ?? 0) / 1000;
    total += dt;
    const node = byId.get(id);
    if (!node) return;
    const cf = node.callFrame;
    const mod = moduleOf(cf.url);
    const key = `${cf.functionName || '(anonymous)'}  ${mod}:${cf.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + dt);
    modules.set(mod, (modules.get(mod) ?? 0) + dt);
    // Each phase counts a sample once, even when the function recurses.
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const name = byId.get(cur)?.callFrame.functionName ?? '';
      const phase = PHASES.find((p) => p === name || name.endsWith(`.${p}`));
      if (phase && !seen.has(phase)) {
        seen.add(phase);
        inclusive.set(phase, (inclusive.get(phase) ?? 0) + dt);
      }
    }
  });
  const sorted = (m: Map<string, number>) =>
    [...m].sort((a, b) => b[1] - a[1]).map(([k, v]): [string, number] => [k, Math.round(v)]);
  return {
    totalMs: Math.round(total),
    phases: sorted(inclusive),
    modules: sorted(modules).slice(0, top),
    functions: sorted(self).slice(0, top),
  };
}

function print(summary: ProfileSummary): void {
  const out: string[] = [`sampled CPU time: ${summary.totalMs} ms`, '', 'phases (inclusive ms):'];
  for (const [k, v] of summary.phases) out.push(`  ${String(v).padStart(7)}  ${k}`);
  out.push('', 'self time by package / module (ms):');
  for (const [k, v] of summary.modules) out.push(`  ${String(v).padStart(7)}  ${k}`);
  out.push('', 'top functions by self time (ms):');
  for (const [k, v] of summary.functions) out.push(`  ${String(v).padStart(7)}  ${k}`);
  process.stdout.write(`${out.join('\n')}\n`);
}

function main(argv: string[]): number {
  const opt = (name: string, fallback: string) => {
    const at = argv.indexOf(name);
    return at >= 0 && argv[at + 1] ? argv[at + 1] : fallback;
  };
  const existing = argv.indexOf('--summarize');
  if (existing >= 0) {
    print(summarize(JSON.parse(readFileSync(argv[existing + 1], 'utf8')) as CpuProfile));
    return 0;
  }
  const apps = Number(opt('--apps', '100'));
  const command = opt('--command', 'synth');
  const layout = opt('--layout', 'single');
  const outDir = join(REPO, 'bench', 'out');
  const file = writeFleetSpecs(join(outDir, 'specs'), [apps]).get(apps) as string;
  const profDir = join(outDir, 'prof', `${command}-${apps}-${layout}`);
  rmSync(profDir, { recursive: true, force: true });
  mkdirSync(profDir, { recursive: true });
  const args =
    command === 'synth'
      ? ['synth', file, '--out', join(outDir, `prof-synth-${apps}`), '--layout', layout, '--quiet']
      : [command, file];
  const child = spawnSync(
    process.execPath,
    ['--cpu-prof', '--cpu-prof-dir', profDir, join(REPO, 'bin', 'dropship.js'), ...args],
    { cwd: REPO, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  if (child.status !== 0) {
    process.stderr.write(`profile: dropship ${command} exited with ${child.status}\n`);
    return 1;
  }
  const [profile] = readdirSync(profDir).filter((f) => f.endsWith('.cpuprofile'));
  process.stdout.write(`dropship ${args.join(' ')}\nprofile: ${join(profDir, profile)}\n\n`);
  print(summarize(JSON.parse(readFileSync(join(profDir, profile), 'utf8')) as CpuProfile));
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
