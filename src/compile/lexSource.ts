// A small tokenizer for AssemblyScript/TypeScript source, just enough for the scanners in
// ./scanOps.ts: comments disappear, every string or template literal becomes one opaque
// token, so a callback name in a comment or a string can never be mistaken for a definition.

export interface Token {
  kind: "ident" | "number" | "string" | "punct";
  text: string;
  /** A line break separates this token from the previous one (automatic semicolons). */
  nl: boolean;
  /** Character offset of the token in the source. */
  pos: number;
}

const IDENT_START = /[A-Za-z_$\u00c0-\uffff]/;
const IDENT_PART = /[\w$\u00c0-\uffff]/;

export function lexSource(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let nl = false;
  const n = src.length;
  while (i < n) {
    const c = src[i] as string;
    if (c === "\n") {
      nl = true;
      i++;
    } else if (
      c === " " ||
      c === "\t" ||
      c === "\r" ||
      c === "\f" ||
      c === "\v" ||
      c === "\ufeff"
    ) {
      i++;
    } else if (c === "/" && src[i + 1] === "/") {
      while (i < n && src[i] !== "\n") i++;
    } else if (c === "/" && src[i + 1] === "*") {
      const end = src.indexOf("*/", i + 2);
      const stop = end < 0 ? n : end + 2;
      if (src.slice(i, stop).includes("\n")) nl = true;
      i = stop;
    } else if (c === '"' || c === "'" || c === "`") {
      const start = i;
      i = c === "`" ? skipTemplate(src, i) : skipQuoted(src, i);
      tokens.push({ kind: "string", text: src.slice(start, i), nl, pos: start });
      nl = false;
    } else if (IDENT_START.test(c)) {
      const start = i;
      while (i < n && IDENT_PART.test(src[i] as string)) i++;
      tokens.push({ kind: "ident", text: src.slice(start, i), nl, pos: start });
      nl = false;
    } else if (/[0-9]/.test(c) || (c === "." && /[0-9]/.test(src[i + 1] ?? ""))) {
      const start = i;
      i = skipNumber(src, i);
      tokens.push({ kind: "number", text: src.slice(start, i), nl, pos: start });
      nl = false;
    } else {
      tokens.push({ kind: "punct", text: c, nl, pos: i });
      nl = false;
      i++;
    }
  }
  return tokens;
}

/** Index just past a '…' or "…" literal starting at `i` (an unterminated one ends at the line). */
function skipQuoted(src: string, i: number): number {
  const q = src[i];
  i++;
  while (i < src.length) {
    const c = src[i];
    if (c === "\\") i += 2;
    else if (c === q) return i + 1;
    else if (c === "\n") return i;
    else i++;
  }
  return i;
}

/** Index just past a `…${expr}…` literal starting at `i`; expressions may nest anything. */
function skipTemplate(src: string, i: number): number {
  i++;
  while (i < src.length) {
    const c = src[i];
    if (c === "\\") i += 2;
    else if (c === "`") return i + 1;
    else if (c === "$" && src[i + 1] === "{") i = skipBraces(src, i + 1);
    else i++;
  }
  return i;
}

/** Index just past the `}` matching the `{` at `i`, skipping strings and comments inside. */
function skipBraces(src: string, i: number): number {
  let depth = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === "{") {
      depth++;
      i++;
    } else if (c === "}") {
      depth--;
      i++;
      if (depth === 0) return i;
    } else if (c === '"' || c === "'") i = skipQuoted(src, i);
    else if (c === "`") i = skipTemplate(src, i);
    else if (c === "/" && src[i + 1] === "/") {
      while (i < src.length && src[i] !== "\n") i++;
    } else if (c === "/" && src[i + 1] === "*") {
      const end = src.indexOf("*/", i + 2);
      i = end < 0 ? src.length : end + 2;
    } else i++;
  }
  return i;
}

function skipNumber(src: string, i: number): number {
  if (src[i] === "0" && /[xXbBoO]/.test(src[i + 1] ?? "")) {
    i += 2;
    while (i < src.length && /[\w]/.test(src[i] as string)) i++;
    return i;
  }
  while (i < src.length) {
    const c = src[i] as string;
    if (/[0-9_.]/.test(c)) i++;
    else if ((c === "e" || c === "E") && /[-+0-9]/.test(src[i + 1] ?? "")) i += 2;
    else break;
  }
  return i;
}

/** Index of the token closing the bracket opened at `open` (`(`, `[`, `{` or `<`), or -1. */
export function matchBracket(tokens: Token[], open: number): number {
  const pairs: Record<string, string> = { "(": ")", "[": "]", "{": "}", "<": ">" };
  const o = tokens[open]?.text ?? "";
  const close = pairs[o];
  if (!close) return -1;
  let depth = 0;
  for (let k = open; k < tokens.length; k++) {
    const t = tokens[k] as Token;
    if (t.kind !== "punct") continue;
    if (t.text === o) depth++;
    else if (t.text === close) {
      depth--;
      if (depth === 0) return k;
    } else if (o === "<" && (t.text === ";" || t.text === "{" || t.text === "}")) {
      // Not a type argument list after all (a comparison).
      return -1;
    }
  }
  return -1;
}
