// Fuzz and property tests of the input parsers (docs/safety.md "Inputs"): machine files, native
// workloads (as values and as text), rt-app files (lexer, parser, conversion) and durations.
// Whatever they are given they return or throw an InputError — never another exception, never
// a hang — and the error names the file and the field (or, for text that is not even JSON,
// the line and column). A machine that passes validation is one the engine accepts.
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { beforeAll, describe, expect, test } from "vitest";
import { loadPolicy } from "../../src/compile/index.ts";
import { durationNs, formatDuration, parseDuration } from "../../src/config/duration.ts";
import { encodeMachine, parseMachine } from "../../src/config/machine.ts";
import { MACHINE_PRESETS } from "../../src/config/machinePresets.ts";
import { tokenize } from "../../src/config/rtapp/lexer.ts";
import { parseRtJson } from "../../src/config/rtapp/parser.ts";
import { encodeWorkload, parseWorkload, parseWorkloadText } from "../../src/config/workload.ts";
import { presetJson, presetNames } from "../../src/config/workloads/index.ts";
import { InputError } from "../../src/errors.ts";
import { runSimulation } from "../../src/sim/run.ts";
import type { CompiledPolicy } from "../../src/sim/types.ts";
import { encodeLoopWorkload } from "../sim/handEncoded.ts";
import { garbled, mutated } from "./mutate.ts";
import { workloadFor } from "./randomInputs.ts";

const RUNS = Number(process.env.FUZZ_RUNS ?? 200);
const SEED = Number(process.env.FC_SEED ?? 20261126);
const opts = { numRuns: RUNS, seed: SEED, endOnFailure: true };
/** Generous: a parser that needs this long on a small input has a problem. */
const SLOW_MS = 2000;

const isPlainObject = (v: unknown) => v !== null && typeof v === "object" && !Array.isArray(v);

/**
 * Runs `parse`; returns its value, or undefined when it threw an InputError that names `file`
 * and a field — or, for `text` inputs, a line and column; a value that is not even an object
 * is named as the whole file. Anything else fails the property.
 */
function parsesOrNames<T>(
  parse: () => T,
  where: { file?: string; input?: unknown; text?: boolean },
): T | undefined {
  const t0 = performance.now();
  let out: T | undefined;
  let err: unknown;
  try {
    out = parse();
  } catch (e) {
    err = e;
  }
  const ms = performance.now() - t0;
  if (ms > SLOW_MS) throw new Error(`took ${Math.round(ms)} ms`);
  if (err === undefined) return out;
  if (!(err instanceof InputError)) {
    throw new Error(`threw ${(err as Error)?.name}: ${(err as Error)?.message ?? err}`, {
      cause: err,
    });
  }
  const msg = err.message;
  if (where.file !== undefined && err.file !== where.file) {
    throw new Error(`the error does not name the file: ${msg}`);
  }
  const hasField = typeof err.field === "string" && err.field.length > 0;
  const hasPosition = /line \d+, column \d+/.test(msg);
  // An error about the whole file (it is not an object at all) has no field to name.
  const aboutRoot =
    ("input" in where && !isPlainObject(where.input)) ||
    /^[^:]*: expected an object, got /.test(msg);
  if (!hasField && !(where.text && hasPosition) && !aboutRoot) {
    throw new Error(`the error names no field: ${msg}`);
  }
  if (/undefined|\[object Object\]|NaN(?! )/.test(msg.replace(/"[^"]*"/g, ""))) {
    throw new Error(`the message reads badly: ${msg}`);
  }
  return undefined;
}

// --- machines -------------------------------------------------------------------------------

let simple: CompiledPolicy;
beforeAll(async () => {
  simple = await loadPolicy("simple");
}, 300_000);

const machinePresets = Object.values(MACHINE_PRESETS);

describe("machine files", () => {
  test("any JSON value: parsed or an InputError naming the field", () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.anything()), (v) => {
        parsesOrNames(() => parseMachine(v, "m.json"), { file: "m.json", input: v });
      }),
      opts,
    );
  });

  test("mutated presets: parsed or an InputError naming the field; a parsed one runs", async () => {
    const machineRuns: unknown[] = [];
    fc.assert(
      fc.property(
        fc.constantFrom(...machinePresets).chain((p) => mutated(p)),
        (v) => {
          const m = parsesOrNames(() => parseMachine(v, "m.json"), { file: "m.json", input: v });
          if (m && machineRuns.length < 40) machineRuns.push(m);
        },
      ),
      opts,
    );
    // A machine the validation lets through is one the engine accepts.
    for (const m of machineRuns as ReturnType<typeof parseMachine>[]) {
      const enc = encodeMachine(m);
      const run = await runSimulation({
        policy: simple,
        params: {},
        machineName: m.name,
        machine: enc.data,
        workloadName: "loop",
        workload: encodeLoopWorkload(4, 100_000, 50_000),
        groupNames: ["g"],
        cpuTypeNames: enc.cpuTypeNames,
        seed: 1,
        durationNs: 5_000_000,
      });
      expect(run.exit.kind).toBe("done");
    }
  }, 120_000);
});

// --- native workloads -------------------------------------------------------------------------

const workloadPresets = presetNames().map((n) => presetJson(n));

describe("native workloads", () => {
  test("any JSON value: parsed or an InputError naming the field", () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.anything()), (v) => {
        parsesOrNames(() => parseWorkload(v, "w.json"), { file: "w.json", input: v });
      }),
      opts,
    );
  });

  test("mutated presets and random workloads: parsed, then encoded for a machine, or an InputError naming the field", () => {
    const base = fc.oneof(fc.constantFrom(...workloadPresets), workloadFor(4));
    fc.assert(
      fc.property(
        base.chain((w) => mutated(w)),
        fc.integer({ min: 1, max: 64 }),
        (v, ncpus) => {
          const w = parsesOrNames(() => parseWorkload(v, "w.json", { ncpus }), {
            file: "w.json",
            input: v,
          });
          if (w) {
            parsesOrNames(() => encodeWorkload(w, { ncpus, cpuTypeNames: ["P", "E"] }), {
              input: v,
            });
          }
        },
      ),
      opts,
    );
  });

  // An unknown key is the error's field (machineIssues.ts does the same for machines).
  test("an unknown top-level key is the error's field", () => {
    const err = (() => {
      try {
        parseWorkload({ groups: [{ name: "a", program: [{ run: "1ms" }] }], colour: 1 }, "w.json");
      } catch (e) {
        return e as InputError;
      }
    })();
    expect(err?.field).toBe("colour");
  });

  test("garbled text: parsed or an InputError naming the field or the line and column", () => {
    const texts = workloadPresets.map((p) => JSON.stringify(p, null, 2));
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.constantFrom(...texts).chain(garbled)), (t) => {
        parsesOrNames(() => parseWorkloadText(t, { file: "w.json", ncpus: 8 }), {
          file: "w.json",
          text: true,
        });
      }),
      opts,
    );
  });
});

// --- rt-app ----------------------------------------------------------------------------------

const rtDir = fileURLToPath(new URL("../fixtures/rtapp/", import.meta.url));
const rtTexts = readdirSync(rtDir)
  .filter((f) => f.endsWith(".json"))
  .map((f) => readFileSync(rtDir + f, "utf8"));

describe("rt-app files", () => {
  test("the lexer and the parser: tokens and a tree, or an InputError with the line and column", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.string({ unit: "binary" }),
          fc.constantFrom(...rtTexts).chain(garbled),
        ),
        (t) => {
          parsesOrNames(() => tokenize(t, "r.json"), { file: "r.json", text: true });
          parsesOrNames(() => parseRtJson(t, "r.json"), { file: "r.json", text: true });
        },
      ),
      opts,
    );
  });

  test("conversion of mutated use cases: a workload or an InputError naming the key", () => {
    const trees = rtTexts.map((t) => parseRtJsonValue(t));
    fc.assert(
      fc.property(
        fc.constantFrom(...trees).chain((t) => mutated(t)),
        (v) => {
          const text = JSON.stringify(v) ?? "null";
          parsesOrNames(() => parseWorkloadText(text, { file: "r.json", ncpus: 8 }), {
            file: "r.json",
            text: true,
            input: v,
          });
        },
      ),
      opts,
    );
  });

  test("moderate nesting is fine", () => {
    const deep = `${"[".repeat(1000)}${"]".repeat(1000)}`;
    expect(
      parsesOrNames(() => parseRtJson(deep, "r.json"), { file: "r.json", text: true }),
    ).toBeDefined();
  });

  // The parser is recursive descent with a depth bound: 100 000 nested brackets are an
  // InputError ("nested deeper than 2048 levels"), not a stack overflow.
  test("deep nesting is an InputError, not a stack overflow", () => {
    const deep = `${"[".repeat(100_000)}${"]".repeat(100_000)}`;
    parsesOrNames(() => parseRtJson(deep, "r.json"), { file: "r.json", text: true });
  });
});

/** An rt-app fixture as plain JSON (comments and single quotes removed by the project's parser). */
function parseRtJsonValue(text: string): unknown {
  const toJson = (n: ReturnType<typeof parseRtJson>): unknown => {
    switch (n.type) {
      case "object":
        return Object.fromEntries(n.entries.map((e) => [e.key, e.value ? toJson(e.value) : null]));
      case "array":
        return n.items.map(toJson);
      case "null":
        return null;
      default:
        return n.value;
    }
  };
  return toJson(parseRtJson(text));
}

// --- durations -------------------------------------------------------------------------------

describe("durations", () => {
  const spelled = fc
    .tuple(
      fc.oneof(
        fc.nat().map(String),
        fc.double({ min: 0, max: 1e6, noNaN: true }).map(String),
        fc.constantFrom("", ".", "1.", ".5", "1e3", "-1", "0x10", "1_000"),
      ),
      fc.constantFrom("", " ", "  "),
      fc.constantFrom("ns", "us", "µs", "ms", "s", "m", "h", "MS", ""),
    )
    .map(([n, sp, u]) => `${n}${sp}${u}`);

  test("any value: a whole number of ns, or an InputError naming the field", () => {
    fc.assert(
      fc.property(fc.oneof(spelled, fc.anything(), fc.double()), (v) => {
        const ns = parsesOrNames(
          () => parseDuration(v, { file: "w.json", field: "groups[0].program[0].run" }),
          { file: "w.json" },
        );
        if (ns !== undefined) {
          expect(Number.isSafeInteger(ns) && ns >= 0).toBe(true);
        }
      }),
      { ...opts, numRuns: RUNS * 5 },
    );
  });

  test("formatDuration spells a duration that parses back to the same ns (up to 10^11 ns)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e11 }), (ns) => {
        expect(durationNs(formatDuration(ns))).toBe(ns);
      }),
      { ...opts, numRuns: RUNS * 5 },
    );
  });
});
