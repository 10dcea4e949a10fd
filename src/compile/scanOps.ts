// What the host learns about a policy from its source, since AssemblyScript has no reflection:
// which callbacks the registered class defines (opsMask: the engine applies the kernel's
// default for the others, and a NULL op differs from an empty one), which exported mutable
// globals are knobs and of what type, and the one-line description from the header comment.

import { callbackId } from "../sim/callIds.ts";
import type { KnobInfo } from "../sim/types.ts";
import { lexSource, matchBracket, type Token } from "./lexSource.ts";

export type KnobType = KnobInfo["type"];

const KNOB_TYPES = new Set<string>([
  "bool",
  "i8",
  "i16",
  "i32",
  "i64",
  "u8",
  "u16",
  "u32",
  "u64",
  "f32",
  "f64",
  "isize",
  "usize",
]);

/** Words that may precede a member name in a class body. */
const MODIFIERS = new Set([
  "public",
  "private",
  "protected",
  "override",
  "static",
  "readonly",
  "abstract",
  "async",
  "declare",
  "get",
  "set",
]);

/** Punctuation after which a line break does not end a member (the expression goes on). */
const CONTINUES = new Set([
  "=",
  ",",
  ":",
  "|",
  "&",
  ".",
  "(",
  "[",
  "?",
  "+",
  "-",
  "*",
  "/",
  "%",
  "<",
  "!",
  "~",
  "^",
]);

interface ClassInfo {
  name: string;
  base: string | null;
  /** Token indices of the body's `{` and `}`. */
  open: number;
  close: number;
}

/** Bit `id` set when the class passed to `register` (or one of its local bases) defines callback `id`. */
export function scanOps(source: string): number {
  const tokens = lexSource(source);
  const classes = findClasses(tokens);
  let mask = 0;
  for (const cls of classesToScan(tokens, classes)) {
    for (const name of definedMethods(tokens, cls)) {
      const id = callbackId(name);
      if (id !== undefined) mask |= 1 << id;
    }
  }
  return mask;
}

function findClasses(tokens: Token[]): Map<string, ClassInfo> {
  const out = new Map<string, ClassInfo>();
  for (let i = 0; i < tokens.length; i++) {
    if (
      !isWord(tokens[i], "class") ||
      tokens[i + 1]?.kind !== "ident" ||
      isPunct(tokens[i - 1], ".")
    )
      continue;
    const name = (tokens[i + 1] as Token).text;
    let k = i + 2;
    if (isPunct(tokens[k], "<")) k = matchBracket(tokens, k) + 1 || k + 1;
    let base: string | null = null;
    if (isWord(tokens[k], "extends")) {
      k++;
      // `extends scx.Ops<T>`: the last name before type arguments or the body.
      while (tokens[k]?.kind === "ident" && isPunct(tokens[k + 1], ".")) k += 2;
      base = tokens[k]?.kind === "ident" ? (tokens[k] as Token).text : null;
    }
    while (k < tokens.length && !isPunct(tokens[k], "{")) k++;
    const close = matchBracket(tokens, k);
    if (close < 0) continue;
    out.set(name, { name, base, open: k, close });
    i = k; // nested classes are not a thing in AS; keep scanning after the header
  }
  return out;
}

/** The registered class and its bases defined in this file; failing that, every Ops subclass. */
function classesToScan(tokens: Token[], classes: Map<string, ClassInfo>): ClassInfo[] {
  const registered = registeredClass(tokens);
  const chain = (start: string): ClassInfo[] => {
    const seen: ClassInfo[] = [];
    for (
      let c = classes.get(start);
      c && !seen.includes(c);
      c = c.base ? classes.get(c.base) : undefined
    ) {
      seen.push(c);
    }
    return seen;
  };
  if (registered && classes.has(registered)) return chain(registered);
  const all = [...classes.values()];
  const opsSubclasses = all.filter((c) => chain(c.name).some((x) => x.base === "Ops"));
  return opsSubclasses.length > 0 ? opsSubclasses : all;
}

/** `register(new X(…), …)` or `register(v, …)` with `v = new X(…)` → "X". */
function registeredClass(tokens: Token[]): string | null {
  for (let i = 0; i + 2 < tokens.length; i++) {
    if (
      !isWord(tokens[i], "register") ||
      !isPunct(tokens[i + 1], "(") ||
      isPunct(tokens[i - 1], ".")
    )
      continue;
    const arg = tokens[i + 2] as Token;
    if (isWord(arg, "new") && tokens[i + 3]?.kind === "ident") return (tokens[i + 3] as Token).text;
    if (arg.kind === "ident") return classAssignedTo(tokens, arg.text);
  }
  return null;
}

function classAssignedTo(tokens: Token[], variable: string): string | null {
  for (let i = 0; i < tokens.length; i++) {
    if (!isWord(tokens[i], variable) || isPunct(tokens[i - 1], ".")) continue;
    let k = i + 1;
    if (isPunct(tokens[k], ":"))
      while (k < tokens.length && !isPunct(tokens[k], "=") && !isPunct(tokens[k], ";")) k++;
    if (
      isPunct(tokens[k], "=") &&
      isWord(tokens[k + 1], "new") &&
      tokens[k + 2]?.kind === "ident"
    ) {
      return (tokens[k + 2] as Token).text;
    }
  }
  return null;
}

/** Names of the instance methods with a body directly in the class body. */
function definedMethods(tokens: Token[], cls: ClassInfo): string[] {
  const names: string[] = [];
  let depth = 0;
  for (let j = cls.open + 1; j < cls.close; j++) {
    const t = tokens[j] as Token;
    if (t.kind === "punct" && "([{".includes(t.text)) {
      depth++;
      continue;
    }
    if (t.kind === "punct" && ")]}".includes(t.text)) {
      depth--;
      continue;
    }
    if (depth !== 0 || !startsMember(tokens, j, cls.open)) continue;
    const m = parseMethodHead(tokens, j);
    if (m && !m.isStatic && !m.isAccessor && m.name !== "constructor") names.push(m.name);
  }
  return names;
}

/** Token `j` begins a class member: after `{`, `;`, `}`, or a line break that ends a statement. */
function startsMember(tokens: Token[], j: number, open: number): boolean {
  if (j === open + 1) return true;
  const prev = tokens[j - 1] as Token;
  if (prev.kind === "punct" && (prev.text === ";" || prev.text === "}" || prev.text === "{"))
    return true;
  const t = tokens[j] as Token;
  return t.nl && !(prev.kind === "punct" && CONTINUES.has(prev.text));
}

function parseMethodHead(
  tokens: Token[],
  j: number,
): { name: string; isStatic: boolean; isAccessor: boolean } | null {
  let k = j;
  let isStatic = false;
  let isAccessor = false;
  for (;;) {
    const t = tokens[k];
    if (isPunct(t, "@")) {
      // A decorator: `@inline`, `@operator("+")`.
      k += 2;
      if (isPunct(tokens[k], "(")) k = matchBracket(tokens, k) + 1;
      if (k <= 0) return null;
      continue;
    }
    // A modifier only when a name follows; `get(…)` is a method called get.
    if (t?.kind === "ident" && MODIFIERS.has(t.text) && tokens[k + 1]?.kind === "ident") {
      if (t.text === "static") isStatic = true;
      if (t.text === "get" || t.text === "set") isAccessor = true;
      k++;
      continue;
    }
    break;
  }
  const nameTok = tokens[k];
  if (nameTok?.kind !== "ident") return null;
  k++;
  if (isPunct(tokens[k], "?") || isPunct(tokens[k], "!")) k++;
  if (isPunct(tokens[k], "<")) {
    k = matchBracket(tokens, k) + 1;
    if (k <= 0) return null;
  }
  if (!isPunct(tokens[k], "(")) return null;
  k = matchBracket(tokens, k) + 1;
  if (k <= 0) return null;
  // Optional return type, then the body. An overload signature or abstract method ends in `;`.
  if (isPunct(tokens[k], ":")) {
    let depth = 0;
    for (k++; k < tokens.length; k++) {
      const t = tokens[k] as Token;
      if (t.kind !== "punct") continue;
      if ("(<[".includes(t.text)) depth++;
      else if (")>]".includes(t.text)) depth--;
      else if (depth <= 0 && (t.text === "{" || t.text === ";" || t.text === "=" || t.text === "}"))
        break;
    }
  }
  if (!isPunct(tokens[k], "{")) return null;
  return { name: nameTok.text, isStatic, isAccessor };
}

/**
 * The knobs: `export let|var NAME: TYPE = …` (also `let NAME: TYPE …; export { NAME }`) with
 * a primitive TYPE; without an annotation, a lone `true`/`false` is bool and a lone integer
 * or decimal literal is i32/i64 or f64, as AssemblyScript infers them.
 */
export function scanKnobs(source: string): { name: string; type: KnobType }[] {
  const tokens = lexSource(source);
  const declared = new Map<string, KnobType>();
  const exported: { local: string; name: string }[] = [];
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (t.kind === "punct" && "([{".includes(t.text)) {
      depth++;
      continue;
    }
    if (t.kind === "punct" && ")]}".includes(t.text)) {
      depth--;
      continue;
    }
    if (depth !== 0 || (t.text !== "let" && t.text !== "var") || t.kind !== "ident") continue;
    const isExported = isWord(tokens[i - 1], "export");
    const next = parseDeclarators(tokens, i + 1, (name, type) => {
      if (type) declared.set(name, type);
      if (isExported) exported.push({ local: name, name });
    });
    i = next - 1;
  }
  for (const spec of exportLists(tokens)) exported.push(spec);
  const knobs: { name: string; type: KnobType }[] = [];
  for (const { local, name } of exported) {
    const type = declared.get(local);
    if (type && !knobs.some((k) => k.name === name)) knobs.push({ name, type });
  }
  return knobs;
}

/** Parses `a: T = x, b = y` from token `k`; returns the index of the first token not consumed. */
function parseDeclarators(
  tokens: Token[],
  k: number,
  found: (name: string, type: KnobType | null) => void,
): number {
  for (;;) {
    const nameTok = tokens[k];
    if (nameTok?.kind !== "ident") return k;
    k++;
    if (isPunct(tokens[k], "!")) k++;
    let type: KnobType | null = null;
    const annotated = isPunct(tokens[k], ":");
    if (annotated) {
      const tt = tokens[k + 1];
      const after = tokens[k + 2];
      // Only a bare primitive: `u64 | null`, `Array<i32>`, `i32[]` are not knobs.
      const bare =
        !after || after.nl || isPunct(after, "=") || isPunct(after, ";") || isPunct(after, ",");
      if (tt?.kind === "ident" && KNOB_TYPES.has(tt.text) && bare) type = tt.text as KnobType;
      k += 2;
      if (!bare) {
        found(nameTok.text, null);
        return k;
      }
    }
    if (isPunct(tokens[k], "=")) {
      const initStart = k + 1;
      k = skipExpression(tokens, initStart);
      if (!annotated) type = inferLiteralType(tokens.slice(initStart, k));
    }
    found(nameTok.text, type);
    if (!isPunct(tokens[k], ",")) return k;
    k++;
  }
}

/** Index of the first token after an initializer: `,` or `;` at depth 0, or a statement-ending line break. */
function skipExpression(tokens: Token[], k: number): number {
  let depth = 0;
  for (let first = true; k < tokens.length; k++, first = false) {
    const t = tokens[k] as Token;
    if (!first && depth === 0 && t.nl) {
      const prev = tokens[k - 1] as Token;
      const cont =
        (prev.kind === "punct" && CONTINUES.has(prev.text)) ||
        (t.kind === "punct" && ".?:|&+-*/%<>=".includes(t.text));
      if (!cont) return k;
    }
    if (t.kind !== "punct") continue;
    if ("([{".includes(t.text)) depth++;
    else if (")]}".includes(t.text)) {
      if (depth === 0) return k;
      depth--;
    } else if (depth === 0 && (t.text === "," || t.text === ";")) return k;
  }
  return k;
}

function inferLiteralType(init: Token[]): KnobType | null {
  const toks = isPunct(init[0], "-") ? init.slice(1) : init;
  if (toks.length !== 1) return null;
  const t = toks[0] as Token;
  if (t.kind === "ident" && (t.text === "true" || t.text === "false")) return "bool";
  if (t.kind !== "number") return null;
  if (/^0[xXbBoO]/.test(t.text) || !/[.eE]/.test(t.text)) {
    const v = Number(t.text.replace(/_/g, ""));
    return Math.abs(v) <= 2 ** 31 ? "i32" : "i64";
  }
  return "f64";
}

/** `export { a, b as c }` without `from`: local and exported names. */
function exportLists(tokens: Token[]): { local: string; name: string }[] {
  const out: { local: string; name: string }[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (!isWord(tokens[i], "export") || !isPunct(tokens[i + 1], "{")) continue;
    const close = matchBracket(tokens, i + 1);
    if (close < 0 || isWord(tokens[close + 1], "from")) continue;
    for (let k = i + 2; k < close; k++) {
      const t = tokens[k] as Token;
      if (t.kind !== "ident") continue;
      if (isWord(tokens[k + 1], "as") && tokens[k + 2]?.kind === "ident") {
        out.push({ local: t.text, name: (tokens[k + 2] as Token).text });
        k += 2;
      } else out.push({ local: t.text, name: t.text });
    }
  }
  return out;
}

/**
 * The first sentence of the comment the file opens with (a `//` run or a block comment),
 * skipping licence lines and tool pragmas. Empty when the file has no header comment.
 */
export function policyDescription(source: string): string {
  const lines = headerCommentLines(source);
  const paragraph: string[] = [];
  for (const line of lines) {
    if (/^(SPDX-|Copyright\b|@ts-|biome-ignore|eslint-|prettier-ignore)/i.test(line)) continue;
    if (line === "") {
      if (paragraph.length > 0) break;
      continue;
    }
    paragraph.push(line);
  }
  const text = paragraph.join(" ").replace(/\s+/g, " ").trim();
  return firstSentence(text);
}

function headerCommentLines(source: string): string[] {
  const src = source.replace(/^\ufeff/, "").replace(/^#!.*\n/, "");
  const lines: string[] = [];
  let i = 0;
  for (;;) {
    while (i < src.length && /\s/.test(src[i] as string)) i++;
    if (src.startsWith("//", i)) {
      const end = src.indexOf("\n", i);
      const stop = end < 0 ? src.length : end;
      lines.push(
        src
          .slice(i + 2, stop)
          .replace(/^\/+/, "")
          .trim(),
      );
      i = stop;
      // A blank line between two comment runs separates paragraphs.
      const next = src.slice(stop).match(/^\n([ \t\r]*\n)+/);
      if (next) lines.push("");
    } else if (src.startsWith("/*", i)) {
      const end = src.indexOf("*/", i + 2);
      const stop = end < 0 ? src.length : end;
      for (const l of src.slice(i + 2, stop).split("\n")) {
        lines.push(
          l
            .replace(/^\s*\*+(?!\/)/, "")
            .replace(/^\*+/, "")
            .trim(),
        );
      }
      lines.push("");
      i = end < 0 ? src.length : end + 2;
    } else break;
  }
  return lines;
}

const ABBREVIATIONS = /(?:\b(?:e\.g|i\.e|etc|vs|cf|approx|Fig|no)\.)$/i;

function firstSentence(text: string): string {
  const re = /[.!?](?=\s|$)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const upTo = text.slice(0, m.index + 1);
    if (ABBREVIATIONS.test(upTo)) continue;
    return upTo.trim();
  }
  return text;
}

function isWord(t: Token | undefined, w: string): boolean {
  return t?.kind === "ident" && t.text === w;
}

function isPunct(t: Token | undefined, p: string): boolean {
  return t?.kind === "punct" && t.text === p;
}
