// Where bench results live between and across runs: the results file (`--out FILE`, written
// whole, atomically, at the end) and its journal `FILE.partial` (JSON Lines, one line appended
// as each cell finishes), which is what an interrupted bench leaves behind and `--resume` reads.
// Also reading results files for `merge` and `report`, and joining them.

import {
  closeSync,
  existsSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from "node:fs";
import { InputError } from "../errors.ts";
import {
  type BenchMeta,
  type CellError,
  cellKey,
  comparable,
  describeCell,
  type ResultElement,
  type ResultsDoc,
} from "./results.ts";

export function journalPath(out: string): string {
  return `${out}.partial`;
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

function checkElement(file: string, where: string, r: unknown): ResultElement {
  if (!isObject(r)) throw new InputError(`${where}: expected a run result object`, { file });
  for (const k of ["policy", "machine", "workload"]) {
    if (typeof r[k] !== "string")
      throw new InputError(`${where}.${k}: expected a string`, { file });
  }
  if (typeof r.seed !== "number")
    throw new InputError(`${where}.seed: expected a number`, { file });
  if (!isObject(r.params)) throw new InputError(`${where}.params: expected an object`, { file });
  if (!isObject(r.exit) || !isObject(r.summary)) {
    throw new InputError(`${where}: expected a run result (exit, summary, …)`, { file });
  }
  return r as unknown as ResultElement;
}

/** A results document (`bench --out`, `compare --json`, `merge`), checked enough to use. */
export function parseDoc(file: string, text: string): ResultsDoc {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new InputError(`not valid JSON: ${(e as Error).message}`, { file });
  }
  if (!isObject(doc) || !Array.isArray(doc.results)) {
    throw new InputError(
      `expected { "results": [ … ] } (a bench, compare --json or merge output)`,
      {
        file,
      },
    );
  }
  for (const [i, r] of doc.results.entries()) checkElement(file, `results[${i}]`, r);
  if (doc.errors !== undefined && !Array.isArray(doc.errors)) {
    throw new InputError("errors: expected an array", { file });
  }
  return doc as ResultsDoc;
}

export function readDoc(file: string): ResultsDoc {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(
      code === "ENOENT" ? "no such file" : `cannot read: ${(e as Error).message}`,
      {
        file,
      },
    );
  }
  return parseDoc(file, text);
}

export interface Journal {
  meta?: BenchMeta;
  results: ResultElement[];
  errors: CellError[];
}

/**
 * The journal of an interrupted bench, or null if there is none. A last line cut short by the
 * interruption is ignored.
 */
export function readJournal(file: string): Journal | null {
  if (!existsSync(file)) return null;
  const lines = readFileSync(file, "utf8").split("\n");
  const out: Journal = { results: [], errors: [] };
  lines.forEach((line, i) => {
    if (line.trim() === "") return;
    let rec: unknown;
    try {
      rec = JSON.parse(line);
    } catch (e) {
      if (i >= lines.length - 2) return; // the last line, cut short
      throw new InputError(`line ${i + 1}: not valid JSON: ${(e as Error).message}`, { file });
    }
    if (!isObject(rec)) return;
    if (isObject(rec.bench)) out.meta = rec.bench as unknown as BenchMeta;
    if (rec.result !== undefined) out.results.push(checkElement(file, `line ${i + 1}`, rec.result));
    if (isObject(rec.error)) out.errors.push(rec.error as unknown as CellError);
  });
  return out;
}

/** Appends one line per record, synchronously, so a killed bench loses at most the line being written. */
export class JournalWriter {
  private fd: number | null;

  constructor(
    readonly path: string,
    meta: BenchMeta,
  ) {
    this.fd = openSync(path, "w");
    this.line({ bench: meta });
  }

  result(r: ResultElement): void {
    this.line({ result: r });
  }

  error(e: CellError): void {
    this.line({ error: e });
  }

  private line(rec: unknown): void {
    if (this.fd === null) return;
    writeSync(this.fd, `${JSON.stringify(rec)}\n`);
  }

  close(remove: boolean): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
    if (remove) rmSync(this.path, { force: true });
  }
}

/** Writes the file whole or not at all (a temporary file renamed over it). */
export function writeAtomic(file: string, text: string): void {
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    const fd = openSync(tmp, "w");
    writeSync(fd, text);
    closeSync(fd);
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new InputError(`cannot write: ${(e as Error).message}`, { file });
  }
}

export interface MergeInput {
  file: string;
  results: readonly ResultElement[];
  errors?: readonly CellError[];
}

export interface MergeOutcome {
  results: ResultElement[];
  errors: CellError[];
  /** Cells present in several inputs with the same result (kept once). */
  duplicates: { key: string; cell: string; files: string[] }[];
}

/**
 * The union of the inputs' results. A cell found in two inputs is a duplicate: kept once when
 * both results agree (apart from wall time), an InputError naming both files when they differ.
 * Errors are kept for cells that have no result in any input.
 */
export function mergeResults(inputs: readonly MergeInput[]): MergeOutcome {
  const byKey = new Map<string, { result: ResultElement; file: string; text: string }>();
  const duplicates = new Map<string, { key: string; cell: string; files: string[] }>();
  const results: ResultElement[] = [];
  for (const input of inputs) {
    for (const r of input.results) {
      const key = cellKey(r);
      const text = JSON.stringify(comparable(r));
      const seen = byKey.get(key);
      if (!seen) {
        byKey.set(key, { result: r, file: input.file, text });
        results.push(r);
        continue;
      }
      if (seen.text !== text) {
        throw new InputError(
          `${describeCell(r)}: in both ${seen.file} and ${input.file} with different results (different versions or options?)`,
        );
      }
      const d = duplicates.get(key) ?? { key, cell: describeCell(r), files: [seen.file] };
      d.files.push(input.file);
      duplicates.set(key, d);
    }
  }
  const errors: CellError[] = [];
  const errorKeys = new Set<string>();
  for (const input of inputs) {
    for (const e of input.errors ?? []) {
      const key = cellKey(e);
      if (byKey.has(key) || errorKeys.has(key)) continue;
      errorKeys.add(key);
      errors.push(e);
    }
  }
  return { results, errors, duplicates: [...duplicates.values()] };
}

/** Keys of every cell of a bench's matrix, in matrix order. */
export function matrixKeys(matrix: BenchMeta["matrix"]): string[] {
  const keys: string[] = [];
  for (const machine of matrix.machines)
    for (const workload of matrix.workloads)
      for (const v of matrix.variants)
        for (const seed of matrix.seeds)
          keys.push(cellKey({ policy: v.policy, params: v.params, machine, workload, seed }));
  return keys;
}

/** Results in matrix order; results outside the matrix keep their order, after it. */
export function sortByMatrix<T extends Parameters<typeof cellKey>[0]>(
  items: readonly T[],
  keys: readonly string[],
): T[] {
  const rank = new Map(keys.map((k, i) => [k, i]));
  return items
    .map((r, i) => ({ r, i, k: rank.get(cellKey(r)) ?? keys.length + i }))
    .sort((a, b) => a.k - b.k)
    .map((x) => x.r);
}
