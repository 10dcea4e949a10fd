// Parses rt-app's JSON dialect into an order-preserving tree (tree.ts): trailing commas in
// objects and arrays, duplicate keys kept in file order, and value-less keys (`"suspend",`),
// which workgen fills in before rt-app runs.

import { InputError } from "../../errors.ts";
import { type Token, tokenize } from "./lexer.ts";
import type { RtEntry, RtNode } from "./tree.ts";

export function parseRtJson(text: string, file?: string): RtNode {
  const tokens = tokenize(text, file);
  let pos = 0;
  const peek = (): Token => tokens[pos] as Token;
  const next = (): Token => tokens[pos++] as Token;
  const show = (t: Token): string =>
    t.kind === "end"
      ? "the end of the file"
      : t.kind === "string"
        ? JSON.stringify(t.value)
        : `"${t.text}"`;
  const fail = (t: Token, message: string): never => {
    throw new InputError(`line ${t.line}, column ${t.col}: ${message}, found ${show(t)}`, { file });
  };
  const isPunct = (t: Token, p: string) => t.kind === "punct" && t.text === p;
  // Recursive descent: a bound on nesting keeps a hostile file from overflowing the stack.
  const MAX_DEPTH = 2048;
  let depth = 0;

  function value(): RtNode {
    const t = next();
    if (t.kind === "punct" && (t.text === "{" || t.text === "[")) {
      if (++depth > MAX_DEPTH) fail(t, `nested deeper than ${MAX_DEPTH} levels`);
      try {
        return t.text === "{" ? object(t) : array(t);
      } finally {
        depth--;
      }
    }
    switch (t.kind) {
      case "string":
        return { type: "string", value: t.value, line: t.line };
      case "number":
        return { type: "number", value: t.value, line: t.line };
      case "word":
        if (t.text === "true" || t.text === "false")
          return { type: "boolean", value: t.text === "true", line: t.line };
        if (t.text === "null") return { type: "null", line: t.line };
        return fail(t, "expected a value");
      case "punct":
        if (t.text === "{") return object(t);
        if (t.text === "[") return array(t);
        return fail(t, "expected a value");
      case "end":
        return fail(t, "expected a value");
    }
  }

  function object(open: Token): RtNode {
    const entries: RtEntry[] = [];
    for (;;) {
      const t = next();
      if (isPunct(t, "}")) break; // also after a trailing comma
      if (t.kind !== "string") fail(t, "expected a key in quotes or '}'");
      const key = (t as Extract<Token, { kind: "string" }>).value;
      const after = peek();
      if (isPunct(after, ":")) {
        next();
        entries.push({ key, value: value(), line: t.line });
      } else if (isPunct(after, ",") || isPunct(after, "}")) {
        entries.push({ key, line: t.line });
      } else {
        fail(after, `expected ':' after the key ${JSON.stringify(key)}`);
      }
      const sep = next();
      if (isPunct(sep, "}")) break;
      if (!isPunct(sep, ","))
        fail(sep, `expected ',' or '}' in the object opened at line ${open.line}`);
    }
    return { type: "object", entries, line: open.line };
  }

  function array(open: Token): RtNode {
    const items: RtNode[] = [];
    for (;;) {
      if (isPunct(peek(), "]")) {
        next();
        break;
      }
      items.push(value());
      const sep = next();
      if (isPunct(sep, "]")) break;
      if (!isPunct(sep, ","))
        fail(sep, `expected ',' or ']' in the list opened at line ${open.line}`);
    }
    return { type: "array", items, line: open.line };
  }

  const root = value();
  const rest = peek();
  if (rest.kind !== "end") fail(rest, "expected the end of the file after the top-level value");
  return root;
}
