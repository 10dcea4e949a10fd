// `--workload NAME|FILE.json`: a preset by name, else a file (native or rt-app). Node only: the
// file system is imported lazily so that this module can sit in a browser bundle unused.

import { InputError } from "../errors.ts";
import { presetNames, presetWorkload } from "./workloads/index.ts";
import { type LoadedWorkload, parseWorkloadText } from "./workloadText.ts";
import type { Workload } from "./workloadTypes.ts";
import { validateWorkload } from "./workloadValidate.ts";

export async function loadWorkload(
  nameOrFile: string,
  opts: { ncpus: number },
): Promise<{ workload: Workload; warnings: string[] }> {
  const preset = presetWorkload(nameOrFile);
  if (preset) {
    validateWorkload(preset, { ncpus: opts.ncpus });
    return { workload: preset, warnings: [] };
  }
  const { readFile } = await import("node:fs/promises");
  let text: string;
  try {
    text = await readFile(nameOrFile, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "EISDIR" || code === "ENOTDIR") {
      throw new InputError(
        `no workload preset or file named "${nameOrFile}" (presets: ${presetNames().join(", ")})`,
        {
          field: "--workload",
        },
      );
    }
    throw new InputError(`cannot read the workload file: ${(e as Error).message}`, {
      file: nameOrFile,
    });
  }
  const loaded: LoadedWorkload = parseWorkloadText(text, { file: nameOrFile, ncpus: opts.ncpus });
  return { workload: loaded.workload, warnings: loaded.warnings };
}
