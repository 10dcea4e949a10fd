// Files the page hands to the user: the policy, the results JSON, a Perfetto trace.
import type { RawRun, RunResult } from "../../src/sim/types.ts";
import type { RunRecord } from "./runRecord.ts";

export function download(name: string, parts: BlobPart[], type: string): void {
  const url = URL.createObjectURL(new Blob(parts, { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * The trace as Chrome trace-event JSON in pieces (a Blob joins them without one huge string).
 * Imported on use: src/trace/perfetto.ts also holds a Node file writer.
 */
export async function perfettoBlobParts(raw: RawRun): Promise<string[]> {
  const { perfettoJsonPieces } = await import("../../src/trace/perfetto.ts");
  const parts: string[] = [];
  let buf: string[] = [];
  let size = 0;
  for (const piece of perfettoJsonPieces(raw)) {
    buf.push(piece);
    size += piece.length;
    if (size > 1 << 20) {
      parts.push(buf.join(""));
      buf = [];
      size = 0;
    }
  }
  if (buf.length) parts.push(buf.join(""));
  return parts;
}

export function downloadPolicy(policy: string, source: string): void {
  download(`${policy}.ts`, [source], "text/typescript");
}

/** "simple-apple-m1-desktop-seed1": what a file of this run is named, before its extension. */
function runFileStem(r: RunResult): string {
  return `${r.policy}-${r.machine}-${r.workload}-seed${r.seed}`;
}

export function downloadResults(run: RunRecord): void {
  download(
    `${runFileStem(run.result)}.json`,
    [JSON.stringify(run.result, null, 2)],
    "application/json",
  );
}

/** Throws when the trace cannot be made (the caller says so in the status line). */
export async function downloadTrace(run: RunRecord): Promise<void> {
  download(
    `${runFileStem(run.result)}.trace.json`,
    await perfettoBlobParts(run.raw),
    "application/json",
  );
}
