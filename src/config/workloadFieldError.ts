// A problem found inside one value, with the path *relative to that value*. Leaf parsers
// (durations, distributions, counts, rt-app values) throw it; the caller knows where the value
// sits in the file and turns it into a zod issue or an InputError with the full field path.

import { InputError } from "../errors.ts";

export type FieldPath = readonly (string | number)[];

export class FieldError extends Error {
  readonly path: FieldPath;

  constructor(message: string, path: FieldPath = []) {
    super(message);
    this.name = "FieldError";
    this.path = path;
  }

  /** The same problem one level further out: `inner.at("uniform", 1)`. */
  under(...prefix: FieldPath): FieldError {
    return new FieldError(this.message, [...prefix, ...this.path]);
  }
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** `["groups", 1, "program", 0, "run"]` → `groups[1].program[0].run`; odd keys are quoted. */
export function formatFieldPath(path: FieldPath): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else if (IDENTIFIER.test(part)) out += out === "" ? part : `.${part}`;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out;
}

/** Joins a base field (already formatted) and a relative path. */
export function joinFieldPath(base: string | undefined, path: FieldPath): string | undefined {
  const rest = formatFieldPath(path);
  if (!base) return rest || undefined;
  if (!rest) return base;
  return rest.startsWith("[") ? base + rest : `${base}.${rest}`;
}

/** Runs a leaf parser and reports its FieldError as an InputError at `field` of `file`. */
export function atField<T>(parse: () => T, where: { file?: string; field?: string }): T {
  try {
    return parse();
  } catch (e) {
    if (e instanceof FieldError) {
      throw new InputError(e.message, {
        file: where.file,
        field: joinFieldPath(where.field, e.path),
      });
    }
    throw e;
  }
}

/** How a value looks in a message: short, JSON-like. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  const text = JSON.stringify(value);
  if (text === undefined) return String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
