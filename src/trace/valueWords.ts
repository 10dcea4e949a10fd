// Argument values of the call log in words, as the event log and the task inspector say them:
// flags by the kernel's names, durations in their shortest spelling, DSQ ids by the policy's own
// constant names where its source has them.
import type { ValueKind } from "./callArgs.ts";
import { dsqJson, s32Json, u32Json, u64Json } from "./values.ts";

/** Flag names by argument name (the kernel's SCX_* constants, prefix dropped). */
const FLAG_NAMES: Record<string, [bigint, string][]> = {
  enq_flags: [
    [0x1n, "WAKEUP"],
    [0x10000n, "HEAD"],
    [0x100000n, "CPU_SELECTED"],
    [1n << 32n, "PREEMPT"],
    [1n << 40n, "REENQ"],
    [1n << 41n, "LAST"],
  ],
  wake_flags: [
    [0x4n, "FORK"],
    [0x8n, "TTWU"],
    [0x10n, "SYNC"],
  ],
  deq_flags: [
    [0x1n, "SLEEP"],
    [1n << 32n, "CORE_SCHED_EXEC"],
    [1n << 33n, "SCHED_CHANGE"],
  ],
};

/** `WAKEUP|CPU_SELECTED`; bits without a name in hex; 0 as 0. */
export function flagWords(arg: string, raw: bigint): string {
  const names = FLAG_NAMES[arg];
  let v = BigInt.asUintN(64, raw);
  if (!names || v === 0n) return String(u64Json(v));
  const parts: string[] = [];
  for (const [bit, name] of names) {
    if ((v & bit) !== 0n) {
      parts.push(name);
      v &= ~bit;
    }
  }
  if (v !== 0n) parts.push(`0x${v.toString(16)}`);
  return parts.join("|");
}

/** `5ms`, `1.5ms`, `250us`, `SCX_SLICE_INF`: the shortest spelling. */
export function durationWords(ns: number): string {
  if (!Number.isFinite(ns)) return String(ns);
  const a = Math.abs(ns);
  if (a >= 1e9) return `${+(ns / 1e9).toPrecision(6)}s`;
  if (a >= 1e6) return `${+(ns / 1e6).toPrecision(6)}ms`;
  if (a >= 1e3) return `${+(ns / 1e3).toPrecision(6)}us`;
  return `${ns}ns`;
}

export function valueWords(
  name: string,
  kind: ValueKind,
  raw: bigint,
  task: (pid: number) => string,
  dsqNames?: ReadonlyMap<number | string, string>,
): string {
  switch (kind) {
    case "dsq": {
      const id = dsqJson(raw);
      return dsqNames?.get(id) ?? String(id);
    }
    case "slice": {
      const v = BigInt.asUintN(64, raw);
      return v === (1n << 64n) - 1n ? "SCX_SLICE_INF" : durationWords(Number(v));
    }
    case "pid":
      return task(s32Json(raw));
    case "bool":
      return raw !== 0n ? "true" : "false";
    case "s32":
      return String(s32Json(raw));
    case "u32":
      return String(u32Json(raw));
    case "u64":
      return FLAG_NAMES[name] ? flagWords(name, raw) : String(u64Json(raw));
    default:
      return String(u64Json(raw));
  }
}

/**
 * Names of the policy's own DSQs from its source: integer constants whose name mentions DSQ or
 * QUEUE (`const SHARED_DSQ: u64 = 0;`), by id.
 */
export function dsqNamesFromSource(source: string): Map<number | string, string> {
  const out = new Map<number | string, string>();
  const re =
    /\b(?:const|let)\s+([A-Za-z_][A-Za-z0-9_]*)\s*(?::\s*[a-z0-9]+\s*)?=\s*(0x[0-9a-fA-F_]+|\d[\d_]*)\s*;/g;
  for (const m of source.matchAll(re)) {
    const name = m[1] as string;
    if (!/DSQ|QUEUE/i.test(name)) continue;
    const value = BigInt((m[2] as string).replaceAll("_", ""));
    const id = dsqJson(value);
    if (!out.has(id)) out.set(id, name);
  }
  return out;
}
