/** `dropship validate [file]`: parse and validate; print diagnostics; exit 0 valid, 1 invalid. */
import { loadSpecFile } from '../../schema/load';
import { EXIT_INVALID, EXIT_OK } from '../exit';
import { printDiagnostics } from '../report';

export interface ValidateArgs {
  file: string;
  format: 'text' | 'json';
}

export function runValidate(args: ValidateArgs): number {
  const result = loadSpecFile(args.file);
  const diagnostics = result.ok ? result.warnings : result.diagnostics;
  printDiagnostics(diagnostics, args.format, result.ok);
  if (result.ok && args.format === 'text') {
    process.stdout.write(`${args.file}: valid (${result.spec.apps.length} apps)\n`);
  }
  return result.ok ? EXIT_OK : EXIT_INVALID;
}
