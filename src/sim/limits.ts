// The bounds of a run (docs/safety.md): the budget of each callback, the module's memory, and
// how many trace and call-log records the host keeps. A RunRequest may set any of them
// (`limits`); the rest take these defaults.
import { InputError } from "../errors.ts";
import type { RunLimits } from "./types.ts";

/** Budget units per callback: about 1–5 ms of policy code, far above what a real policy needs. */
export const DEFAULT_BUDGET = 1_000_000;
/** The engine's counter is an i32. */
export const MAX_BUDGET = 2_000_000_000;
export const DEFAULT_MEMORY_MIB = 256;
/** wasm32 addresses 4 GiB. */
export const MAX_MEMORY_MIB = 4096;
/** 2^23 trace records: 256 MiB. */
export const DEFAULT_TRACE_RECORDS = 1 << 23;
/** 2^21 call-log records: 160 MiB. */
export const DEFAULT_LOG_RECORDS = 1 << 21;
/** 2^26 records of either kind (2 GiB of trace, 5 GiB of log) at most. */
export const MAX_RECORDS = 1 << 26;

export type ResolvedLimits = Required<RunLimits>;

/** The limits of a run with defaults filled in; a bad value is an InputError naming its field. */
export function resolveLimits(limits: RunLimits | undefined): ResolvedLimits {
  const l = limits ?? {};
  if (typeof l !== "object" || l === null || Array.isArray(l)) {
    throw new InputError("expected an object", { field: "limits" });
  }
  const known = new Set(["budget", "memoryMiB", "traceRecords", "logRecords"]);
  for (const k of Object.keys(l)) {
    if (!known.has(k)) {
      throw new InputError(`unknown limit; limits are ${[...known].join(", ")}`, {
        field: `limits.${k}`,
      });
    }
  }
  return {
    budget: int(l.budget, "budget", 1, MAX_BUDGET, DEFAULT_BUDGET),
    memoryMiB: int(l.memoryMiB, "memoryMiB", 1, MAX_MEMORY_MIB, DEFAULT_MEMORY_MIB),
    traceRecords: int(l.traceRecords, "traceRecords", 0, MAX_RECORDS, DEFAULT_TRACE_RECORDS),
    logRecords: int(l.logRecords, "logRecords", 0, MAX_RECORDS, DEFAULT_LOG_RECORDS),
  };
}

function int(v: unknown, name: string, min: number, max: number, dflt: number): number {
  if (v === undefined) return dflt;
  if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) {
    throw new InputError(`expected an integer from ${min} to ${max}, got ${JSON.stringify(v)}`, {
      field: `limits.${name}`,
    });
  }
  return v;
}
