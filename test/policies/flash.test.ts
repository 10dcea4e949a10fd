// flash: EDF on weighted vruntime, with sleep credit weighted by wakeup frequency. It must
// survive every kind of machine, and tasks that wake often (desktop's interactive group) must
// be served sooner than under simple on the same run.
import { beforeAll, describe, expect, test } from "vitest";
import type { CompiledPolicy } from "../../src/sim/types.ts";
import { exitText, groupP99Us, loadChecked, runPreset, smokeTests } from "./portHarness.ts";

let flash: CompiledPolicy;
let simple: CompiledPolicy;

beforeAll(async () => {
  simple = await loadChecked("simple");
  flash = await loadChecked("flash");
}, 120_000);

describe("flash", () => {
  smokeTests(() => flash);

  test.each(["raspberry-pi-5", "rk3399"])(
    "gives desktop's frequent wakers a lower p99 wakeup latency than simple on %s",
    async (machine) => {
      const base = await runPreset(simple, machine, "desktop", 1_000_000_000);
      const run = await runPreset(flash, machine, "desktop", 1_000_000_000);
      const a = groupP99Us(base, "interactive");
      const b = groupP99Us(run, "interactive");
      const msg = `${machine} desktop 1 s: interactive p99 wakeup flash ${b.toFixed(0)} µs vs simple ${a.toFixed(0)} µs`;
      console.log(msg);
      expect(run.result.exit.kind, exitText(run)).toBe("done");
      expect(b, msg).toBeLessThan(a);
      // Fairness is kept: the batch jobs lose at most a few percent of their CPU time.
      const batchA = base.result.groups.batch?.cpu_time_ns ?? 0;
      const batchB = run.result.groups.batch?.cpu_time_ns ?? 0;
      expect(batchB, `batch CPU time flash ${batchB} ns vs simple ${batchA} ns`).toBeGreaterThan(
        batchA * 0.95,
      );
    },
  );
});
