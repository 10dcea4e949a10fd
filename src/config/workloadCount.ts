// Task counts that follow the machine: a workload meant for any machine says `"count": "ncpus"`
// (one task per CPU) or `"2*ncpus"`, `"ncpus/4"`, `"ncpus-1"`. The expression is kept symbolic and
// resolved when the workload is encoded for a machine: floor(ncpus × scale + offset), at least 0.

import { describeValue, FieldError } from "./workloadFieldError.ts";

export type Count = number | { ncpus: number; plus: number };

const EXPRESSION =
  /^\s*(?:(\d+(?:\.\d+)?)\s*\*\s*)?ncpus\s*(?:\/\s*(\d+(?:\.\d+)?))?\s*(?:([+-])\s*(\d+))?\s*$/;

/** Parses a count: a non-negative integer or an `ncpus` expression; throws FieldError. */
export function count(value: unknown): Count {
  if (typeof value === "number") {
    if (Number.isSafeInteger(value) && value >= 0) return value;
  } else if (typeof value === "string") {
    const m = EXPRESSION.exec(value);
    if (m) {
      const scale = Number(m[1] ?? 1) / Number(m[2] ?? 1);
      const plus = m[3] === "-" ? -Number(m[4]) : Number(m[4] ?? 0);
      if (Number.isFinite(scale) && scale > 0) return { ncpus: scale, plus };
    }
  }
  throw new FieldError(
    `expected a count: an integer >= 0 or an expression of ncpus ("ncpus", "2*ncpus", "ncpus/2", "ncpus-1"), got ${describeValue(value)}`,
  );
}

/** The number of tasks (or participants…) a count means on a machine with `ncpus` CPUs. */
export function resolveCount(c: Count, ncpus: number): number {
  if (typeof c === "number") return c;
  return Math.max(0, Math.floor(ncpus * c.ncpus + 1e-9) + c.plus);
}

/** The count as a user would write it, for messages and docs. */
export function formatCount(c: Count): string {
  if (typeof c === "number") return String(c);
  const scaled =
    c.ncpus === 1 ? "ncpus" : c.ncpus > 1 ? `${c.ncpus}*ncpus` : `ncpus/${1 / c.ncpus}`;
  return c.plus === 0 ? scaled : `${scaled}${c.plus > 0 ? "+" : "-"}${Math.abs(c.plus)}`;
}
