// Tokens of rt-app's JSON dialect: JSON plus what json-c's non-strict tokenizer tolerates and the
// official examples use — `//` and `/* */` comments and single-quoted strings. (Trailing commas
// and value-less keys are the parser's business.)

import { InputError } from "../../errors.ts";

export type Token =
  | { kind: "punct"; text: "{" | "}" | "[" | "]" | ":" | ","; line: number; col: number }
  | { kind: "string"; value: string; line: number; col: number }
  | { kind: "number"; value: number; text: string; line: number; col: number }
  | { kind: "word"; text: string; line: number; col: number }
  | { kind: "end"; line: number; col: number };

const NUMBER = /-?(?:\d+)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WORD = /[A-Za-z_][A-Za-z0-9_]*/y;
const ESCAPES: Record<string, string> = {
  '"': '"',
  "'": "'",
  "\\": "\\",
  "/": "/",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
};

export function tokenize(text: string, file?: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const fail = (message: string, at = i): never => {
    throw new InputError(`line ${line}, column ${at - lineStart + 1}: ${message}`, { file });
  };

  while (i < text.length) {
    const c = text[i] as string;
    if (c === "\n") {
      line++;
      lineStart = ++i;
    } else if (c === " " || c === "\t" || c === "\r" || c === "\uFEFF") {
      i++;
    } else if (c === "/" && text[i + 1] === "/") {
      while (i < text.length && text[i] !== "\n") i++;
    } else if (c === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      if (end < 0) fail("comment opened here is never closed");
      for (let j = i; j < end; j++) {
        if (text[j] === "\n") {
          line++;
          lineStart = j + 1;
        }
      }
      i = end + 2;
    } else if ("{}[]:,".includes(c)) {
      tokens.push({ kind: "punct", text: c as "{", line, col: i - lineStart + 1 });
      i++;
    } else if (c === '"' || c === "'") {
      const col = i - lineStart + 1;
      let value = "";
      i++;
      for (;;) {
        if (i >= text.length) fail("string is never closed", lineStart + col - 1);
        const d = text[i] as string;
        if (d === c) break;
        if (d === "\n") fail("line break inside a string");
        if (d === "\\") {
          const e = text[i + 1] ?? "";
          if (e === "u") {
            const hex = text.slice(i + 2, i + 6);
            if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail(`bad escape \\u${hex}`);
            value += String.fromCharCode(Number.parseInt(hex, 16));
            i += 6;
          } else if (e in ESCAPES) {
            value += ESCAPES[e];
            i += 2;
          } else {
            fail(`bad escape \\${e}`);
          }
        } else {
          value += d;
          i++;
        }
      }
      i++;
      tokens.push({ kind: "string", value, line, col });
    } else if (c === "-" || (c >= "0" && c <= "9")) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(text);
      if (!m) fail(`unexpected "${c}"`);
      const numText = (m as RegExpExecArray)[0];
      tokens.push({
        kind: "number",
        value: Number(numText),
        text: numText,
        line,
        col: i - lineStart + 1,
      });
      i += numText.length;
    } else if (/[A-Za-z_]/.test(c)) {
      WORD.lastIndex = i;
      const word = (WORD.exec(text) as RegExpExecArray)[0];
      tokens.push({ kind: "word", text: word, line, col: i - lineStart + 1 });
      i += word.length;
    } else {
      fail(`unexpected character ${JSON.stringify(c)}`);
    }
  }
  tokens.push({ kind: "end", line, col: i - lineStart + 1 });
  return tokens;
}
