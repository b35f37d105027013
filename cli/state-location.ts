/**
 * The Terraform state must never be where synth writes. A local `aws.backend.directory` is resolved the way
 * Terraform will resolve it (from `<out>/stacks/<stack>/`, three levels up, through symlinks and `..` on
 * the real file system) and compared with the real path of the output folder: state inside the output or
 * equal to it is deleted by the next synth, and state around it (the output inside the state folder) puts
 * the folder synth replaces among the state files. A directory that contains the output for any --out is a
 * spec error (schema/rules.ts, exit 1); one that clashes only with this --out is an argument clash (exit 2).
 */
import { lstatSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { BackendPlan } from '../compiler/model';
import type { SourceMap } from '../schema/load';
import { CliError } from './exit';

/** Refuses (exit 2) a local state directory inside, equal to or around the output folder `out`. */
export function checkStateOutsideOutput(
  backend: BackendPlan,
  out: string,
  shownOut: string,
  source?: Pick<SourceMap, 'file' | 'locate'>,
): void {
  if (backend.type !== 'local') return;
  const clash = stateClash(backend.directory, out);
  if (clash === undefined) return;
  const at = source?.locate(['aws', 'backend', 'directory']);
  const where = source && at ? ` (${source.file}:${at.line}:${at.column})` : '';
  const why = clash.around
    ? 'the state must sit beside the folder synth replaces, never around it'
    : `synth replaces ${shownOut} whole and would delete the state with it`;
  throw new CliError(
    `refusing to synthesize to ${shownOut}: aws.backend.directory ${JSON.stringify(backend.directory)}${where} ` +
      `puts the Terraform state in ${clash.state}, ${clash.relation}: ${why}. Choose another --out, or another ` +
      'state folder (the default, terraform-state, sits beside the output)',
  );
}

/** How the state folder of `directory` stands to the output `out`, when it clashes. */
export function stateClash(
  directory: string,
  out: string,
): { state: string; relation: string; around: boolean } | undefined {
  const output = physicalPath('/', resolve(out));
  // Terraform runs in <out>/stacks/<stack>/ and goes ../../.. from there: from the real output folder.
  const state = isAbsolute(directory)
    ? physicalPath('/', directory)
    : physicalPath(dirname(output), directory);
  if (state === output) return { state, relation: 'which is the output folder itself', around: false };
  if (isInside(state, output))
    return { state, relation: `which is inside the output folder ${output}`, around: false };
  if (isInside(output, state))
    return { state, relation: `which holds the output folder ${output}`, around: true };
  return undefined;
}

function isInside(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

/**
 * `path` (relative to the real folder `base`) as the kernel resolves it: component by component, each
 * existing symlink replaced by its real target and `..` taken from the real folder reached so far. A
 * component that does not exist is taken as written (nothing below it can be a symlink yet).
 */
export function physicalPath(base: string, path: string): string {
  let current = isAbsolute(path) ? '/' : realOrSelf(base);
  const parts = path.split(/[\\/]+/).filter((p) => p !== '' && p !== '.');
  for (const part of parts) {
    if (part === '..') {
      current = dirname(current);
      continue;
    }
    const next = join(current, part);
    try {
      lstatSync(next);
      current = realOrSelf(next);
    } catch {
      current = next;
    }
  }
  return current;
}

function realOrSelf(path: string): string {
  try {
    return realpathSync.native(path);
  } catch {
    return path;
  }
}
