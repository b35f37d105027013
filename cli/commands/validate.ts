/**
 * `dropship validate [file] [--format text|json|github]`: parse and validate; print every diagnostic. Exit 0
 * valid (warnings allowed), 1 invalid, 2 when the file cannot be read or is beyond what dropship reads (too
 * many nodes, aliases). Loads schema/ and the compiler's checks: never cdktf.
 */
import { loadSpecFile } from '../../schema/load';
import { isInputFailure } from '../../schema/load-result';
import { inputName } from '../../schema/read-text';
import { byPosition } from '../../schema/diagnostics';
import { checkSpec } from '../../compiler';
import { EXIT_INVALID, EXIT_OK, EXIT_USAGE } from '../exit';
import { diagnosticAnnotations, printDiagnostics } from '../report';

export interface ValidateArgs {
  file: string;
  /** github: workflow annotations on stdout (and the text report on stderr). */
  format: 'text' | 'json' | 'github';
}

export function runValidate(args: ValidateArgs): number {
  const result = loadSpecFile(args.file);
  // A valid spec also gets the compiler's checks, the same that run when plan, check or synth compile it, so
  // validate prints the warnings they print. No stack is rendered and nothing loads cdktf.
  const diagnostics = result.ok
    ? [...result.warnings, ...checkSpec(result.spec, { source: result.source })].sort(byPosition)
    : result.diagnostics;
  const valid = result.ok && !diagnostics.some((d) => d.severity === 'error');
  if (args.format === 'github') process.stdout.write(diagnosticAnnotations(diagnostics));
  printDiagnostics(diagnostics, args.format === 'json' ? 'json' : 'text', valid);
  if (!result.ok) return isInputFailure(diagnostics) ? EXIT_USAGE : EXIT_INVALID;
  if (!valid) return EXIT_INVALID;
  if (args.format !== 'json') {
    const s = result.spec;
    process.stdout.write(
      `${inputName(args.file)}: valid — ${s.apps.length} ${s.apps.length === 1 ? 'app' : 'apps'}, ` +
        `${s.databases.length} ${s.databases.length === 1 ? 'database' : 'databases'}, ` +
        `${s.caches.length} ${s.caches.length === 1 ? 'cache' : 'caches'}\n`,
    );
  }
  return EXIT_OK;
}
