// The text of a workload file, whatever it holds: an rt-app use case (recognised by its `tasks`
// object) is converted, anything else is a native workload. Both are read with the rt-app
// dialect's parser, so a native file may carry comments and trailing commas too (the contract's
// example is JSONC), but not duplicate or value-less keys.

import { InputError } from "../errors.ts";
import { convertRtApp, isRtApp } from "./rtapp/convert.ts";
import { parseRtJson } from "./rtapp/parser.ts";
import type { RtNode } from "./rtapp/tree.ts";
import { type FieldPath, formatFieldPath } from "./workloadFieldError.ts";
import { baseName, parseWorkload } from "./workloadParse.ts";
import type { Workload } from "./workloadTypes.ts";
import { validateWorkload } from "./workloadValidate.ts";

export interface LoadedWorkload {
  workload: Workload;
  /** What was not simulated, or simulated differently, each naming its key. */
  warnings: string[];
  format: "native" | "rt-app";
}

export function parseWorkloadText(
  text: string,
  opts: { file?: string; ncpus?: number } = {},
): LoadedWorkload {
  const root = parseRtJson(text, opts.file);
  if (isRtApp(root)) {
    const name = opts.file ? baseName(opts.file) : undefined;
    const { workload, warnings } = convertRtApp(root, { ...opts, name });
    validateWorkload(workload, opts);
    return { workload, warnings, format: "rt-app" };
  }
  const json = strictValue(root, [], opts.file);
  return { workload: parseWorkload(json, opts.file, opts), warnings: [], format: "native" };
}

/** The tree as plain JSON, refusing what only rt-app's dialect allows. */
function strictValue(node: RtNode, path: FieldPath, file?: string): unknown {
  switch (node.type) {
    case "object": {
      const out: Record<string, unknown> = {};
      for (const e of node.entries) {
        const field = formatFieldPath([...path, e.key]);
        if (Object.hasOwn(out, e.key))
          throw new InputError(`duplicate key (line ${e.line})`, { file, field });
        if (!e.value) throw new InputError(`key without a value (line ${e.line})`, { file, field });
        out[e.key] = strictValue(e.value, [...path, e.key], file);
      }
      return out;
    }
    case "array":
      return node.items.map((item, i) => strictValue(item, [...path, i], file));
    case "null":
      return null;
    default:
      return node.value;
  }
}
