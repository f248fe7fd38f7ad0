// An error the analyst can fix: printed on stderr without a stack trace.
// Usage errors (flags) exit with 2, problems with the data with 1.
export class CliError extends Error {
  override readonly name = "CliError";
  readonly exitCode: 1 | 2;
  constructor(message: string, exitCode: 1 | 2 = 1) {
    super(message);
    this.exitCode = exitCode;
  }
}

export const usageError = (message: string) => new CliError(message, 2);
