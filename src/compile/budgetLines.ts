// Policy source lines for trap reports. asc's source map (`--sourceMap`: the code is the same
// with or without it) maps byte offsets of the module to source lines; the part that matters
// for a report — which offsets are the policy's code, and at which line — travels inside the
// module as a custom section, so prebuilt, cached and browser-compiled modules all carry it.
// On a trap, the byte offsets of the stack's wasm frames (V8 writes them as
// `wasm-function[12]:0x1a2b`) are looked up, innermost first, until one is in the policy.

/** The custom section's name. */
export const LINES_SECTION = "scx.lines";
const FORMAT = 1;
const SOURCE_MAP_URL_SECTION = "sourceMappingURL";

export interface SourceLine {
  line: number;
  column: number;
}

/**
 * From `offset` on: policy line `line`, or code of another file (OTHER), or code without a
 * location (NONE: glue the compiler or the instrumentation added, which belongs to the code
 * that follows it — a budget check sits at the top of the loop body or function it guards).
 */
interface Entry {
  offset: number;
  line: number;
  column: number;
}
const NONE = -1;
const OTHER = 0;

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** The entries of a wasm source map (v3, one generated line whose columns are byte offsets). */
function entriesOf(sourceMap: string, policyFile: string): Entry[] {
  const map = JSON.parse(sourceMap) as { sources: string[]; mappings: string };
  const out: Entry[] = [];
  let offset = 0;
  let src = 0;
  let line = 0;
  let col = 0;
  for (const seg of map.mappings.split(",")) {
    if (seg === "") continue;
    const v = vlq(seg);
    offset += v[0] ?? 0;
    if (v.length >= 4) {
      src += v[1] ?? 0;
      line += v[2] ?? 0;
      col += v[3] ?? 0;
    }
    const e =
      v.length < 4
        ? { offset, line: NONE, column: 0 }
        : map.sources[src] === policyFile
          ? { offset, line: line + 1, column: col + 1 }
          : { offset, line: OTHER, column: 0 };
    const last = out.at(-1);
    if (last && last.line === e.line && e.line <= OTHER) continue; // one marker per stretch
    if (last && last.offset === e.offset) out[out.length - 1] = e;
    else out.push(e);
  }
  out.sort((a, b) => a.offset - b.offset);
  // Glue between other code reads as other code; only glue next to policy code needs its entry.
  for (let i = 0; i < out.length; i++) {
    const e = out[i] as Entry;
    if (e.line !== NONE) continue;
    const prev = out[i - 1]?.line ?? OTHER;
    const next = out[i + 1]?.line ?? OTHER;
    if (prev === OTHER && next === OTHER) e.line = OTHER;
  }
  return out.filter((e, i) => i === 0 || !(e.line === OTHER && out[i - 1]?.line === OTHER));
}

function vlq(seg: string): number[] {
  const vals: number[] = [];
  let v = 0;
  let shift = 0;
  for (const ch of seg) {
    const d = B64.indexOf(ch);
    if (d < 0) throw new Error(`source map: bad character ${JSON.stringify(ch)}`);
    v += (d & 31) * 2 ** shift;
    if (d & 32) shift += 5;
    else {
      vals.push(v % 2 === 1 ? -Math.floor(v / 2) : v / 2);
      v = 0;
      shift = 0;
    }
  }
  return vals;
}

/**
 * The module with the policy's line table appended as a custom section, and the source map's
 * URL section (it names a file that does not exist) dropped when it is the last section.
 */
export function withLineTable(wasm: Uint8Array, sourceMap: string, policyFile: string): Uint8Array {
  const entries = entriesOf(sourceMap, policyFile);
  const payload: number[] = [FORMAT];
  leb(payload, entries.length);
  let prev = 0;
  for (const e of entries) {
    leb(payload, e.offset - prev);
    leb(payload, e.line + 1); // NONE, OTHER, lines from 1 → 0, 1, 2…
    leb(payload, e.column);
    prev = e.offset;
  }
  const body = dropTrailingSection(wasm, SOURCE_MAP_URL_SECTION);
  const name = new TextEncoder().encode(LINES_SECTION);
  const content: number[] = [];
  leb(content, name.length);
  content.push(...name, ...payload);
  const header: number[] = [0];
  leb(header, content.length);
  const out = new Uint8Array(body.length + header.length + content.length);
  out.set(body, 0);
  out.set(header, body.length);
  out.set(content, body.length + header.length);
  return out;
}

function leb(out: number[], n: number): void {
  let v = n;
  do {
    let byte = v % 128;
    v = Math.floor(v / 128);
    if (v > 0) byte |= 128;
    out.push(byte);
  } while (v > 0);
}

function readLeb(bytes: Uint8Array, pos: { at: number }): number {
  let v = 0;
  let scale = 1;
  for (;;) {
    const b = bytes[pos.at++];
    if (b === undefined) throw new Error("truncated LEB128");
    v += (b & 127) * scale;
    if ((b & 128) === 0) return v;
    scale *= 128;
  }
}

/** Removes the custom section `name` if it is the module's last section (offsets stay valid). */
function dropTrailingSection(wasm: Uint8Array, name: string): Uint8Array {
  let last: { id: number; header: number; start: number; end: number } | null = null;
  for (const sec of sections(wasm)) last = sec;
  if (last?.id !== 0) return wasm;
  const p = { at: last.start };
  const n = readLeb(wasm, p);
  if (new TextDecoder().decode(wasm.subarray(p.at, p.at + n)) !== name) return wasm;
  return wasm.slice(0, last.header);
}

/** A custom section's payload, or null. */
function customSection(wasm: Uint8Array, name: string): Uint8Array | null {
  for (const sec of sections(wasm)) {
    if (sec.id !== 0) continue;
    const p = { at: sec.start };
    const n = readLeb(wasm, p);
    if (new TextDecoder().decode(wasm.subarray(p.at, p.at + n)) === name) {
      return wasm.subarray(p.at + n, sec.end);
    }
  }
  return null;
}

/** The module's sections: id, where the section begins (`header`) and its payload's range. */
function* sections(
  wasm: Uint8Array,
): Generator<{ id: number; header: number; start: number; end: number }> {
  const pos = { at: 8 };
  while (pos.at < wasm.length) {
    const header = pos.at;
    const id = wasm[pos.at++] as number;
    const size = readLeb(wasm, pos);
    yield { id, header, start: pos.at, end: pos.at + size };
    pos.at += size;
  }
}

/** The line table of a module built by compilePolicySource, or null for one without it. */
export function readLineTable(wasm: Uint8Array): Entry[] | null {
  const bytes = customSection(wasm, LINES_SECTION);
  if (!bytes) return null;
  const pos = { at: 0 };
  if (bytes[pos.at++] !== FORMAT) return null;
  const n = readLeb(bytes, pos);
  const out: Entry[] = [];
  let offset = 0;
  for (let i = 0; i < n; i++) {
    offset += readLeb(bytes, pos);
    out.push({ offset, line: readLeb(bytes, pos) - 1, column: readLeb(bytes, pos) });
  }
  return out;
}

/** Byte ranges of the function bodies, by function index (imports have none). */
export function functionBodies(wasm: Uint8Array): Map<number, { start: number; end: number }> {
  let imported = 0;
  const out = new Map<number, { start: number; end: number }>();
  for (const sec of sections(wasm)) {
    const p = { at: sec.start };
    if (sec.id === 2) {
      for (let n = readLeb(wasm, p); n > 0; n--) {
        for (let part = 0; part < 2; part++) {
          const len = readLeb(wasm, p); // module, then name
          p.at += len;
        }
        const kind = wasm[p.at++];
        if (kind === 0) {
          readLeb(wasm, p);
          imported++;
        } else if (kind === 1 || kind === 2) {
          if (kind === 1) p.at++; // reference type
          const flags = readLeb(wasm, p);
          readLeb(wasm, p);
          if (flags & 1) readLeb(wasm, p);
        } else if (kind === 3) p.at += 2;
        else if (kind === 4) {
          p.at++;
          readLeb(wasm, p);
        } else return out; // unknown: give up on ranges
      }
    } else if (sec.id === 10) {
      const n = readLeb(wasm, p);
      for (let i = 0; i < n; i++) {
        const size = readLeb(wasm, p);
        out.set(imported + i, { start: p.at, end: p.at + size });
        p.at += size;
      }
    }
  }
  return out;
}

/** Index of the last entry at or before `offset`, or -1. */
function entryAt(table: Entry[], offset: number): number {
  let lo = 0;
  let hi = table.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((table[mid] as Entry).offset <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/**
 * The policy line of one frame. `trap`: the frame is where a trap happened (its instruction
 * may be glue before the code it guards: read forward); else it is a call (its glue follows the
 * code that computed the call: read backward). `body`: for the innermost frame, library code
 * inlined into a policy function is reported at the last policy line before it in that body.
 */
function frameLine(
  table: Entry[],
  offset: number,
  trap: boolean,
  body: { start: number; end: number } | undefined,
): SourceLine | null {
  const i = entryAt(table, offset);
  let j = i;
  while (table[j]?.line === NONE) j += trap ? 1 : -1;
  const e = table[j];
  if (e && e.line > OTHER) return { line: e.line, column: e.column };
  if (!body) return null;
  for (let k = i; k >= 0; k--) {
    const b = table[k] as Entry;
    if (b.offset < body.start) break;
    if (b.line > OTHER) return { line: b.line, column: b.column };
  }
  return null;
}

/** The innermost policy line among the wasm frames of an error's stack, if any. */
export function policyLineOfStack(wasm: Uint8Array, err: Error): SourceLine | null {
  const table = err.stack ? readLineTable(wasm) : null;
  if (!table) return null;
  // A RuntimeError or stack overflow happened in the innermost wasm frame; an abort (a JS
  // exception from the `abort` import) left it at a call.
  const trapped = !(err instanceof Error && err.name === "WasmAbort");
  let first = true;
  for (const m of (err.stack as string).matchAll(/wasm-function\[(\d+)\]:0x([0-9a-f]+)/g)) {
    const offset = Number.parseInt(m[2] as string, 16);
    const body = first ? functionBodies(wasm).get(Number(m[1])) : undefined;
    const hit = frameLine(table, offset, first && trapped, body);
    if (hit) return hit;
    first = false;
  }
  return null;
}
