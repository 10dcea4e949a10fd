// A lesson: a folder under lessons/ holding `lesson.md` (a Markdown page with a JSON header),
// the policy the student starts from, a reference solution, and optionally a machine file and a
// workload file. The header says what to run and how the exercise is checked:
//
//   {
//     "title": "FIFO starves interactive tasks",
//     "summary": "…one line…",
//     "machine": "raspberry-pi-5",             // a preset, or a file in the folder ("machine.json")
//     "workload": "workload.json",             // a preset, or a file in the folder
//     "duration": "300ms", "seed": 1,
//     "policy": "start.ts", "solution": "solution.ts",
//     "goal": "…what the student must achieve, one sentence…",
//     "checks": [ { "metric": "groups.interactive.wakeup_latency_ns.p99", "op": "<", "value": "2ms" } ]
//   }
//
// docs/teaching.md describes every field; checks.ts evaluates the checks.
import { parseDuration } from "../config/duration.ts";
import { InputError } from "../errors.ts";
import { splitFrontMatter } from "./frontMatter.ts";

export const LESSON_FILE = "lesson.md";

export type CheckOp = "<" | "<=" | ">" | ">=" | "between";
export const CHECK_OPS: readonly CheckOp[] = ["<", "<=", ">", ">=", "between"];

export interface LessonCheck {
  /** A path into the run's JSON result, or the ratio of two: `groups.a.cpu_time_ns / groups.b.cpu_time_ns`. */
  metric: string;
  op: CheckOp;
  /** The bound (ns for a duration string); for `between`, [low, high]. */
  value?: number | [number, number];
  /** The bound is this factor times the metric in a run of the starting policy. */
  baseline?: number | [number, number];
  /** What the check means, in words (shown instead of the metric path). */
  label?: string;
}

export type Source<T> = { preset: string } | ({ file: string } & T);

export interface Lesson {
  /** The folder's name, e.g. `01-fifo-starves`. */
  id: string;
  title: string;
  summary: string;
  /** Position in the list (default: the folder's leading number, else 1000). */
  order: number;
  goal: string;
  /** The page, Markdown. */
  body: string;
  machine: Source<{ json: unknown }>;
  workload: Source<{ text: string }>;
  durationNs: number;
  seed: number;
  /** Knob values for every run of the lesson. */
  params: Record<string, number | boolean>;
  /** Policy names (file names without .ts). */
  policyName: string;
  policySource: string;
  solutionName: string;
  solutionSource: string;
  checks: LessonCheck[];
}

type Files = Readonly<Record<string, string>>;

/** A lesson from its folder's files (name → text). Throws InputError naming the file and field. */
export function parseLesson(id: string, files: Files): Lesson {
  const file = `lessons/${id}/${LESSON_FILE}`;
  const text = files[LESSON_FILE];
  if (text === undefined) throw new InputError(`missing ${LESSON_FILE}`, { file: `lessons/${id}` });
  const { header, body } = splitFrontMatter(text, file);
  if (typeof header !== "object" || header === null || Array.isArray(header)) {
    throw new InputError("the header must be a JSON object", { file });
  }
  const h = header as Record<string, unknown>;
  const known = new Set([
    "title",
    "summary",
    "order",
    "goal",
    "machine",
    "workload",
    "duration",
    "seed",
    "params",
    "policy",
    "solution",
    "checks",
  ]);
  for (const k of Object.keys(h)) {
    if (!known.has(k))
      throw new InputError(`unknown field; fields are ${[...known].join(", ")}`, {
        file,
        field: k,
      });
  }
  const str = (field: string, optional = false): string => {
    const v = h[field];
    if (v === undefined && optional) return "";
    if (typeof v !== "string" || v.trim() === "") {
      throw new InputError(`expected a non-empty string, got ${JSON.stringify(v)}`, {
        file,
        field,
      });
    }
    return v;
  };
  const sourceFile = (field: string): [string, string] => {
    const name = str(field);
    if (!name.endsWith(".ts"))
      throw new InputError(`expected a .ts file of the folder, got "${name}"`, { file, field });
    const src = files[name];
    if (src === undefined)
      throw new InputError(`no file "${name}" in lessons/${id}/`, { file, field });
    return [name.slice(0, -3), src];
  };
  const machineName = str("machine");
  const workloadName = str("workload");
  const [policyName, policySource] = sourceFile("policy");
  const [solutionName, solutionSource] = sourceFile("solution");
  const orderFromId = /^(\d+)/.exec(id);
  const order =
    h.order === undefined
      ? orderFromId
        ? Number(orderFromId[1])
        : 1000
      : num(h.order, file, "order");
  const seed = h.seed === undefined ? 1 : num(h.seed, file, "seed");
  if (!Number.isSafeInteger(seed) || seed < 0)
    throw new InputError(`expected an integer ≥ 0, got ${seed}`, { file, field: "seed" });
  const durationNs = parseDuration(h.duration ?? "1s", { file, field: "duration" });
  if (durationNs <= 0)
    throw new InputError("expected a duration above 0", { file, field: "duration" });
  return {
    id,
    title: str("title"),
    summary: str("summary", true),
    order,
    goal: str("goal"),
    body,
    machine: fromFolder(machineName, files, id, file, "machine", (t) => ({
      json: jsonOf(t, `lessons/${id}/${machineName}`),
    })),
    workload: fromFolder(workloadName, files, id, file, "workload", (t) => ({ text: t })),
    durationNs,
    seed,
    params: params(h.params, file),
    policyName,
    policySource,
    solutionName,
    solutionSource,
    checks: checks(h.checks, file),
  };
}

/** A name ending in .json is a file of the folder; anything else a preset. */
function fromFolder<T>(
  name: string,
  files: Files,
  id: string,
  file: string,
  field: string,
  read: (text: string) => T,
): Source<T> {
  if (!name.endsWith(".json")) return { preset: name };
  const text = files[name];
  if (text === undefined)
    throw new InputError(`no file "${name}" in lessons/${id}/`, { file, field });
  return { file: name, ...read(text) };
}

function jsonOf(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new InputError(`not valid JSON: ${(e as Error).message}`, { file });
  }
}

function num(v: unknown, file: string, field: string): number {
  if (typeof v !== "number" || !Number.isFinite(v)) {
    throw new InputError(`expected a number, got ${JSON.stringify(v)}`, { file, field });
  }
  return v;
}

function params(v: unknown, file: string): Record<string, number | boolean> {
  if (v === undefined) return {};
  if (typeof v !== "object" || v === null || Array.isArray(v)) {
    throw new InputError("expected an object of knob values", { file, field: "params" });
  }
  const out: Record<string, number | boolean> = {};
  for (const [k, x] of Object.entries(v)) {
    if (typeof x !== "number" && typeof x !== "boolean") {
      throw new InputError(`expected a number or true/false, got ${JSON.stringify(x)}`, {
        file,
        field: `params.${k}`,
      });
    }
    out[k] = x;
  }
  return out;
}

/** A bound: a number, or a duration string ("2ms" → 2000000). */
function bound(v: unknown, file: string, field: string): number {
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (typeof v === "string") return parseDuration(v, { file, field });
  throw new InputError(`expected a number or a duration ("2ms"), got ${JSON.stringify(v)}`, {
    file,
    field,
  });
}

function boundOrPair(
  v: unknown,
  op: CheckOp,
  file: string,
  field: string,
): number | [number, number] {
  if (op === "between") {
    if (!Array.isArray(v) || v.length !== 2) {
      throw new InputError(`"between" needs [low, high], got ${JSON.stringify(v)}`, {
        file,
        field,
      });
    }
    const lo = bound(v[0], file, `${field}[0]`);
    const hi = bound(v[1], file, `${field}[1]`);
    if (lo > hi) throw new InputError(`low ${lo} is above high ${hi}`, { file, field });
    return [lo, hi];
  }
  return bound(v, file, field);
}

function checks(v: unknown, file: string): LessonCheck[] {
  if (!Array.isArray(v) || v.length === 0) {
    throw new InputError("expected a list of at least one check", { file, field: "checks" });
  }
  return v.map((c, i): LessonCheck => {
    const field = `checks[${i}]`;
    if (typeof c !== "object" || c === null || Array.isArray(c)) {
      throw new InputError("expected an object { metric, op, value | baseline }", { file, field });
    }
    const o = c as Record<string, unknown>;
    for (const k of Object.keys(o)) {
      if (!["metric", "op", "value", "baseline", "label"].includes(k)) {
        throw new InputError("unknown field; a check has metric, op, value or baseline, label", {
          file,
          field: `${field}.${k}`,
        });
      }
    }
    if (typeof o.metric !== "string" || o.metric.trim() === "") {
      throw new InputError("expected a metric path", { file, field: `${field}.metric` });
    }
    const op = o.op as CheckOp;
    if (!CHECK_OPS.includes(op)) {
      throw new InputError(`expected one of ${CHECK_OPS.join(" ")}, got ${JSON.stringify(o.op)}`, {
        file,
        field: `${field}.op`,
      });
    }
    if ((o.value === undefined) === (o.baseline === undefined)) {
      throw new InputError(
        "give either value (a fixed bound) or baseline (a factor of the starting policy's result)",
        { file, field },
      );
    }
    const out: LessonCheck = { metric: o.metric.trim(), op };
    if (o.value !== undefined) out.value = boundOrPair(o.value, op, file, `${field}.value`);
    else out.baseline = boundOrPair(o.baseline, op, file, `${field}.baseline`);
    if (o.label !== undefined) {
      if (typeof o.label !== "string")
        throw new InputError("expected a string", { file, field: `${field}.label` });
      out.label = o.label;
    }
    return out;
  });
}

/** Lessons from their folders (id → files), ordered by `order` then id; broken ones reported. */
export function parseLessons(folders: Readonly<Record<string, Files>>): {
  lessons: Lesson[];
  errors: { id: string; message: string }[];
} {
  const lessons: Lesson[] = [];
  const errors: { id: string; message: string }[] = [];
  for (const [id, files] of Object.entries(folders)) {
    try {
      lessons.push(parseLesson(id, files));
    } catch (e) {
      errors.push({ id, message: (e as Error).message });
    }
  }
  lessons.sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
  return { lessons, errors };
}

/** Does any check compare with a run of the starting policy? */
export function needsBaseline(lesson: Pick<Lesson, "checks">): boolean {
  return lesson.checks.some((c) => c.baseline !== undefined);
}
