/**
 * `plan --base` refuses a change live infrastructure cannot take: the port of a blue/green app (the review's
 * edit 8080 → 8081 listed both target groups as merely replaced). The refusal is located in the head file,
 * exits 1 and prints no plan; the same edit on a rolling app, and an unchanged blue/green app, plan as before.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPlan } from '../../cli/commands/plan';
import { exampleFile } from '../helpers/examples';
import { captureOutput } from '../helpers/output';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dropship-base-edit-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const BLUE_GREEN = () => readFileSync(exampleFile('blue-green'), 'utf8');
const newPort = (y: string) => y.replaceAll('port: 8080', 'port: 8081');
const rolling = (y: string) => y.replace(/\n {6}strategy: blue-green\n(?: {6}.*\n| {8,}.*\n)*/, '\n');

function plan(base: string, head: string, format: 'comment' | 'text' | 'json' = 'comment') {
  const b = join(dir, 'base.yaml');
  const h = join(dir, 'head.yaml');
  writeFileSync(b, base);
  writeFileSync(h, head);
  return { head: h, ...captureOutput(() => runPlan({ file: h, format, base: b })) };
}

it('refuses a new port of a blue/green app, located at its expose.public.port, in every format', () => {
  const head = newPort(BLUE_GREEN());
  // The second `port: 8081`: expose.public's (the first is the container's).
  const lines = head.split('\n');
  const line = lines.lastIndexOf('        port: 8081') + 1;
  expect(lines[line - 2]).toMatch(/container: web/);
  const out = plan(BLUE_GREEN(), head);
  expect(out.code).toBe(1);
  expect(out.stdout).toBe('');
  expect(out.stderr).toContain(`${out.head}:${line}:`);
  expect(out.stderr).toMatch(/keeps its tasks on port 8080/);
  expect(out.stderr).toMatch(/strategy: rolling/);
  const json = plan(BLUE_GREEN(), head, 'json');
  expect(json.code).toBe(1);
  const parsed = JSON.parse(json.stdout) as { valid: boolean; diagnostics: { code: string; path: string }[] };
  expect(parsed.valid).toBe(false);
  expect(parsed.diagnostics.map((d) => [d.code, d.path])).toEqual([
    ['blue-green-pinned-change', 'apps[0].expose.public.port'],
  ]);
});

it('plans the same port change of a rolling app, and an unchanged blue/green app', () => {
  const base = rolling(BLUE_GREEN());
  expect(base).not.toMatch(/strategy|blueGreen|testListener/);
  const out = plan(base, newPort(base));
  expect(out.code).toBe(0);
  expect(out.stdout).toContain('aws_lb_target_group');
  expect(plan(BLUE_GREEN(), BLUE_GREEN()).code).toBe(0);
});

it('says on stderr, located, when a --base that does not load leaves the check undone (text and json)', () => {
  for (const format of ['text', 'json'] as const) {
    const out = plan('apps: [\n', newPort(BLUE_GREEN()), format);
    expect(out.code).toBe(0);
    expect(out.stderr).toContain('does not load: changes live infrastructure cannot take were not checked');
    expect(out.stderr).toMatch(/base\.yaml:\d+:\d+/);
  }
});
