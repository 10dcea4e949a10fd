// p2dq: pick-two load balancing over per-LLC DSQ ladders. It must survive every kind of
// machine, and on a many-LLC EPYC it must keep tasks in their LLC: fewer cross-LLC migrations
// than simple on the same run.
import { beforeAll, describe } from "vitest";
import type { CompiledPolicy } from "../../src/sim/types.ts";
import { llcLocalityTests, loadChecked, smokeTests } from "./portHarness.ts";

let p2dq: CompiledPolicy;
let simple: CompiledPolicy;

beforeAll(async () => {
  simple = await loadChecked("simple");
  p2dq = await loadChecked("p2dq");
}, 120_000);

describe("p2dq", () => {
  smokeTests(() => p2dq);

  llcLocalityTests(
    "p2dq",
    () => p2dq,
    () => simple,
  );
});
