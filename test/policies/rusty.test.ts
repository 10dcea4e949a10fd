// rusty: per-LLC domains with load balancing. It must survive every kind of machine, and on a
// many-LLC EPYC it must keep tasks in their LLC: fewer cross-LLC migrations than simple on the
// same run.
import { beforeAll, describe, expect, test } from "vitest";
import type { CompiledPolicy } from "../../src/sim/types.ts";
import {
  crossLlcMigrations,
  exitText,
  loadChecked,
  runPreset,
  SMOKE_MATRIX,
  SMOKE_NS,
} from "./portHarness.ts";

let rusty: CompiledPolicy;
let simple: CompiledPolicy;

beforeAll(async () => {
  simple = await loadChecked("simple");
  rusty = await loadChecked("rusty");
}, 120_000);

describe("rusty", () => {
  test.each(SMOKE_MATRIX)(
    "runs %s with %s for 200 ms without being ejected",
    async (machine, workload) => {
      const run = await runPreset(rusty, machine, workload, SMOKE_NS);
      expect(run.result.exit.kind, exitText(run)).toBe("done");
      expect(run.result.summary.tasks_started).toBeGreaterThan(0);
      expect(run.result.summary.utilization).toBeGreaterThan(0);
    },
  );

  test.each(["epyc-9654-nps1", "epyc-9654-nps4"])(
    "migrates biglittle's tasks across LLCs less than simple on %s",
    async (machine) => {
      const base = await runPreset(simple, machine, "biglittle", 300_000_000, { trace: true });
      const run = await runPreset(rusty, machine, "biglittle", 300_000_000, { trace: true });
      const a = crossLlcMigrations(base);
      const b = crossLlcMigrations(run);
      const msg = `${machine} biglittle 300 ms: cross-LLC migrations rusty ${b} vs simple ${a} (all migrations ${run.result.summary.migrations} vs ${base.result.summary.migrations})`;
      console.log(msg);
      expect(run.result.exit.kind, exitText(run)).toBe("done");
      expect(b, msg).toBeLessThan(a / 2);
    },
  );
});
