// The built-in policies (assembly/policies/*.ts) as editor templates, bundled by Vite.
import { policyDescription } from "../../src/compile/scanOps.ts";

const files = import.meta.glob("../../assembly/policies/*.ts", {
  query: "?raw",
  import: "default",
  eager: true,
}) as Record<string, string>;

export interface BuiltinPolicy {
  name: string;
  source: string;
  description: string;
}

/** `simple` first (the one to start from), then alphabetical, as the CLI lists them. */
export const BUILTIN_POLICIES: readonly BuiltinPolicy[] = Object.entries(files)
  .map(([path, source]) => {
    const name = (path.split("/").pop() as string).replace(/\.ts$/, "");
    return { name, source, description: policyDescription(source) };
  })
  .sort((a, b) =>
    a.name === "simple" ? -1 : b.name === "simple" ? 1 : a.name.localeCompare(b.name),
  );

export const DEFAULT_POLICY = BUILTIN_POLICIES[0]?.name ?? "simple";

export function builtinSource(name: string): string | undefined {
  return BUILTIN_POLICIES.find((p) => p.name === name)?.source;
}
