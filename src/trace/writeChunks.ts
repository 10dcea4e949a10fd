// Writes a long sequence of strings to a file without building it in memory: pieces are
// batched into ~1 MB chunks and each chunk waits for the stream to drain, so a trace of
// millions of records uses constant memory.

import { once } from "node:events";
import { createWriteStream } from "node:fs";

const CHUNK_CHARS = 1 << 20;

export async function writeChunks(file: string, pieces: Iterable<string>): Promise<void> {
  const out = createWriteStream(file, { encoding: "utf8" });
  const failed = once(out, "error").then(([err]) => {
    throw err;
  });
  failed.catch(() => {}); // observed below; keeps Node from reporting it as unhandled
  const write = async (s: string) => {
    if (!out.write(s)) await Promise.race([once(out, "drain"), failed]);
  };
  try {
    let buf: string[] = [];
    let size = 0;
    for (const piece of pieces) {
      buf.push(piece);
      size += piece.length;
      if (size >= CHUNK_CHARS) {
        await write(buf.join(""));
        buf = [];
        size = 0;
      }
    }
    if (size > 0) await write(buf.join(""));
    out.end();
    await Promise.race([once(out, "finish"), failed]);
  } catch (err) {
    out.destroy();
    throw err;
  }
}
