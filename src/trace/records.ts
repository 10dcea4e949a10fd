// Decoding of the engine's binary trace records (docs/internals.md "Records"). Records stay in
// the engine's ArrayBuffer; readers walk them through typed-array views, one record at a time.

/** Bytes per trace record. */
export const TRACE_RECORD_BYTES = 32;

export const TraceKind = {
  RUN: 1,
  WAKE: 2,
  MIGRATE: 3,
  CREATE: 4,
  EXIT: 5,
  EJECT: 6,
  PERF: 7,
} as const;

/** Why a RUN stint ended (aux of a RUN record). */
export const STOP_REASONS = ["preempted", "blocked", "exited", "yielded", "run ended"] as const;

export function stopReason(aux: number): string {
  return STOP_REASONS[aux] ?? `unknown(${aux})`;
}

export interface TraceRecord {
  kind: number;
  cpu: number;
  pid: number;
  aux: number;
  t0: number;
  t1: number;
}

/** Number of whole records in a buffer. */
export function traceRecordCount(buf: ArrayBuffer): number {
  return Math.floor(buf.byteLength / TRACE_RECORD_BYTES);
}

/** Every record in order; the yielded object is reused, so copy it if you keep it. */
export function* traceRecords(buf: ArrayBuffer): Generator<TraceRecord> {
  const n = traceRecordCount(buf);
  const i32 = new Int32Array(buf, 0, n * 8);
  const f64 = new Float64Array(buf, 0, n * 4);
  const rec: TraceRecord = { kind: 0, cpu: 0, pid: 0, aux: 0, t0: 0, t1: 0 };
  for (let r = 0; r < n; r++) {
    rec.kind = i32[r * 8];
    rec.cpu = i32[r * 8 + 1];
    rec.pid = i32[r * 8 + 2];
    rec.aux = i32[r * 8 + 3];
    rec.t0 = f64[r * 4 + 2];
    rec.t1 = f64[r * 4 + 3];
    yield rec;
  }
}

/** Encodes records the way the engine does (for tests and tools that synthesise traces). */
export function encodeTraceRecords(recs: readonly TraceRecord[]): ArrayBuffer {
  const buf = new ArrayBuffer(recs.length * TRACE_RECORD_BYTES);
  const i32 = new Int32Array(buf);
  const f64 = new Float64Array(buf);
  recs.forEach((r, i) => {
    i32.set([r.kind, r.cpu, r.pid, r.aux], i * 8);
    f64[i * 4 + 2] = r.t0;
    f64[i * 4 + 3] = r.t1;
  });
  return buf;
}
