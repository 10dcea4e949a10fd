// Errors the user can fix (bad options, files, fields) are InputErrors: the CLI prints them
// without a stack and exits with status 2. Anything else is an internal error (status 1).

export class InputError extends Error {
  /** The file at fault, when there is one. */
  readonly file?: string;
  /** Dotted/bracketed path of the field at fault, e.g. `groups[1].program[0].run`. */
  readonly field?: string;

  constructor(message: string, opts: { file?: string; field?: string } = {}) {
    const where = [opts.file, opts.field].filter(Boolean).join(": ");
    super(where ? `${where}: ${message}` : message);
    this.name = "InputError";
    this.file = opts.file;
    this.field = opts.field;
  }
}

export function isInputError(e: unknown): e is InputError {
  return e instanceof InputError;
}
