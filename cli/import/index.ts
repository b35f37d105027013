/**
 * `dropship import`: DigitalOcean exports (doctl `-o json` arrays or API v2 bodies) → migration.yaml.
 * Pure apart from reading the inputs: the caller decides where the text goes.
 */
import { loadSpecText, readSpecText } from '../../schema/load';
import { ResourceName } from '../../schema/spec';
import { emitMigration } from './assemble';
import { collect } from './collect';
import { buildDraft } from './draft';
import { ImportError, Warnings } from './errors';
import { buildInventory, type DomainOptions } from './inventory';
import { knownNames, mergeInventory } from './merge';
import { listInputFiles, readInputFile } from './read';
import { finishFreshSpaces } from './storage';

export { ImportError } from './errors';

export interface ImportOptions {
  /** Files and folders (every *.json inside, not recursive). */
  inputs: string[];
  /** `--domain example.com=records.json` or `--domain example.com`. */
  domains?: string[];
  project?: string;
  environment?: string;
  /** Merge mode: refresh the digitalocean block of this existing migration.yaml. */
  into?: string;
  /** Merge mode: write even when the merged file no longer validates. */
  force?: boolean;
  /** Merge mode: the text of `into` as the caller already read it (under its edit lock). */
  intoText?: string;
  /** A new draft's first line points editors at this JSON Schema (`# yaml-language-server: $schema=`). */
  schema?: string;
}

export interface ImportResult {
  text: string;
  warnings: string[];
  /**
   * Errors the file was written despite: those --force let through a refresh, and those about what its parts
   * would become on AWS (validationProblems), which the user settles in the file or the account.
   */
  problems: string[];
  /** Merge mode: the kinds the input named and were rewritten, and those kept as the file has them. */
  refreshed?: string[];
  kept?: string[];
}

export const DEFAULT_PROJECT = 'myproject';
export const DEFAULT_ENVIRONMENT = 'production';

export function importInventory(options: ImportOptions): ImportResult {
  const project = options.project ?? DEFAULT_PROJECT;
  const environment = options.environment ?? DEFAULT_ENVIRONMENT;
  checkName('--project', project, 20);
  checkName('--environment', environment, 12);
  const domainOptions = parseDomainOptions(options.domains ?? []);
  const existing = options.into !== undefined ? (options.intoText ?? readExisting(options.into)) : undefined;

  const warnings = new Warnings();
  const files = listInputFiles(options.inputs).map(readInputFile);
  const raw = collect(files, warnings);
  const known = existing !== undefined ? knownNames(existing) : undefined;
  const inventory = buildInventory(raw, domainOptions, warnings, known);

  if (options.into !== undefined && existing !== undefined) {
    const { text, refreshed, kept } = mergeInventory(
      existing,
      options.into,
      inventory,
      inventory.comments,
      warnings,
    );
    const { blocking, advisory } = validationProblems(text, options.into);
    const problems = [...blocking, ...advisory];
    if (blocking.length && !options.force)
      throw new ImportError(
        `${options.into}: after refreshing its digitalocean: section the file no longer validates; nothing written:\n` +
          blocking.map((p) => `  ${p}`).join('\n') +
          '\n  hint: update the references in the rest of the file (a droplet or database renamed or gone), or pass --force to write it anyway',
      );
    return { text, warnings: warnings.items, problems, refreshed, kept };
  }

  finishFreshSpaces(inventory, warnings);
  const draft = buildDraft(raw, inventory, { project, environment });
  const text = emitMigration(inventory, draft, {
    project,
    environment,
    projectIsPlaceholder: options.project === undefined,
    files: files.map((f) => f.file),
    schema: options.schema,
  });
  const { blocking, advisory } = validationProblems(text, undefined);
  // DigitalOcean data dropship cannot express (or a dropship bug): say which value, write nothing.
  if (blocking.length)
    throw new ImportError(
      'the imported inventory does not make a valid migration.yaml; nothing written:\n' +
        blocking.map((p) => `  ${p}`).join('\n') +
        '\n  hint: the path names the offending value; if DigitalOcean really reports it, please report this as a dropship bug',
    );
  return { text, warnings: warnings.items, problems: advisory };
}

/**
 * Errors of the result; located in `file` when it exists, else by spec path only (the text is unwritten).
 * Blocking: the file does not hold together. Advisory: it does, and only what its parts would become on AWS
 * is refused (a CAA record that keeps ACM out, a database size with no RDS class): the inventory says so
 * truly, and the user settles it in the file or the account, so the file is written and the errors listed.
 */
function validationProblems(
  text: string,
  file: string | undefined,
): { blocking: string[]; advisory: string[] } {
  const result = loadSpecText(text, file ?? 'migration.yaml');
  if (result.ok) return { blocking: [], advisory: [] };
  const problems = result.diagnostics
    .filter((d) => d.severity === 'error')
    .map((d) =>
      file === undefined
        ? `${d.path || '(top level)'}: ${d.message}`
        : `${d.file}:${d.line}:${d.column}: ${d.message}${d.path ? ` (at ${d.path})` : ''}`,
    );
  return result.consistent ? { blocking: [], advisory: problems } : { blocking: problems, advisory: [] };
}

/** The file to refresh, read with the same bound and checks as every spec (a read error is exit 2). */
function readExisting(file: string): string {
  const read = readSpecText(file);
  if (!read.ok) {
    const reason = read.diagnostic.message.replace(/^cannot read .*?: /, '');
    throw new ImportError(
      `${file}: cannot read: ${reason === 'file not found' ? 'no such file' : reason}`,
      2,
    );
  }
  return read.text;
}

function checkName(flag: string, value: string, max: number): void {
  if (!ResourceName.safeParse(value).success || value.length > max)
    throw new ImportError(
      `${flag} ${JSON.stringify(value)}: expected lowercase letters, digits and hyphens, starting with a letter, at most ${max} characters`,
      2,
    );
}

function parseDomainOptions(values: string[]): DomainOptions {
  const options: DomainOptions = { files: new Map(), names: [] };
  for (const value of values) {
    const eq = value.indexOf('=');
    const domain = (eq < 0 ? value : value.slice(0, eq)).toLowerCase().replace(/\.$/, '');
    if (!/^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(domain))
      throw new ImportError(
        `--domain ${value}: expected <domain>=<records file> or <domain>, e.g. example.com=records.json`,
        2,
      );
    if (eq < 0) options.names.push(domain);
    else options.files.set(value.slice(eq + 1), domain);
  }
  return options;
}
