// The tiny fake engine of test/fixtures/fake-scx/, for compile tests that need no real engine
// (fast: it compiles in a fraction of a second).
import { fileURLToPath } from "node:url";
import { readEngineSources } from "../../src/compile/engineSources.node.ts";

export const fakeEngine = readEngineSources(
  fileURLToPath(new URL("../fixtures/fake-scx/", import.meta.url)),
);
