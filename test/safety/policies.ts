// The safety tests' fixture policies (test/fixtures/policies/safety/), through loadPolicy so that
// the content cache shares the builds between test files and with the CLI.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { loadPolicy } from "../../src/compile/index.ts";
import type { CompiledPolicy } from "../../src/sim/types.ts";

export const safetyFixture = (name: string) =>
  fileURLToPath(new URL(`../fixtures/policies/safety/${name}.ts`, import.meta.url));

/** The release build (what the CLI runs) or the checked build of a fixture. */
export function loadSafety(name: string, release = true): Promise<CompiledPolicy> {
  return loadPolicy(safetyFixture(name), { release });
}

/** The 1-based line of the first line of a fixture that contains `text`. */
export function fixtureLine(name: string, text: string): number {
  const lines = readFileSync(safetyFixture(name), "utf8").split("\n");
  const i = lines.findIndex((l) => l.includes(text));
  if (i < 0) throw new Error(`${name}.ts has no line with ${JSON.stringify(text)}`);
  return i + 1;
}

/** Compiles one at a time: the first compile pays for loading the compiler. */
export async function loadAll<T extends string>(
  names: readonly T[],
  release = true,
): Promise<Record<T, CompiledPolicy>> {
  const out = {} as Record<T, CompiledPolicy>;
  for (const n of names) out[n] = await loadSafety(n, release);
  return out;
}
