/**
 * `dropship cutover status|next|rollback|set <percent> [file]`: show the phase table, or move
 * `cutover.current` one phase by rewriting only that value in migration.yaml (comments and formatting
 * stay), after validating the file before and after the edit. Nothing is written when anything fails.
 */
import type { Diagnostic } from '../../schema/diagnostics';
import { printableDeep } from '../printable';
import { loadSpecText, readSpecText, type LoadResult, type ValidSpec } from '../../schema/load';
import type { MigrationSpec } from '../../schema/spec';
import { CutoverEditError, formatCutoverDiff, setCutoverCurrent } from '../../schema/edit-cutover';
import { compileSpec, type CompileOptions } from '../../compiler';
import type { Plan } from '../../compiler/model';
import { calculatedChecks, diffStates } from '../../compiler/cutover';
import { type CutoverPlan } from '../../compiler/model/cutover';
import { orderSteps } from '../../compiler/steps';
import { CliError, EXIT_INVALID, EXIT_OK, EXIT_USAGE } from '../exit';
import { openSpecForEdit, type SpecEdit } from '../spec-file';
import { inputName } from '../../schema/read-text';
import { isInputFailure } from '../../schema/load-result';
import { printDiagnostics } from '../report';
import type { NewNameAliasPlan } from '../../compiler/model/apps';
import { hostnameLines } from './cutover-hostnames';

export type CutoverAction = 'status' | 'next' | 'rollback' | 'set';

export interface CutoverArgs {
  action: CutoverAction;
  file: string;
  /** For `set`: the AWS share to move to. */
  percent?: number;
  /**
   * Allow `set` to jump more than one phase forward, and `rollback`/`set` to move back after the data moved
   * (cutover.dataMode move-first; in digitalocean-until-100 cutover.dataMoved must be false again first).
   */
  force?: boolean;
  /** Print the diff without writing the file. */
  dryRun?: boolean;
}

export function runCutover(args: CutoverArgs): number {
  // An edit holds the file's lock from this read to its rename, so two dropship runs take turns.
  const edit = args.action !== 'status' && !args.dryRun ? openSpecForEdit(args.file) : undefined;
  try {
    return cutover(args, edit);
  } finally {
    edit?.release();
  }
}

function cutover(args: CutoverArgs, session: SpecEdit | undefined): number {
  const text = session?.text ?? readText(args.file);
  const file = inputName(args.file);
  const loaded = loadSpecText(text, file);
  if (!loaded.ok) {
    printDiagnostics(loaded.diagnostics, 'text', false);
    process.stderr.write(`${file}: invalid${args.action === 'status' ? '' : ', nothing changed'}\n`);
    return isInputFailure(loaded.diagnostics) ? EXIT_USAGE : EXIT_INVALID;
  }
  const spec = loaded.spec;
  if (!spec.cutover) {
    process.stderr.write(`${file}: no cutover section; add one (see docs/cutover.md)\n`);
    return EXIT_INVALID;
  }
  const full = compileOrReport(spec, loaded.source);
  if (!full) return EXIT_INVALID;
  const plan = full.cutover as CutoverPlan;
  if (args.action === 'status') {
    const steps = [...full.dns.manualSteps, ...plan.manualSteps, ...full.digitalocean.manualSteps];
    process.stdout.write(
      formatStatus(
        file,
        spec,
        { ...plan, manualSteps: steps },
        full.warnings.filter(isCutoverWarning),
        full.apps.alb?.newNameAliases,
      ),
    );
    return EXIT_OK;
  }
  if (args.action === 'set' && (args.percent === undefined || !Number.isInteger(args.percent)))
    throw new CliError('cutover set needs a whole percentage, e.g. dropship cutover set 50', EXIT_USAGE);
  const target = targetPhase(args, plan);
  if ('error' in target) {
    process.stderr.write(`dropship: ${target.error}\n`);
    return EXIT_INVALID;
  }
  if ('unchanged' in target || target.phase === plan.current) {
    const why = 'unchanged' in target ? target.unchanged : `cutover.current is already ${plan.current} %`;
    process.stdout.write(`${file}: ${why}; nothing to change\n`);
    return EXIT_OK;
  }
  let edit;
  try {
    edit = setCutoverCurrent(text, target.phase);
  } catch (err) {
    if (err instanceof CutoverEditError) throw new CliError(`${file}: ${err.message}`, EXIT_INVALID);
    throw err;
  }
  const reloaded: LoadResult = loadSpecText(edit.text, file);
  if (!reloaded.ok) {
    printDiagnostics(reloaded.diagnostics, 'text', false);
    process.stderr.write(`${file}: the edited file would be invalid, nothing written\n`);
    return EXIT_INVALID;
  }
  const nextPlan = compileOrReport(reloaded.spec, reloaded.source);
  if (!nextPlan) return EXIT_INVALID;
  const next = nextPlan.cutover as CutoverPlan;
  const written = session?.commit(edit.text);
  const out: string[] = [formatCutoverDiff(file, edit)];
  out.push(
    `cutover: ${plan.current} % → ${next.current} % of traffic on AWS${written ? `; wrote ${written}` : ' (dry run, not written)'}`,
  );
  const withChecks = (c: CutoverPlan) => ({ ...c, awsChecks: calculatedChecks(c.awsHealth) });
  const changes = diffStates(withChecks(plan), withChecks(next));
  out.push(
    changes.length > 0
      ? `Records that change when the cutover stack is applied:\n${changes.map((c) => `  ${c}`).join('\n')}`
      : 'No record changes.',
  );
  if (next.current < plan.current && plan.dataMode.stores.length > 0)
    out.push(`Rolling back: ${plan.dataMode.rollback}.`);
  if (
    plan.current === 0 &&
    next.current > 0 &&
    plan.dataMode.mode === 'move-first' &&
    plan.dataMode.stores.length > 0
  )
    out.push(
      `Before applying: cutover.dataMode is move-first, so ${plan.dataMode.stores.join(', ')} must have moved to AWS ` +
        '(the data migration runbook) and DigitalOcean be read-only: from this phase on the AWS side writes.',
    );
  if (plan.current === 0 && next.current > 0 && plan.maxOldTtl > 0)
    out.push(
      `Before applying: the old records had a TTL of up to ${plan.maxOldTtl} s; make sure ` +
        `${oldAnswersEnd(plan, 'older')} (dropship cutover status lists the steps).`,
    );
  out.push('Review and apply the cutover stack (cdktf deploy / terraform apply) to make it take effect.');
  process.stdout.write(`${out.join('\n')}\n`);
  return EXIT_OK;
}

/** The spec's text, read with the same checks as every other command (missing, binary, not UTF-8). */
function readText(file: string): string {
  const read = readSpecText(file);
  if (!read.ok) throw new CliError(read.diagnostic.message);
  return read.text;
}

/** Compiles like the other commands; compiler-only spec errors are printed located. */
function compileOrReport(spec: ValidSpec, source: CompileOptions['source']): Plan | undefined {
  const outcome = compileSpec(spec, { source });
  if (outcome.ok) return outcome.plan;
  printDiagnostics(outcome.diagnostics, 'text', false);
  return undefined;
}

/** The phase an action moves to, or why it refuses. */
export function targetPhase(
  args: Pick<CutoverArgs, 'action' | 'percent' | 'force'>,
  plan: Pick<CutoverPlan, 'phases' | 'current'> & Partial<Pick<CutoverPlan, 'dataMode'>>,
): { phase: number } | { unchanged: string } | { error: string } {
  const target = phaseOf(args, plan);
  const refusedFrom = plan.dataMode?.rollbackRefusedFrom;
  // After the data moved in digitalocean-until-100 no phase below 100 % is valid with dataMoved: true (the
  // rule data-moved-before-100): --force cannot help, the reader first makes DigitalOcean the writer again.
  if (
    'phase' in target &&
    refusedFrom !== undefined &&
    target.phase < plan.current &&
    plan.dataMode!.mode === 'digitalocean-until-100'
  )
    return {
      error:
        `moving back from ${plan.current} % to ${target.phase} % sends the droplets' share of the writes to DigitalOcean, ` +
        `whose data is a stale copy since the data moved to AWS (cutover.dataMoved: true; ${plan.dataMode!.stores.join(', ')}), ` +
        'while the AWS tasks keep writing to RDS/ElastiCache: copy the AWS writes back to DigitalOcean, set ' +
        'cutover.dataMoved: false in the spec (the tasks go back to DigitalOcean; apply data, apps, then network), then roll back',
    };
  if ('phase' in target && refusedFrom !== undefined && target.phase < plan.current && !args.force)
    return {
      error:
        `moving back from ${plan.current} % to ${target.phase} % sends writes to DigitalOcean, whose data is a ` +
        'read-only copy since the data moved before phase 1 (cutover.dataMode: move-first; ' +
        `${plan.dataMode!.stores.join(', ')}): make DigitalOcean the writer again first (copy the AWS writes ` +
        "back, end read-only mode with the data runbook's last commands), then pass --force",
    };
  return target;
}

function phaseOf(
  args: Pick<CutoverArgs, 'action' | 'percent' | 'force'>,
  plan: Pick<CutoverPlan, 'phases' | 'current'>,
): { phase: number } | { unchanged: string } | { error: string } {
  const phases = [...plan.phases].sort((a, b) => a - b);
  const { current } = plan;
  // At either end, next and rollback are no-ops (exit 0), like `set` to the current phase.
  if (args.action === 'next') {
    const phase = phases.find((p) => p > current);
    return phase === undefined ? { unchanged: `already at the last phase (${current} %)` } : { phase };
  }
  if (args.action === 'rollback') {
    const phase = [...phases].reverse().find((p) => p < current);
    return phase === undefined
      ? { unchanged: `already at the first phase (${current} %), nothing to roll back` }
      : { phase };
  }
  const percent = args.percent;
  if (percent === undefined || !Number.isInteger(percent))
    return { error: 'cutover set needs a whole percentage, e.g. dropship cutover set 50' };
  if (!phases.includes(percent))
    return { error: `${percent} % is not a phase; cutover.phases is [${phases.join(', ')}]` };
  const steps = phases.filter((p) => p > current && p <= percent).length;
  if (steps > 1 && !args.force)
    return {
      error:
        `set ${percent} jumps ${steps} phases forward (${current} % → ${percent} %); move one phase at a time ` +
        '(dropship cutover next) or pass --force',
    };
  return { phase: percent };
}

/**
 * What ends the old answers, as the plan's `oldAnswersEnd` says per zone: in a zone dropship creates, the
 * lowered TTLs and the nameserver switch; in an existing zone (route53ZoneId), the change batch.
 * `since`: "after …" for the status line; `older`: "… older than that" for the move from phase 0.
 */
function oldAnswersEnd(plan: CutoverPlan, form: 'since' | 'older'): string {
  const { newZones, existingZones: existing } = plan.oldAnswersEnd;
  const inExisting = existing.length > 0;
  const inNew = newZones.length > 0;
  const zones = `${existing.length === 1 ? 'existing zone' : 'existing zones'} ${existing.join(', ')}`;
  const parts: string[] = [];
  if (inNew || !inExisting)
    parts.push(
      (form === 'since'
        ? 'the TTLs were lowered and the nameservers switched'
        : 'the lowered TTL and the nameserver switch are older than that') +
        (inExisting ? ' (new zones)' : ''),
    );
  if (inExisting)
    parts.push(
      (form === 'since' ? 'the change batch ran' : 'the change batch is older than that') +
        ` (${zones}: no TTL to lower, no nameserver switch)`,
    );
  return parts.join(form === 'since' ? ', and after ' : ', and ');
}

/** The phase table with the current phase marked, and the steps that gate the next phase. */
/** The cutover part's warnings (codes `cutover/…`), which `cutover status` repeats. */
const isCutoverWarning = (d: Diagnostic): boolean => d.code.startsWith('cutover/');

export function formatStatus(
  file: string,
  spec: MigrationSpec,
  cutoverPlan: CutoverPlan,
  shownWarnings: readonly Diagnostic[] = [],
  /** New names that get a plain alias to the ALB instead of weighted records (the apps part's). */
  newNameAliases: readonly NewNameAliasPlan[] = [],
): string {
  // Inventory values (hostnames, record data in warnings) are shown as they are, never as terminal escapes.
  const plan = printableDeep(cutoverPlan);
  const warnings = printableDeep(shownWarnings);
  const newNames = printableDeep(newNameAliases.map((a) => ({ hostname: a.hostname, type: a.type })));
  const out: string[] = [];
  out.push(
    `Cutover of ${spec.project}-${spec.environment} (${file}): ${plan.current} % of traffic on AWS; ` +
      `weighted records TTL ${plan.ttl} s`,
  );
  out.push('');
  const header = ['', 'phase', 'AWS', 'DigitalOcean', 'records that change'];
  const rows = plan.phaseTable.map((row) => [
    row.current ? '▶' : ' ',
    `${row.phase} %`,
    `${row.aws} %`,
    `${row.digitalocean} %`,
    row.changes,
  ]);
  const width = (i: number) => Math.max(header[i].length, ...rows.map((r) => String(r[i]).length));
  const pad = (s: string, i: number) => s.padEnd(width(i));
  out.push(
    `${pad(header[0], 0)} ${pad(header[1], 1)}  ${pad(header[2], 2)}  ${pad(header[3], 3)}  ${header[4]}`,
  );
  for (const r of rows) {
    const changes = r[4] as string[];
    const lead = `${pad(r[0] as string, 0)} ${pad(r[1] as string, 1)}  ${pad(r[2] as string, 2)}  ${pad(r[3] as string, 3)}  `;
    out.push(`${lead}${changes[0] ?? '(none)'}`);
    for (const c of changes.slice(1)) out.push(`${' '.repeat(lead.length)}${c}`);
  }
  if (plan.dataMode.stores.length > 0) {
    out.push('', `Writes (cutover.dataMode ${plan.dataMode.mode}, ${plan.dataMode.stores.join(', ')}):`);
    for (const row of plan.phaseTable) if (row.writes) out.push(`  phase ${row.phase} %: ${row.writes}`);
    out.push(`Rollback: ${plan.dataMode.rollback}.`);
  }
  const hostnames = hostnameLines(plan, newNames);
  if (hostnames.length > 0) out.push('', ...hostnames);
  if (plan.zoneSwaps.length > 0)
    out.push(
      `Phase 0 in the ${plan.zoneSwaps.length === 1 ? 'existing zone' : 'existing zones'} ` +
        `${plan.zoneSwaps.map((z) => z.domain).join(', ')}: the change batch creates those records and ` +
        'terraform import adopts them (once); the apply adds their health checks.',
    );
  if (plan.maxOldTtl > 0)
    out.push(
      `Before phase 1: wait out the old TTL (up to ${plan.maxOldTtl} s) after ${oldAnswersEnd(plan, 'since')}.`,
    );
  const steps = orderSteps(plan.manualSteps);
  if (steps.length > 0) out.push('', 'Manual steps:', ...steps.map((s) => `  - ${s.title}`));
  for (const w of warnings) out.push(`warning: ${w.message}`);
  return `${out.join('\n')}\n`;
}
