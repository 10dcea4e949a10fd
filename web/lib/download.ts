// Files the page hands to the user: the policy, the results JSON, a Perfetto trace.
import type { RawRun } from "../../src/sim/types.ts";

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
