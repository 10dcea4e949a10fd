// A native workload (an already-parsed JSON value) → a checked Workload.

import { workloadSchema } from "./workloadSchema.ts";
import type { Workload } from "./workloadTypes.ts";
import { validateWorkload } from "./workloadValidate.ts";
import { throwIssues } from "./workloadZod.ts";

export interface ParseOptions {
  /** When known, CPU ids are checked against the machine. */
  ncpus?: number;
}

export function parseWorkload(json: unknown, file?: string, opts: ParseOptions = {}): Workload {
  const r = workloadSchema.safeParse(json);
  if (!r.success) throwIssues(r.error.issues, json, file);
  const w = r.data;
  if (w.name === "workload" && (json as { name?: unknown }).name === undefined && file)
    w.name = baseName(file);
  validateWorkload(w, { file, ncpus: opts.ncpus });
  return w;
}

/** `dir/my-load.json` → `my-load`. */
export function baseName(file: string): string {
  return (file.split(/[\\/]/).pop() ?? file).replace(/\.jsonc?$/i, "");
}
