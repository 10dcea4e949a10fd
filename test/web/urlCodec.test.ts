import { describe, expect, test } from "vitest";
import { type AppState, defaultState } from "../../web/lib/appState.ts";
import {
  applyDecoded,
  decodeState,
  deflateRaw,
  encodeState,
  fromBase64Url,
  toBase64Url,
} from "../../web/lib/urlCodec.ts";

const TEMPLATE = "// simple\nclass Simple extends Ops {}\n";
const defaults = defaultState(TEMPLATE);
const templateOf = (name: string) => (name === "simple" ? TEMPLATE : undefined);

async function roundTrip(state: AppState): Promise<AppState> {
  const hash = await encodeState(state, defaults, templateOf(state.policy));
  const decoded = await decodeState(`#${hash}`);
  expect(decoded).not.toBeNull();
  return applyDecoded(decoded as Partial<AppState>, defaults, templateOf);
}

describe("URL codec", () => {
  test("base64url round-trips every byte value without +, / or =", () => {
    const bytes = Uint8Array.from({ length: 256 * 3 }, (_, i) => (i * 7) % 256);
    const text = toBase64Url(bytes);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(fromBase64Url(text)).toEqual(bytes);
  });

  test("a state with edited source, custom workload, knobs and seed comes back equal", async () => {
    const state: AppState = {
      ...defaults,
      source: `${TEMPLATE}// edited: ünïcødé ✓ and a long line ${"x".repeat(2000)}\n`,
      machine: "i9-12900k",
      workload: "custom",
      workloadJson: '{ "name": "w", "groups": [] } // comment',
      durationNs: 250_000_000,
      seed: 42,
      knobs: { fifo_sched: true, slice_ns: 5_000_000 },
    };
    expect(await roundTrip(state)).toEqual(state);
  });

  test("an unedited default setup makes a short link that holds no source", async () => {
    const hash = await encodeState(defaults, defaults, TEMPLATE);
    expect(hash.length).toBeLessThan(20);
    expect(await roundTrip(defaults)).toEqual(defaults);
  });

  test("the source is compressed: a 20 kB policy fits a much shorter link", async () => {
    const big = { ...defaults, source: TEMPLATE.repeat(600) };
    const hash = await encodeState(big, defaults, TEMPLATE);
    expect(hash.length).toBeLessThan(big.source.length / 20);
  });

  test("garbage, foreign keys and wrongly typed fields are dropped, not trusted", async () => {
    expect(await decodeState("#s=%%%not-base64")).toBeNull();
    expect(await decodeState("#other=1")).toBeNull();
    expect(await decodeState("")).toBeNull();
    const packed = await encodeState({ ...defaults, seed: 7 }, defaults, TEMPLATE);
    // Splice in a hostile payload by encoding it ourselves.
    const evil = JSON.stringify({
      seed: "7",
      machine: 3,
      knobs: { a: "x" },
      __proto__x: 1,
      durationNs: 5,
    });
    const evilHash = `s=${toBase64Url(await deflateRaw(new TextEncoder().encode(evil)))}`;
    expect(await decodeState(evilHash)).toEqual({ durationNs: 5 });
    expect(await decodeState(packed)).toEqual({ seed: 7 });
  });
});
