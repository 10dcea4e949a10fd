// A policy that does not compile is the user's to fix: an InputError (CLI exit status 2) whose
// message lists the compiler's errors as `file:line:column error TScode: message`.
import { InputError } from "../errors.ts";

export interface CompileDiagnostic {
  /** The file as the user knows it (e.g. `my.ts`), or `scx/<file>.ts` for engine files. */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units. */
  column: number;
  message: string;
  /** The compiler's code: TS2304, AS200, … (the number only). */
  code: number;
}

export function formatDiagnostic(d: CompileDiagnostic): string {
  const prefix = d.code < 1000 ? "AS" : "TS";
  return `${d.file}:${d.line}:${d.column} error ${prefix}${d.code}: ${d.message}`;
}

export class PolicyCompileError extends InputError {
  /** Errors located in the policy file. */
  readonly diagnostics: CompileDiagnostic[];
  /** Errors elsewhere (engine files, no location): shown only when the policy file has none. */
  readonly otherDiagnostics: CompileDiagnostic[];

  constructor(
    diagnostics: CompileDiagnostic[],
    otherDiagnostics: CompileDiagnostic[] = [],
    fallback = "",
  ) {
    const shown = diagnostics.length > 0 ? diagnostics : otherDiagnostics;
    const lines = shown.map(formatDiagnostic);
    super(lines.length > 0 ? lines.join("\n") : fallback || "the policy failed to compile");
    this.name = "PolicyCompileError";
    this.diagnostics = diagnostics;
    this.otherDiagnostics = otherDiagnostics;
  }
}
