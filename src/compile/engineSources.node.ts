// Node side of ./sources.ts: reads assembly/scx/ from disk (recursively, in case the engine
// grows sub-folders).
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { engineDir } from "./paths.node.ts";
import { type EngineSources, engineSourcesFromRecord } from "./sources.ts";

export function readEngineSources(dir: string = engineDir): EngineSources {
  const files: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const ent of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, ent.name);
      if (ent.isDirectory()) walk(full);
      else if (ent.name.endsWith(".ts")) {
        files[`assembly/scx/${relative(dir, full).replace(/\\/g, "/")}`] = readFileSync(
          full,
          "utf8",
        );
      }
    }
  };
  walk(dir);
  return engineSourcesFromRecord(files);
}
