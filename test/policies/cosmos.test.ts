// cosmos: locality first, a deadline on the shared DSQ where CPUs are busy. It must survive
// every kind of machine, and in its locality mode it must keep tasks in their LLC on a many-LLC
// EPYC: fewer cross-LLC migrations than simple on the same run.
import { beforeAll, describe, expect, test } from "vitest";
import type { CompiledPolicy } from "../../src/sim/types.ts";
import { crossLlcMigrations, exitText, loadChecked, runPreset, smokeTests } from "./portHarness.ts";

let cosmos: CompiledPolicy;
let simple: CompiledPolicy;

beforeAll(async () => {
  simple = await loadChecked("simple");
  cosmos = await loadChecked("cosmos");
}, 120_000);

describe("cosmos", () => {
  smokeTests(() => cosmos);

  // The default busy_threshold (0, as sched_ext.md gives it) makes every CPU "busy", so every
  // task that finds no idle CPU goes through the shared DSQ and cosmos migrates about as much as
  // simple (more, with its 1 ms slices). Locality mode needs a threshold; at 100 a CPU counts as
  // busy only when it was fully used over the last measurement interval.
  test.each(["epyc-9654-nps1", "epyc-9654-nps4"])(
    "with busy_threshold=100 migrates desktop's tasks across LLCs less than simple on %s",
    async (machine) => {
      const base = await runPreset(simple, machine, "desktop", 300_000_000, { trace: true });
      const run = await runPreset(cosmos, machine, "desktop", 300_000_000, {
        trace: true,
        params: { busy_threshold: 100 },
      });
      const dflt = await runPreset(cosmos, machine, "desktop", 300_000_000, { trace: true });
      const a = crossLlcMigrations(base);
      const b = crossLlcMigrations(run);
      const msg = `${machine} desktop 300 ms: cross-LLC migrations cosmos(busy_threshold=100) ${b} vs simple ${a} (cosmos with the default threshold 0: ${crossLlcMigrations(dflt)})`;
      console.log(msg);
      expect(run.result.exit.kind, exitText(run)).toBe("done");
      expect(b, msg).toBeLessThan(a);
    },
  );
});
