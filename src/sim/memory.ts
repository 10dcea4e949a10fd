// Reading and writing the engine's linear memory. Views are made per access: a view over
// `memory.buffer` detaches as soon as the memory grows, which any engine call may do.

export function readF64s(memory: WebAssembly.Memory, ptr: number, n: number): Float64Array {
  if (ptr % 8 === 0) return new Float64Array(memory.buffer, ptr, n).slice();
  const out = new Float64Array(n);
  const dv = new DataView(memory.buffer, ptr, n * 8);
  for (let i = 0; i < n; i++) out[i] = dv.getFloat64(i * 8, true);
  return out;
}

export function writeF64s(memory: WebAssembly.Memory, ptr: number, data: Float64Array): void {
  if (ptr % 8 === 0) {
    new Float64Array(memory.buffer, ptr, data.length).set(data);
    return;
  }
  const dv = new DataView(memory.buffer, ptr, data.length * 8);
  for (let i = 0; i < data.length; i++) dv.setFloat64(i * 8, data[i] as number, true);
}

/** A copy of `nbytes` at `ptr`, as its own ArrayBuffer (transferable). */
export function readBytes(memory: WebAssembly.Memory, ptr: number, nbytes: number): ArrayBuffer {
  return new Uint8Array(memory.buffer, ptr, nbytes).slice().buffer;
}

const utf16 = new TextDecoder("utf-16le");

/** An AssemblyScript string: UTF-16LE, its byte length in the u32 just before `ptr`. */
export function readAsString(memory: WebAssembly.Memory, ptr: number): string {
  if (!ptr) return "";
  const buf = memory.buffer;
  if (ptr < 4 || ptr > buf.byteLength) return `<bad string pointer ${ptr}>`;
  const len = new DataView(buf).getUint32(ptr - 4, true);
  if (ptr + len > buf.byteLength) return `<bad string length ${len} at ${ptr}>`;
  return utf16.decode(new Uint8Array(buf, ptr, len & ~1));
}

/** Writes a string's UTF-16 code units (2 bytes each, little-endian) at `ptr`. */
export function writeUtf16(memory: WebAssembly.Memory, ptr: number, text: string): void {
  const dv = new DataView(memory.buffer, ptr, text.length * 2);
  for (let i = 0; i < text.length; i++) dv.setUint16(i * 2, text.charCodeAt(i), true);
}

/** Joins copied record chunks into one buffer. */
export function concatBuffers(parts: ArrayBuffer[]): ArrayBuffer {
  const total = parts.reduce((s, p) => s + p.byteLength, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(new Uint8Array(p), at);
    at += p.byteLength;
  }
  return out.buffer;
}
