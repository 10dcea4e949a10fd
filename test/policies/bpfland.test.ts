// bpfland: interactive tasks first. It must survive every kind of machine, and the desktop
// preset's interactive group must wake up faster than under simple on the same run.
import { beforeAll, describe, expect, test } from "vitest";
import type { CompiledPolicy } from "../../src/sim/types.ts";
import { exitText, groupP99Us, loadChecked, runPreset, smokeTests } from "./portHarness.ts";

let bpfland: CompiledPolicy;
let simple: CompiledPolicy;

beforeAll(async () => {
  simple = await loadChecked("simple");
  bpfland = await loadChecked("bpfland");
}, 120_000);

describe("bpfland", () => {
  smokeTests(() => bpfland);

  test.each(["raspberry-pi-5", "apple-m1", "rk3399"])(
    "gives desktop's interactive group a lower p99 wakeup latency than simple on %s",
    async (machine) => {
      const base = await runPreset(simple, machine, "desktop", 1_000_000_000);
      const run = await runPreset(bpfland, machine, "desktop", 1_000_000_000);
      const a = groupP99Us(base, "interactive");
      const b = groupP99Us(run, "interactive");
      const msg = `${machine} desktop 1 s: interactive p99 wakeup bpfland ${b.toFixed(0)} µs vs simple ${a.toFixed(0)} µs`;
      console.log(msg);
      expect(run.result.exit.kind, exitText(run)).toBe("done");
      expect(b, msg).toBeLessThan(a);
    },
  );
});
