/**
 * Commands run in process (`runPlan`, `runImport`, `runCutover`, …) print to process.stdout/stderr and
 * return their exit code: this runs one with both streams captured (nothing reaches the test's output).
 */

export interface CapturedRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `command` with stdout and stderr captured; the streams are restored even when it throws. */
export function captureOutput(command: () => number): CapturedRun {
  let stdout = '';
  let stderr = '';
  const out = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  const err = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  try {
    const code = command();
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}
