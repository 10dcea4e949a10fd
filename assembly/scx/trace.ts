// Trace records (timeline, Perfetto) and the call log (`--log`), written as fixed-size binary
// records into buffers the host drains between chunks (docs/internals.md "Records").

import { now } from "./clock";

export const TR_RUN = 1;
export const TR_WAKE = 2;
export const TR_MIGRATE = 3;
export const TR_CREATE = 4;
export const TR_EXIT = 5;
export const TR_EJECT = 6;
export const TR_PERF = 7;

export const STOP_PREEMPT = 0;
export const STOP_BLOCK = 1;
export const STOP_EXIT = 2;
export const STOP_YIELD = 3;
export const STOP_END = 4;

const TRACE_REC = 32;
const LOG_REC = 80;
const TRACE_CAP = 65536;
const LOG_CAP = 16384;

export let traceOn: bool = false;
export let logOn: bool = false;
let traceBuf: usize = 0;
let traceCount: i32 = 0;
let logBuf: usize = 0;
let logCount: i32 = 0;

export function traceSetup(trace: bool, log: bool): void {
  traceOn = trace;
  logOn = log;
  if (trace && traceBuf == 0) traceBuf = heap.alloc(TRACE_CAP * TRACE_REC);
  if (log && logBuf == 0) logBuf = heap.alloc(LOG_CAP * LOG_REC);
  traceCount = 0;
  logCount = 0;
}

/** A buffer is full: the run loop returns so the host can drain it. */
export function buffersFull(): bool {
  return (traceOn && traceCount >= TRACE_CAP - 256) || (logOn && logCount >= LOG_CAP - 512);
}

export function tracePtr(): usize {
  return traceBuf;
}
export function traceLen(): i32 {
  return traceCount;
}
export function traceClear(): void {
  traceCount = 0;
}
export function logPtr(): usize {
  return logBuf;
}
export function logLen(): i32 {
  return logCount;
}
export function logClear(): void {
  logCount = 0;
}

// Inlined to a test of `traceOn` at each call site: most runs record nothing.
// @ts-ignore: decorator
@inline
export function trace(kind: i32, cpu: i32, pid: i32, aux: i32, t0: i64, t1: i64): void {
  if (traceOn) traceWrite(kind, cpu, pid, aux, t0, t1);
}

function traceWrite(kind: i32, cpu: i32, pid: i32, aux: i32, t0: i64, t1: i64): void {
  if (traceCount >= TRACE_CAP) return;
  const p = traceBuf + <usize>traceCount * TRACE_REC;
  store<i32>(p, kind);
  store<i32>(p, cpu, 4);
  store<i32>(p, pid, 8);
  store<i32>(p, aux, 12);
  store<f64>(p, <f64>t0, 16);
  store<f64>(p, <f64>t1, 24);
  traceCount++;
}

/** Appends a call-log record and returns its address (to fill in `ret` later), or 0. */
export function logCall(id: i32, cpu: i32, pid: i32, nargs: i32, a0: u64, a1: u64, a2: u64, a3: u64, a4: u64): usize {
  if (!logOn || logCount >= LOG_CAP) return 0;
  const p = logBuf + <usize>logCount * LOG_REC;
  store<i32>(p, id);
  store<i32>(p, cpu, 4);
  store<i32>(p, pid, 8);
  store<i32>(p, nargs, 12);
  store<i64>(p, now, 16);
  store<i64>(p, 0, 24);
  store<u64>(p, a0, 32);
  store<u64>(p, a1, 40);
  store<u64>(p, a2, 48);
  store<u64>(p, a3, 56);
  store<u64>(p, a4, 64);
  store<u64>(p, 0, 72);
  logCount++;
  return p;
}

// @ts-ignore: decorator
@inline
export function logRet(rec: usize, ret: u64): void {
  if (rec != 0) store<u64>(rec, ret, 24);
}
