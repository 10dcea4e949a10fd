// Checked (debug) builds of the policies the simulator tests run, through loadPolicy so that
// the content cache shares them between test files.
import { fileURLToPath } from "node:url";
import { loadPolicy } from "../../src/compile/index.ts";

export const fixture = (name: string) =>
  fileURLToPath(new URL(`../fixtures/policies/${name}.ts`, import.meta.url));

export const loadSimple = () => loadPolicy("simple", { release: false });
export const loadRr = () => loadPolicy(fixture("rr"), { release: false });
export const loadFaulty = () => loadPolicy(fixture("faulty"), { release: false });
