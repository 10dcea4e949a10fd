// How raw 64-bit values from the engine are printed in JSON. JSON numbers are doubles, so a
// u64 above 2^53 would silently lose digits: such values are printed as decimal strings, and the
// kernel's special values (built-in DSQ ids, SCX_SLICE_INF) by their symbolic names.

const TWO_53 = 2n ** 53n;
const BUILTIN = 1n << 63n;
const LOCAL_ON = 1n << 62n;
const U64_MAX = (1n << 64n) - 1n;

/** Unsigned 64-bit value: a number when exact, else its decimal string. */
export function u64Json(raw: bigint): number | string {
  const v = BigInt.asUintN(64, raw);
  return v < TWO_53 ? Number(v) : v.toString();
}

/** Signed 64-bit value: a number when exact, else its decimal string. */
export function s64Json(raw: bigint): number | string {
  const v = BigInt.asIntN(64, raw);
  return v < TWO_53 && v > -TWO_53 ? Number(v) : v.toString();
}

/** Signed 32-bit value; the engine may store it sign- or zero-extended, the low word decides. */
export function s32Json(raw: bigint): number {
  return Number(BigInt.asIntN(32, raw));
}

export function u32Json(raw: bigint): number {
  return Number(BigInt.asUintN(32, raw));
}

/** A DSQ id: built-in queues by the kernel's name (`SCX_DSQ_LOCAL_ON|3`), user DSQs as numbers. */
export function dsqJson(raw: bigint): number | string {
  const v = BigInt.asUintN(64, raw);
  if ((v & BUILTIN) === 0n) return u64Json(v);
  if ((v & LOCAL_ON) !== 0n) return `SCX_DSQ_LOCAL_ON|${Number(v & 0xffffffffn)}`;
  switch (v) {
    case BUILTIN:
      return "SCX_DSQ_INVALID";
    case BUILTIN | 1n:
      return "SCX_DSQ_GLOBAL";
    case BUILTIN | 2n:
      return "SCX_DSQ_LOCAL";
    case BUILTIN | 3n:
      return "SCX_DSQ_BYPASS";
    default:
      return `0x${v.toString(16)}`;
  }
}

/** A slice: SCX_SLICE_INF (u64 max) by name, anything else as a u64. */
export function sliceJson(raw: bigint): number | string {
  return BigInt.asUintN(64, raw) === U64_MAX ? "SCX_SLICE_INF" : u64Json(raw);
}

/** A task argument: its pid, or null for none (−1 or 0). */
export function pidJson(raw: bigint): number | null {
  const v = s32Json(raw);
  return v > 0 ? v : null;
}

/** A cpumask argument: the bitmap of its first 64 CPUs in hex (a log line cannot hold more). */
export function cpumaskJson(raw: bigint): string {
  return `0x${BigInt.asUintN(64, raw).toString(16)}`;
}
