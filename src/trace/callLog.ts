// The `--log` output: one JSON object per line for every callback the engine made into the
// policy and every helper the policy called, in simulated order (CONTRACT.md `--log`).
// Value printing rules are in values.ts and docs/cli.md.

import { callSignature, valueJson } from "./callArgs.ts";

/** Bytes per call-log record (docs/internals.md "Records"). */
export const CALL_RECORD_BYTES = 80;
const MAX_ARGS = 6;

export interface CallRecord {
  id: number;
  cpu: number;
  /** −1 when no task is involved. */
  pid: number;
  nargs: number;
  t: bigint;
  ret: bigint;
  args: bigint[];
}

export interface CallLogLine {
  t_ns: number | string;
  cpu: number;
  call: string;
  pid?: number;
  args: Record<string, unknown>;
  ret: unknown;
}

export function callRecordCount(buf: ArrayBuffer): number {
  return Math.floor(buf.byteLength / CALL_RECORD_BYTES);
}

/** Every record in order. */
export function* callRecords(buf: ArrayBuffer): Generator<CallRecord> {
  const n = callRecordCount(buf);
  const i32 = new Int32Array(buf, 0, n * 20);
  const i64 = new BigInt64Array(buf, 0, n * 10);
  for (let r = 0; r < n; r++) {
    const nargs = Math.max(0, Math.min(i32[r * 20 + 3], MAX_ARGS));
    yield {
      id: i32[r * 20],
      cpu: i32[r * 20 + 1],
      pid: i32[r * 20 + 2],
      nargs,
      t: i64[r * 10 + 2],
      ret: i64[r * 10 + 3],
      args: Array.from(i64.subarray(r * 10 + 4, r * 10 + 4 + nargs)),
    };
  }
}

/** Encodes records the way the engine does (tests, tools). */
export function encodeCallRecords(recs: readonly Omit<CallRecord, "nargs">[]): ArrayBuffer {
  const buf = new ArrayBuffer(recs.length * CALL_RECORD_BYTES);
  const i32 = new Int32Array(buf);
  const i64 = new BigInt64Array(buf);
  recs.forEach((r, i) => {
    i32.set([r.id, r.cpu, r.pid, r.args.length], i * 20);
    i64[i * 10 + 2] = r.t;
    i64[i * 10 + 3] = r.ret;
    i64.set(
      r.args.slice(0, MAX_ARGS).map((a) => BigInt.asIntN(64, a)),
      i * 10 + 4,
    );
  });
  return buf;
}

/** One record as the contract's log object. */
export function callLogLine(rec: CallRecord): CallLogLine {
  const sig = callSignature(rec.id);
  const args: Record<string, unknown> = {};
  rec.args.forEach((raw, i) => {
    const named = sig.args[i];
    // Arguments beyond the known signature still show, so nothing the engine logs is lost.
    if (named) args[named[0]] = valueJson(named[1], raw);
    else args[`arg${i}`] = valueJson("u64", raw);
  });
  const t = BigInt.asUintN(64, rec.t);
  // Keys in the contract's order: t_ns, cpu, call, pid (only with a task), args, ret.
  return {
    t_ns: t <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(t) : t.toString(),
    cpu: rec.cpu,
    call: sig.name,
    ...(rec.pid >= 0 ? { pid: rec.pid } : {}),
    args,
    ret: sig.ret === "void" ? null : valueJson(sig.ret, rec.ret),
  };
}

/** The log as JSON Lines, one string per record, each ending in "\n". */
export function* callLogLines(buf: ArrayBuffer): Generator<string> {
  for (const rec of callRecords(buf)) yield `${JSON.stringify(callLogLine(rec))}\n`;
}

export async function writeCallLog(file: string, buf: ArrayBuffer): Promise<void> {
  // Imported here so that browsers can use this module without node:fs.
  const { writeChunks } = await import("./writeChunks.ts");
  await writeChunks(file, callLogLines(buf));
}
