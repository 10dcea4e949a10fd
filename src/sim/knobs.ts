// Policy knobs are exported mutable globals. The host sees them as WebAssembly.Global values:
// i32 for bool/i8…u32/isize/usize, BigInt for i64/u64, numbers for f32/f64. These functions
// convert between that and the JSON-friendly values of --param and the run result.
import { InputError } from "../errors.ts";
import type { KnobInfo } from "./types.ts";

type KnobType = KnobInfo["type"];

const INT_RANGE: Partial<Record<KnobType, [number, number]>> = {
  i8: [-(2 ** 7), 2 ** 7 - 1],
  i16: [-(2 ** 15), 2 ** 15 - 1],
  i32: [-(2 ** 31), 2 ** 31 - 1],
  isize: [-(2 ** 31), 2 ** 31 - 1],
  u8: [0, 2 ** 8 - 1],
  u16: [0, 2 ** 16 - 1],
  u32: [0, 2 ** 32 - 1],
  usize: [0, 2 ** 32 - 1],
};
const F32_MAX = 3.4028234663852886e38;

function describeKnobs(policyName: string, knobs: KnobInfo[]): string {
  if (knobs.length === 0) return `policy ${policyName} has no knobs`;
  const list = knobs.map((k) => `${k.name} (${k.type}, default ${String(k.defaultValue)})`);
  return `knobs of ${policyName}: ${list.join(", ")}`;
}

/** Rejects unknown keys and out-of-range values before anything runs. */
export function validateParams(
  policyName: string,
  knobs: KnobInfo[],
  params: Record<string, number | boolean>,
): void {
  for (const [key, value] of Object.entries(params)) {
    const knob = knobs.find((k) => k.name === key);
    if (!knob) throw new InputError(`unknown knob "${key}"; ${describeKnobs(policyName, knobs)}`);
    toGlobalValue(knob, value);
  }
}

/** The value to store in the knob's WebAssembly.Global; InputError when it does not fit. */
export function toGlobalValue(knob: KnobInfo, value: number | boolean): number | bigint {
  const bad = (why: string) =>
    new InputError(`knob ${knob.name} (${knob.type}): ${why}, got ${JSON.stringify(value)}`);
  if (knob.type === "bool") {
    if (typeof value === "boolean") return value ? 1 : 0;
    if (value === 0 || value === 1) return value;
    throw bad("expected true or false");
  }
  const n = typeof value === "boolean" ? Number.NaN : value;
  if (typeof n !== "number" || !Number.isFinite(n)) throw bad("expected a number");
  if (knob.type === "f64") return n;
  if (knob.type === "f32") {
    if (Math.abs(n) > F32_MAX) throw bad(`out of range for f32 (±${F32_MAX})`);
    return n;
  }
  if (!Number.isInteger(n)) throw bad("expected an integer");
  if (knob.type === "i64" || knob.type === "u64") {
    const b = BigInt(n);
    const [lo, hi] = knob.type === "i64" ? [-(2n ** 63n), 2n ** 63n - 1n] : [0n, 2n ** 64n - 1n];
    if (b < lo || b > hi) throw bad(`out of range ${lo}..${hi}`);
    // The Global holds the raw 64 bits as a signed BigInt.
    return BigInt.asIntN(64, b);
  }
  const [lo, hi] = INT_RANGE[knob.type] as [number, number];
  if (n < lo || n > hi) throw bad(`out of range ${lo}..${hi}`);
  return n;
}

/** The knob's value in JSON terms (u64 read as unsigned; 64-bit values beyond 2^53 round). */
export function fromGlobalValue(type: KnobType, raw: unknown): number | boolean {
  if (type === "bool") return raw !== 0;
  if (typeof raw === "bigint") return Number(type === "u64" ? BigInt.asUintN(64, raw) : raw);
  if (type === "u32" || type === "usize") return (raw as number) >>> 0;
  return raw as number;
}

function knobGlobal(exports: WebAssembly.Exports, knob: KnobInfo): WebAssembly.Global {
  const g = exports[knob.name];
  if (!(g instanceof WebAssembly.Global)) {
    throw new Error(`knob ${knob.name} is not an exported global of the policy module`);
  }
  return g;
}

/** Sets `params` on the instance; returns every knob's value as the run will see it. */
export function applyKnobs(
  exports: WebAssembly.Exports,
  knobs: KnobInfo[],
  params: Record<string, number | boolean>,
): Record<string, number | boolean> {
  const effective: Record<string, number | boolean> = {};
  for (const knob of knobs) {
    const g = knobGlobal(exports, knob);
    if (Object.hasOwn(params, knob.name)) {
      try {
        g.value = toGlobalValue(knob, params[knob.name] as number | boolean);
      } catch (e) {
        if (e instanceof InputError) throw e;
        throw new InputError(`knob ${knob.name} cannot be set (${(e as Error).message})`);
      }
    }
    effective[knob.name] = fromGlobalValue(knob.type, g.value);
  }
  return effective;
}

/** Reads the defaults of the scanned knobs that the module really exports as globals. */
export function readKnobDefaults(
  exports: WebAssembly.Exports,
  scanned: { name: string; type: KnobType }[],
): KnobInfo[] {
  const out: KnobInfo[] = [];
  for (const k of scanned) {
    const g = exports[k.name];
    if (g instanceof WebAssembly.Global)
      out.push({ ...k, defaultValue: fromGlobalValue(k.type, g.value) });
  }
  return out;
}
