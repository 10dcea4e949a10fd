// --param for compare and bench: KEY=VALUE, or KEY=V1,V2,… to sweep a knob (the values expand
// into the matrix). A value is true/false, a number (50_000, 1e6), or — for knobs whose name
// ends in `_ns` — a duration with a unit (50us, 1ms, 1.5s), converted to integer nanoseconds.

import { parseDuration, parseKnobValue } from "../cli/values.ts";
import { InputError } from "../errors.ts";

export type KnobValue = number | boolean;

export interface ParsedParams {
  /** Knobs given one value. */
  params: Record<string, KnobValue>;
  /** Knobs given several values (a sweep), in the order given, without repeats. */
  sweep: Record<string, KnobValue[]>;
}

const WITH_UNIT = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(ns|us|µs|ms|s)\s*$/;

/** One value of KEY: a knob value, or a duration for a `*_ns` knob. */
export function parseParamValue(key: string, text: string): KnobValue {
  if (WITH_UNIT.test(text)) {
    if (!/_ns$/.test(key)) {
      throw new InputError(
        `--param ${key}: ${JSON.stringify(text.trim())} is a duration; durations are accepted only for knobs whose name ends in _ns (give a plain number)`,
      );
    }
    return parseDuration(`--param ${key}`, text);
  }
  const value = parseKnobValue(text);
  if (value === undefined) {
    throw new InputError(
      `--param ${key}: value ${JSON.stringify(text)} is not a number, true/false${/_ns$/.test(key) ? " or a duration" : ""}`,
    );
  }
  return value;
}

/** Repeated --param items → single values and sweeps. A later item for a key replaces an earlier one. */
export function parseParamItems(items: readonly string[]): ParsedParams {
  const params: Record<string, KnobValue> = {};
  const sweep: Record<string, KnobValue[]> = {};
  for (const item of items) {
    const eq = item.indexOf("=");
    const key = eq > 0 ? item.slice(0, eq).trim() : "";
    if (!key) throw new InputError(`--param ${JSON.stringify(item)}: expected KEY=VALUE`);
    const texts = item.slice(eq + 1).split(",");
    if (texts.some((t) => t.trim() === "")) {
      throw new InputError(
        `--param ${key}: ${JSON.stringify(item.slice(eq + 1))} has an empty value (expected VALUE or V1,V2,…)`,
      );
    }
    const values: KnobValue[] = [];
    for (const t of texts) {
      const v = parseParamValue(key, t);
      if (!values.includes(v)) values.push(v);
    }
    delete params[key];
    delete sweep[key];
    if (values.length === 1) params[key] = values[0];
    else sweep[key] = values;
  }
  return { params, sweep };
}

/**
 * Every combination of the swept values (the first key varies slowest), each merged over the
 * single params. No sweep → one combination: the params alone.
 */
export function expandSweep(p: ParsedParams): Record<string, KnobValue>[] {
  let out: Record<string, KnobValue>[] = [{ ...p.params }];
  for (const [key, values] of Object.entries(p.sweep)) {
    out = out.flatMap((base) => values.map((v) => ({ ...base, [key]: v })));
  }
  return out;
}
