// The --trace and --log files. Their directories are checked before the simulation starts, so
// a typo in a path fails at once instead of after a long run.

import { access, constants, stat } from "node:fs/promises";
import { dirname, extname, resolve } from "node:path";
import { InputError } from "../errors.ts";
import type { RawRun } from "../sim/types.ts";
import { writeCallLog } from "../trace/callLog.ts";
import { writePerfettoTrace } from "../trace/perfetto.ts";

export async function checkWritable(option: string, file: string): Promise<void> {
  const path = resolve(file);
  const isDir = await stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (isDir) throw new InputError(`${option} ${file}: is a directory`);
  try {
    await access(dirname(path), constants.W_OK);
  } catch {
    throw new InputError(
      `${option} ${file}: directory ${dirname(path)} does not exist or is not writable`,
    );
  }
}

/** compare writes one file per cell: trace.json → trace.<policy>[.seed<N>].json. */
export function cellFileName(
  file: string,
  policy: string,
  seed: number,
  manySeeds: boolean,
): string {
  const ext = extname(file);
  const base = ext ? file.slice(0, -ext.length) : file;
  const safe = policy.replace(/[^A-Za-z0-9_.-]+/g, "_");
  return `${base}.${safe}${manySeeds ? `.seed${seed}` : ""}${ext}`;
}

async function writeOrFail(
  option: string,
  file: string,
  write: () => Promise<void>,
): Promise<void> {
  try {
    await write();
  } catch (e) {
    throw new InputError(`${option} ${file}: cannot write: ${(e as Error).message}`);
  }
}

export async function writeOutputs(
  raw: RawRun,
  files: { trace?: string; log?: string },
): Promise<void> {
  const { trace, log } = files;
  if (trace !== undefined) {
    await writeOrFail("--trace", trace, () => writePerfettoTrace(trace, raw));
  }
  if (log !== undefined) {
    await writeOrFail("--log", log, () => writeCallLog(log, raw.log ?? new ArrayBuffer(0)));
  }
}
