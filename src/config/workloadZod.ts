// Glue between zod and the workload parsers: leaf values parsed by our own functions (so a
// duration says what a duration looks like), strict objects that list the fields they accept,
// and zod issues turned into one InputError that names the file and the field path.

import { z } from "zod";
import { InputError } from "../errors.ts";
import {
  describeValue,
  FieldError,
  type FieldPath,
  formatFieldPath,
} from "./workloadFieldError.ts";

/** A schema whose value is parsed by `parse`; its FieldError becomes an issue at the right path. */
export function leaf<T>(parse: (value: unknown) => T) {
  return z.unknown().transform((value, ctx): T => {
    try {
      return parse(value);
    } catch (e) {
      if (!(e instanceof FieldError)) throw e;
      ctx.addIssue({ code: "custom", message: e.message, path: [...e.path] });
      return z.NEVER;
    }
  });
}

/** An object that rejects unknown fields, naming the ones it accepts. */
export function strict<S extends z.core.$ZodLooseShape>(shape: S, what: string) {
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === "unrecognized_keys"
        ? `unknown field ${issue.keys.map((k) => JSON.stringify(k)).join(", ")} in ${what} (expected ${Object.keys(shape).join(", ")})`
        : undefined,
  });
}

export const name = (what: string) =>
  z
    .string({ error: (i) => `expected ${what}, got ${describeValue(i.input)}` })
    .min(1, `expected ${what}, got ""`);

/** Throws an InputError for the first issue (and says how many more there are). */
export function throwIssues(
  issues: readonly z.core.$ZodIssue[],
  input: unknown,
  file?: string,
): never {
  const first = issues[0] as z.core.$ZodIssue;
  const more =
    issues.length > 1
      ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? "s" : ""})`
      : "";
  // An unknown key is the field at fault, not the object that holds it.
  const path =
    first.code === "unrecognized_keys" && first.keys.length > 0
      ? [...(first.path as FieldPath), first.keys[0] as string]
      : (first.path as FieldPath);
  const field = formatFieldPath(path) || undefined;
  throw new InputError(issueMessage(first, valueAt(input, first.path as FieldPath)) + more, {
    file,
    field,
  });
}

// zod's own wording ("Invalid input: expected string, received number") is replaced by ours;
// a message a schema wrote itself is kept.
const ZOD_DEFAULT = /^(Invalid|Too small|Too big|Unrecognized)/;

function issueMessage(issue: z.core.$ZodIssue, actual: unknown): string {
  if (!ZOD_DEFAULT.test(issue.message)) return issue.message;
  switch (issue.code) {
    case "invalid_type":
      return `expected ${article(issue.expected)}, got ${describeValue(actual)}`;
    case "too_small":
    case "too_big": {
      const bound = issue.code === "too_small" ? issue.minimum : issue.maximum;
      const op =
        issue.code === "too_small" ? (issue.inclusive ? ">=" : ">") : issue.inclusive ? "<=" : "<";
      if (issue.origin === "array") {
        return `expected ${issue.code === "too_small" ? "at least" : "at most"} ${bound} item${bound === 1 ? "" : "s"}`;
      }
      if (issue.origin === "string")
        return `expected a non-empty string, got ${describeValue(actual)}`;
      return `expected a number ${op} ${bound}, got ${describeValue(actual)}`;
    }
    case "invalid_value":
      return `expected ${issue.values.map((v) => JSON.stringify(v)).join(" or ")}, got ${describeValue(actual)}`;
    case "invalid_key":
      return "expected a non-empty name as the key";
    default:
      return issue.message;
  }
}

function article(type: string): string {
  if (type === "int") return "an integer";
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function valueAt(input: unknown, path: FieldPath): unknown {
  let v = input;
  for (const key of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<string | number, unknown>)[key];
  }
  return v;
}
