// rusty: per-LLC domains with load balancing. It must survive every kind of machine, and on a
// many-LLC EPYC it must keep tasks in their LLC: fewer cross-LLC migrations than simple on the
// same run.
import { beforeAll, describe } from "vitest";
import type { CompiledPolicy } from "../../src/sim/types.ts";
import { llcLocalityTests, loadChecked, smokeTests } from "./portHarness.ts";

let rusty: CompiledPolicy;
let simple: CompiledPolicy;

beforeAll(async () => {
  simple = await loadChecked("simple");
  rusty = await loadChecked("rusty");
}, 120_000);

describe("rusty", () => {
  smokeTests(() => rusty);

  llcLocalityTests(
    "rusty",
    () => rusty,
    () => simple,
  );
});
