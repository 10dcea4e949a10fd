// Fixed-size binary records (trace, call log) kept in order in one growable buffer: step mode
// keeps them in the worker (src/sim/stepper.ts) and the page keeps its copy (web/lib/stepClient.ts).

/**
 * Fixed-size binary records appended in order, in one growable buffer (trace records, call-log
 * records). Past `limit` records they are counted as dropped, as a run does.
 */
export class RecordStore {
  private buf = new ArrayBuffer(0);
  private n = 0;
  dropped = 0;

  constructor(
    readonly recordBytes: number,
    private readonly limit = Number.POSITIVE_INFINITY,
  ) {}

  get count(): number {
    return this.n;
  }

  /** Appends whole records (a chunk read out of the engine or received from a worker). */
  append(chunk: ArrayBuffer): void {
    const k = Math.floor(chunk.byteLength / this.recordBytes);
    const keep = Math.max(0, Math.min(k, this.limit - this.n));
    this.dropped += k - keep;
    if (keep === 0) return;
    const need = (this.n + keep) * this.recordBytes;
    if (need > this.buf.byteLength) {
      const grown = new ArrayBuffer(Math.max(need, this.buf.byteLength * 2, 64 * this.recordBytes));
      new Uint8Array(grown).set(new Uint8Array(this.buf, 0, this.n * this.recordBytes));
      this.buf = grown;
    }
    new Uint8Array(this.buf, this.n * this.recordBytes).set(
      new Uint8Array(chunk, 0, keep * this.recordBytes),
    );
    this.n += keep;
  }

  /** Forgets records from index `n` on (after going back). */
  truncate(n: number): void {
    this.n = Math.max(0, Math.min(this.n, n));
  }

  clear(): void {
    this.n = 0;
    this.dropped = 0;
  }

  /** A copy of records [from, count) as its own buffer. */
  since(from = 0): ArrayBuffer {
    const a = Math.max(0, Math.min(from, this.n));
    return this.buf.slice(a * this.recordBytes, this.n * this.recordBytes);
  }

  /** The 32-bit word `word` of record `i` (the kind or call id is word 0, the pid word 2). */
  i32(i: number, word: number): number {
    return new DataView(this.buf).getInt32(i * this.recordBytes + word * 4, true);
  }
}
