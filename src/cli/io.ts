// Where the CLI writes. Commands take an Io instead of touching process.stdout, so tests run
// them in-process and read what they printed.

export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** stderr is a terminal (bench draws a progress bar there); absent = no. */
  readonly errIsTTY?: boolean;
  /** Width of that terminal. */
  readonly errColumns?: number;
}

export const processIo: Io = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  errIsTTY: process.stderr.isTTY === true,
  get errColumns() {
    return process.stderr.columns;
  },
};

/** An Io that keeps everything (for tests). */
export function memoryIo(): Io & { stdout: string; stderr: string } {
  const io = {
    stdout: "",
    stderr: "",
    out(text: string) {
      io.stdout += text;
    },
    err(text: string) {
      io.stderr += text;
    },
  };
  return io;
}
