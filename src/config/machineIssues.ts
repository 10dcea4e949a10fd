// Problems found in a machine file, and how they reach the user: as an InputError naming the
// file and the field path (`cpus[3].capacity`) with what was expected and what was there.

import type { core } from "zod";
import { InputError } from "../errors.ts";

export type FieldPath = (string | number)[];

export interface MachineIssue {
  path: FieldPath;
  /** Says what was wrong or expected; the value found is appended when useful. */
  message: string;
}

/** `["cpus", 3, "capacity"]` → `cpus[3].capacity`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? String(key) : `.${String(key)}`;
  }
  return out;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const key of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** A short rendering of what the file had, so a message shows the offending value. */
function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  const json = JSON.stringify(value);
  if (json === undefined) return String(value);
  return json.length > 40 ? `${json.slice(0, 37)}...` : json;
}

/** Turns zod's issues into ours, pointing unknown keys at the key itself. */
export function issuesFromZod(issues: readonly core.$ZodIssue[], input: unknown): MachineIssue[] {
  const out: MachineIssue[] = [];
  for (const issue of issues) {
    const path = issue.path.map((k) => (typeof k === "symbol" ? String(k) : k));
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) out.push({ path: [...path, key], message: "unknown field" });
      continue;
    }
    const value = valueAt(input, path);
    const message =
      value === undefined
        ? `missing (${issue.message})`
        : `${issue.message}, got ${describe(value)}`;
    out.push({ path, message });
  }
  return out;
}

/** Throws the first issue (with its path as the InputError's field) and mentions the rest. */
export function throwIssues(issues: readonly MachineIssue[], file?: string): never {
  const [first, ...rest] = issues;
  if (!first) throw new Error("throwIssues called without issues");
  const shown = rest
    .slice(0, 4)
    .map((i) => `\n  also ${formatPath(i.path) || "(top)"}: ${i.message}`);
  const more = rest.length > 4 ? `\n  and ${rest.length - 4} more` : "";
  const field = formatPath(first.path) || undefined;
  throw new InputError(`${first.message}${shown.join("")}${more}`, { file, field });
}
