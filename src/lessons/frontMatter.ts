// A lesson page is Markdown with a small JSON header in front, between two `---` lines:
//
//   ---
//   { "title": "FIFO starves interactive tasks", "machine": "raspberry-pi-5", … }
//   ---
//   # What you will see
//   …
//
// The header may carry `//` comments and trailing commas, as workload files do.

import { parseRtJson } from "../config/rtapp/parser.ts";
import { plain } from "../config/rtapp/tree.ts";
import { InputError } from "../errors.ts";

export interface FrontMatter {
  header: unknown;
  /** The Markdown after the header. */
  body: string;
  /** 1-based line of the body's first line in the file (for messages). */
  bodyLine: number;
}

const FENCE = /^---\s*$/;

export function splitFrontMatter(text: string, file: string): FrontMatter {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  if (!FENCE.test(lines[0] ?? "")) {
    throw new InputError("expected a JSON header between two --- lines at the top", { file });
  }
  const close = lines.findIndex((l, i) => i > 0 && FENCE.test(l));
  if (close < 0) throw new InputError("the JSON header has no closing --- line", { file });
  const json = lines.slice(1, close).join("\n");
  let header: unknown;
  try {
    header = plain(parseRtJson(json, file));
  } catch (e) {
    throw new InputError(`the JSON header is not valid: ${(e as Error).message}`, { file });
  }
  return { header, body: lines.slice(close + 1).join("\n"), bodyLine: close + 2 };
}
