// p2dq: pick-two load balancing over per-LLC DSQ ladders. It must survive every kind of
// machine, and on a many-LLC EPYC it must keep tasks in their LLC: fewer cross-LLC migrations
// than simple on the same run.
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

let p2dq: CompiledPolicy;
let simple: CompiledPolicy;

beforeAll(async () => {
  simple = await loadChecked("simple");
  p2dq = await loadChecked("p2dq");
}, 120_000);

describe("p2dq", () => {
  test.each(SMOKE_MATRIX)(
    "runs %s with %s for 200 ms without being ejected",
    async (machine, workload) => {
      const run = await runPreset(p2dq, machine, workload, SMOKE_NS);
      expect(run.result.exit.kind, exitText(run)).toBe("done");
      expect(run.result.summary.tasks_started).toBeGreaterThan(0);
      expect(run.result.summary.utilization).toBeGreaterThan(0);
    },
  );

  test.each(["epyc-9654-nps1", "epyc-9654-nps4"])(
    "migrates biglittle's tasks across LLCs less than simple on %s",
    async (machine) => {
      const base = await runPreset(simple, machine, "biglittle", 300_000_000, { trace: true });
      const run = await runPreset(p2dq, machine, "biglittle", 300_000_000, { trace: true });
      const a = crossLlcMigrations(base);
      const b = crossLlcMigrations(run);
      const msg = `${machine} biglittle 300 ms: cross-LLC migrations p2dq ${b} vs simple ${a} (all migrations ${run.result.summary.migrations} vs ${base.result.summary.migrations})`;
      console.log(msg);
      expect(run.result.exit.kind, exitText(run)).toBe("done");
      expect(b, msg).toBeLessThan(a / 2);
    },
  );
});
