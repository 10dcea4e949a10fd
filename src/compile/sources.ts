// The engine's sources as the compiler sees them. Policies import the bare module "scx"
// (and the generated entry imports "scx/abi"); asc resolves a bare import by reading
// `node_modules/scx/<file>.ts`, so serving every engine file under that prefix makes the
// engine look like an installed package. Environment-neutral: Node reads the files from disk
// (./engineSources.node.ts), the browser passes what Vite's import.meta.glob gave it.

/** `{ "node_modules/scx/<file>.ts": text }` for every file of assembly/scx/. */
export type EngineSources = Readonly<Record<string, string>>;

export const ENGINE_PREFIX = "node_modules/scx/";

/**
 * Builds the map from any record whose keys end in `assembly/scx/<file>.ts` (or are bare file
 * names), e.g. `import.meta.glob("/assembly/scx/*.ts", { query: "?raw", import: "default", eager: true })`.
 */
export function engineSourcesFromRecord(files: Record<string, string>): EngineSources {
  const out: Record<string, string> = {};
  for (const [path, text] of Object.entries(files)) {
    const rel = relativeToScx(path);
    if (rel === null || !rel.endsWith(".ts")) continue;
    out[ENGINE_PREFIX + rel] = text;
  }
  if (!Object.hasOwn(out, `${ENGINE_PREFIX}index.ts`)) {
    throw new Error("engine sources: assembly/scx/index.ts is missing");
  }
  return sortKeys(out);
}

/** `assembly/scx/sub/x.ts` → `sub/x.ts`; a bare `x.ts` stays; other paths → null. */
function relativeToScx(path: string): string | null {
  const p = path.replace(/\\/g, "/");
  const at = p.lastIndexOf("assembly/scx/");
  if (at >= 0) return p.slice(at + "assembly/scx/".length);
  if (p.startsWith(ENGINE_PREFIX)) return p.slice(ENGINE_PREFIX.length);
  return p.includes("/") ? null : p;
}

// Sorted keys make the content hash independent of directory listing order.
function sortKeys(rec: Record<string, string>): EngineSources {
  const sorted: Record<string, string> = {};
  for (const k of Object.keys(rec).sort()) sorted[k] = rec[k] as string;
  return sorted;
}
