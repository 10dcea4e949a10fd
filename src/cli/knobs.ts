// Checks --param values against a policy's knobs (its exported mutable globals) before the
// run, so a typo or a wrong type is an argument error that lists what the policy offers.

import { InputError } from "../errors.ts";
import type { CompiledPolicy, KnobInfo } from "../sim/types.ts";

type Value = number | boolean;

const INT_RANGE: Partial<Record<KnobInfo["type"], [number, number]>> = {
  i8: [-(2 ** 7), 2 ** 7 - 1],
  i16: [-(2 ** 15), 2 ** 15 - 1],
  i32: [-(2 ** 31), 2 ** 31 - 1],
  i64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  isize: [-(2 ** 31), 2 ** 31 - 1],
  u8: [0, 2 ** 8 - 1],
  u16: [0, 2 ** 16 - 1],
  u32: [0, 2 ** 32 - 1],
  u64: [0, Number.MAX_SAFE_INTEGER],
  usize: [0, 2 ** 32 - 1],
};

/** "slice_ns (u64, default 20000000), fifo_sched (bool, default false)" or "none". */
export function describeKnobs(policy: CompiledPolicy): string {
  if (policy.knobs.length === 0) return "none";
  return policy.knobs.map((k) => `${k.name} (${k.type}, default ${k.defaultValue})`).join(", ");
}

/** A value converted to the knob's type, or an InputError naming the knob. */
function coerce(knob: KnobInfo, value: Value): Value {
  const where = `--param ${knob.name}`;
  if (knob.type === "bool") {
    if (typeof value === "boolean") return value;
    if (value === 0 || value === 1) return value === 1;
    throw new InputError(`${where}: expected true or false for a bool knob, got ${value}`);
  }
  if (typeof value === "boolean") {
    throw new InputError(`${where}: expected a number for a ${knob.type} knob, got ${value}`);
  }
  const range = INT_RANGE[knob.type];
  if (range && !(Number.isInteger(value) && value >= range[0] && value <= range[1])) {
    throw new InputError(
      `${where}: expected an integer from ${range[0]} to ${range[1]} for a ${knob.type} knob, got ${value}`,
    );
  }
  return value;
}

/**
 * Every knob of the policy with its value for this run: the default, or the --param given.
 * With `lenient`, params the policy lacks are skipped (compare: a knob may belong to only some
 * of the policies); otherwise they are an error that lists the knobs.
 */
export function resolveKnobs(
  policy: CompiledPolicy,
  params: Record<string, Value>,
  lenient = false,
): Record<string, Value> {
  const out: Record<string, Value> = {};
  for (const k of policy.knobs) out[k.name] = k.defaultValue;
  for (const [key, value] of Object.entries(params)) {
    const knob = policy.knobs.find((k) => k.name === key);
    if (knob) out[key] = coerce(knob, value);
    else if (!lenient) {
      throw new InputError(
        `--param ${key}: policy "${policy.name}" has no knob "${key}"; its knobs: ${describeKnobs(policy)}`,
      );
    }
  }
  return out;
}

/** compare: each --param must name a knob of at least one of the policies. */
export function checkParamsKnown(policies: CompiledPolicy[], params: Record<string, Value>): void {
  for (const key of Object.keys(params)) {
    if (policies.some((p) => p.knobs.some((k) => k.name === key))) continue;
    const lists = policies.map((p) => `${p.name}: ${describeKnobs(p)}`).join("; ");
    throw new InputError(`--param ${key}: no policy has a knob "${key}" (knobs — ${lists})`);
  }
}
