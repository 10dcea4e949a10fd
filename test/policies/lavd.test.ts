// lavd: latency-criticality-aware virtual deadlines, big/LITTLE aware. It must survive every
// kind of machine; the desktop preset's interactive group must wake up faster than under simple
// on the same run; and on a big/LITTLE machine the always-running tasks belong on big cores.
import { beforeAll, describe, expect, test } from "vitest";
import type { CompiledPolicy } from "../../src/sim/types.ts";
import {
  exitText,
  groupP99Us,
  groupTimeByType,
  loadChecked,
  runPreset,
  smokeTests,
} from "./portHarness.ts";

let lavd: CompiledPolicy;
let simple: CompiledPolicy;

beforeAll(async () => {
  simple = await loadChecked("simple");
  lavd = await loadChecked("lavd");
}, 120_000);

describe("lavd", () => {
  smokeTests(() => lavd);

  test.each(["raspberry-pi-5", "apple-m1", "rk3399"])(
    "gives desktop's interactive group a lower p99 wakeup latency than simple on %s",
    async (machine) => {
      const base = await runPreset(simple, machine, "desktop", 1_000_000_000);
      const run = await runPreset(lavd, machine, "desktop", 1_000_000_000);
      const a = groupP99Us(base, "interactive");
      const b = groupP99Us(run, "interactive");
      const msg = `${machine} desktop 1 s: interactive p99 wakeup lavd ${b.toFixed(0)} µs vs simple ${a.toFixed(0)} µs`;
      console.log(msg);
      expect(run.result.exit.kind, exitText(run)).toBe("done");
      expect(b, msg).toBeLessThan(a);
    },
  );

  test("runs biglittle's heavy tasks on the big cores of an apple-m1, more than simple does", async () => {
    const base = await runPreset(simple, "apple-m1", "biglittle", 1_000_000_000, { trace: true });
    const run = await runPreset(lavd, "apple-m1", "biglittle", 1_000_000_000, { trace: true });
    const share = (r: typeof run) => {
      const t = groupTimeByType(r, "heavy");
      const big = t.P_firestorm ?? 0;
      return big / (big + (t.E_icestorm ?? 0));
    };
    const a = share(base);
    const b = share(run);
    const msg = `apple-m1 biglittle 1 s: heavy tasks' time on P cores lavd ${(100 * b).toFixed(0)} % vs simple ${(100 * a).toFixed(0)} %`;
    console.log(msg);
    expect(b, msg).toBeGreaterThan(0.9);
    expect(b, msg).toBeGreaterThan(a);
  });
});
