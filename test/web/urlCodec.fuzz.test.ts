// The URL codec against arbitrary input (fast-check): any state round-trips exactly, and any
// hash — garbage, truncated, or valid compression of the wrong JSON — decodes to null or to
// checked fields, never throws and never lets a mistyped field through.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { type AppState, defaultState, STATE_FIELDS } from "../../web/lib/appState.ts";
import {
  applyDecoded,
  decodeState,
  deflateRaw,
  encodeState,
  toBase64Url,
} from "../../web/lib/urlCodec.ts";

const TEMPLATE = "// simple\nclass Simple extends Ops {}\n";
const defaults = defaultState(TEMPLATE);
const templateOf = (name: string) => (name === "simple" ? TEMPLATE : undefined);

const stateArb: fc.Arbitrary<AppState> = fc.record({
  policy: fc.string(),
  source: fc.string(),
  machine: fc.string(),
  workload: fc.string(),
  workloadJson: fc.string(),
  durationNs: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
  seed: fc.integer({ min: 0, max: 2 ** 32 }),
  knobs: fc.dictionary(
    fc.string(),
    fc.oneof(fc.boolean(), fc.double({ noNaN: true, noDefaultInfinity: true })),
  ),
  lesson: fc.string(),
}) as fc.Arbitrary<AppState>;

function wellTyped(decoded: Partial<AppState>): boolean {
  return Object.entries(decoded).every(([k, v]) => {
    const kind = STATE_FIELDS[k as keyof AppState];
    if (kind === "number") return typeof v === "number" && Number.isFinite(v);
    if (kind === "object") return typeof v === "object" && v !== null && !Array.isArray(v);
    return typeof v === kind;
  });
}

describe("URL codec (fuzzed)", () => {
  test("every state round-trips exactly", async () => {
    await fc.assert(
      fc.asyncProperty(stateArb, async (state) => {
        const hash = await encodeState(state, defaults, templateOf(state.policy));
        const decoded = await decodeState(`#${hash}`);
        expect(decoded).not.toBeNull();
        const back = applyDecoded(decoded as Partial<AppState>, defaults, templateOf);
        // -0 survives JSON as 0, the only loss; compare through JSON.
        expect(JSON.stringify(back)).toBe(JSON.stringify(state));
      }),
      { numRuns: 200 },
    );
  });

  test("garbage hashes decode to null or checked fields, without throwing", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string(), async (text) => {
        const decoded = await decodeState(`#s=${text}`);
        expect(decoded === null || wellTyped(decoded)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  test("valid compression of arbitrary JSON keeps only well-typed known fields", async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (value) => {
        const packed = await deflateRaw(new TextEncoder().encode(JSON.stringify(value)));
        const decoded = await decodeState(`#s=${toBase64Url(packed)}`);
        expect(decoded === null || wellTyped(decoded)).toBe(true);
        if (decoded !== null)
          for (const k of Object.keys(decoded)) expect(k in STATE_FIELDS).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
