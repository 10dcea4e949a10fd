// The event queue (assembly/scx/eventq.ts) is a timing wheel in front of a small heap, with a
// second heap for timers beyond the wheel. Whatever the part a timer sits in, events must fire
// in the order of one list sorted by (time, arming sequence): the engine's determinism and the
// kernel's order of same-instant events rest on it. Random operations are driven through a
// probe module and checked against that sort, at scales that exercise each part: timers at one
// instant, inside one bucket, across the wheel, beyond it, and far apart (wheel wrap-around and
// jumps over empty stretches).
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { compiledModule, instantiatePolicyModule } from "../../src/sim/instantiate.ts";
import { COMPILE_TIMEOUT_MS, MS, policy, simulate, US } from "./harness.ts";

interface Probe {
  probe_reset(n: number): void;
  probe_arm(i: number, time: number): void;
  probe_disarm(i: number): void;
  probe_armed(i: number): number;
  probe_pop(): number;
  probe_peek_time(): number;
}

let probe: Probe;

beforeAll(async () => {
  const p = await policy("eventq_probe");
  const instance = await instantiatePolicyModule(await compiledModule(p), { debug: () => {} });
  (instance.exports._start as () => void)();
  probe = instance.exports as unknown as Probe;
}, COMPILE_TIMEOUT_MS);

/** The queue as a sorted list would be: armed timers with their (time, seq). */
class Reference {
  private armed = new Map<number, { time: number; seq: number }>();
  private seq = 0;
  arm(i: number, time: number) {
    this.armed.set(i, { time, seq: this.seq++ });
  }
  disarm(i: number) {
    this.armed.delete(i);
  }
  pop(): number {
    let best = -1;
    let key = { time: Infinity, seq: Infinity };
    for (const [i, k] of this.armed) {
      if (k.time < key.time || (k.time === key.time && k.seq < key.seq)) {
        best = i;
        key = k;
      }
    }
    if (best >= 0) this.armed.delete(best);
    return best;
  }
  timeOf(i: number): number {
    return this.armed.get(i)?.time ?? -1;
  }
}

type Op =
  | { kind: "arm"; timer: number; delay: number }
  | { kind: "disarm"; timer: number }
  | { kind: "pop" };

const NTIMERS = 64;
// Delays that land at this instant, in the current bucket, across the wheel (~268 ms), just
// beyond it, and far beyond.
const delay = fc.oneof(
  fc.constant(0),
  fc.integer({ min: 0, max: 100 * US }),
  fc.integer({ min: 0, max: 300 * MS }),
  fc.integer({ min: 250 * MS, max: 3_000 * MS }),
  fc.integer({ min: 0, max: 1e12 }),
);
const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant("arm" as const), timer: fc.nat(NTIMERS - 1), delay }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("disarm" as const), timer: fc.nat(NTIMERS - 1) }),
  },
  { weight: 3, arbitrary: fc.constant({ kind: "pop" as const }) },
);

/** Runs `ops` on both; time moves to each fired timer's time, as in the engine. */
function replay(ops: Op[]) {
  probe.probe_reset(NTIMERS);
  const ref = new Reference();
  let now = 0;
  for (const o of ops) {
    if (o.kind === "arm") {
      probe.probe_arm(o.timer, now + o.delay);
      ref.arm(o.timer, now + o.delay);
    } else if (o.kind === "disarm") {
      probe.probe_disarm(o.timer);
      ref.disarm(o.timer);
    } else {
      const expected = ref.pop();
      const peekTime = probe.probe_peek_time();
      const got = probe.probe_pop();
      expect(got).toBe(expected);
      if (got >= 0) {
        expect(peekTime).toBeGreaterThanOrEqual(now);
        now = peekTime;
      }
    }
  }
  // Drain what is left: the same order to the end.
  for (;;) {
    const expected = ref.pop();
    expect(probe.probe_pop()).toBe(expected);
    if (expected < 0) break;
  }
}

describe("event queue", () => {
  it("fires in (time, arming order) for random arms, moves, cancels and pops", () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 400 }), (ops) => replay(ops)),
      { numRuns: 300, seed: 20261126 },
    );
  });

  it("keeps arming order among many timers due at one instant, wherever they wait", () => {
    probe.probe_reset(NTIMERS);
    // Due in the current bucket, in the wheel and beyond it: armed in reverse id order.
    for (const at of [10 * US, 100 * MS, 5_000 * MS]) {
      for (let i = 20; i >= 0; i--)
        probe.probe_arm(i + (at === 10 * US ? 0 : at === 100 * MS ? 21 : 42), at);
    }
    const fired: number[] = [];
    for (let id = probe.probe_pop(); id >= 0; id = probe.probe_pop()) fired.push(id);
    const expected = [
      ...Array.from({ length: 21 }, (_, k) => 20 - k),
      ...Array.from({ length: 21 }, (_, k) => 41 - k),
      ...Array.from({ length: 21 }, (_, k) => 62 - k),
    ];
    expect(fired).toEqual(expected);
  });

  it("moves a timer from beyond the wheel to before the horizon and back", () => {
    probe.probe_reset(4);
    probe.probe_arm(0, 10 * MS);
    probe.probe_arm(1, 9_000 * MS); // beyond the wheel
    probe.probe_arm(2, 20 * MS);
    expect(probe.probe_pop()).toBe(0); // the horizon is now past 10 ms
    probe.probe_arm(1, 15 * MS); // from the far heap to the wheel
    probe.probe_arm(3, 11 * MS);
    expect(probe.probe_pop()).toBe(3);
    expect(probe.probe_pop()).toBe(1);
    probe.probe_arm(1, 60_000 * MS); // and out again
    expect(probe.probe_pop()).toBe(2);
    expect(probe.probe_peek_time()).toBe(60_000 * MS);
    probe.probe_disarm(1);
    expect(probe.probe_armed(1)).toBe(0);
    expect(probe.probe_pop()).toBe(-1);
  });

  it(
    "keeps a BPF timer armed with the largest u64 delay beyond the end of the run",
    async () => {
      const sim = await simulate(await policy("fartimer"), {
        machine: { cpus: [{}, {}] },
        groups: [
          { name: "loop", count: 3, loop: -1, program: [{ run: 2 * MS }, { sleep: 1 * MS }] },
        ],
        durationNs: 50 * MS,
      });
      expect(sim.exit.kind).toBe("done");
      expect(sim.simulatedNs).toBe(50 * MS);
      expect(sim.counter("context_switches")).toBeGreaterThan(10);
    },
    COMPILE_TIMEOUT_MS,
  );
});
