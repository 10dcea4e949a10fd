// Trace records as the engine writes them (docs/internals.md "Records"), decoded for checks.

export const RUN = 1;
export const WAKE = 2;
export const MIGRATE = 3;
export const CREATE = 4;
export const EXIT = 5;
export const EJECT = 6;
export const PERF = 7;

export interface TraceRecord {
  kind: number;
  cpu: number;
  pid: number;
  aux: number;
  t0: number;
  t1: number;
}

export function decodeTrace(buf: ArrayBuffer): TraceRecord[] {
  const i32 = new Int32Array(buf);
  const f64 = new Float64Array(buf);
  const out: TraceRecord[] = [];
  for (let r = 0; r < buf.byteLength / 32; r++) {
    out.push({
      kind: i32[r * 8] as number,
      cpu: i32[r * 8 + 1] as number,
      pid: i32[r * 8 + 2] as number,
      aux: i32[r * 8 + 3] as number,
      t0: f64[r * 4 + 2] as number,
      t1: f64[r * 4 + 3] as number,
    });
  }
  return out;
}
