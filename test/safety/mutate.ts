// Mutations of valid inputs, for the fuzz tests: take a real machine or workload and change a
// few fields to odd values, drop keys, add keys, or garble the text.
import fc from "fast-check";

/** Values that tend to break parsers. */
const odd = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom<unknown>(
    -1,
    0,
    -0,
    0.5,
    1e308,
    -1e308,
    2 ** 31,
    2 ** 53,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    undefined,
    null,
    "",
    " ",
    "ncpus",
    "2*ncpus",
    "ncpus/0",
    "1ms",
    "-5ms",
    "1e400s",
    "__proto__",
    "constructor",
    [],
    {},
    [[]],
    { exp: "0ns" },
    { uniform: ["5ms", "1ms"] },
    { choice: [] },
    "\u0000",
    "x".repeat(10_000),
  ),
);

type Json = unknown;

/** Every container (object or array) in `v` with its path, the root first. */
function containers(
  v: Json,
  path: (string | number)[] = [],
  out: { path: (string | number)[]; value: Json }[] = [],
) {
  if (v !== null && typeof v === "object") {
    out.push({ path, value: v });
    if (Array.isArray(v)) for (const [i, x] of v.entries()) containers(x, [...path, i], out);
    else for (const [k, x] of Object.entries(v)) containers(x, [...path, k], out);
  }
  return out;
}

interface Edit {
  where: number;
  key: number;
  kind: number;
  value: unknown;
  name: string;
}

const edit = fc.record({
  where: fc.nat(),
  key: fc.nat(),
  kind: fc.nat(3),
  value: odd,
  name: fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom("__proto__", "cpus", "run", "count")),
});

function apply(root: Json, edit: Edit): Json {
  // The odd values are shared constants: copy, so that no edit makes a cycle.
  const e = { ...edit, value: edit.value === undefined ? undefined : structuredClone(edit.value) };
  const all = containers(root);
  if (all.length === 0) return e.value;
  const c = all[e.where % all.length] as { value: Json };
  const obj = c.value as Record<string, unknown> | unknown[];
  const keys = Array.isArray(obj) ? obj.map((_, i) => i) : Object.keys(obj);
  if (e.kind === 3 || keys.length === 0) {
    // Add a key (or an item).
    if (Array.isArray(obj)) obj.push(e.value);
    else
      Object.defineProperty(obj, e.name, {
        value: e.value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    return root;
  }
  const k = keys[e.key % keys.length] as string | number;
  if (e.kind === 2) {
    if (Array.isArray(obj)) obj.splice(k as number, 1);
    else delete (obj as Record<string, unknown>)[k as string];
  } else (obj as Record<string | number, unknown>)[k] = e.value;
  return root;
}

/** `base` with one to three random edits (a deep copy; `base` is left alone). */
export function mutated(base: Json): fc.Arbitrary<Json> {
  return fc.array(edit, { minLength: 1, maxLength: 3 }).map((edits) => {
    let v: Json = structuredClone(base);
    for (const e of edits) v = apply(v, e);
    return v;
  });
}

/** `text` with a few characters inserted, deleted or replaced. */
export function garbled(text: string): fc.Arbitrary<string> {
  const op = fc.record({
    at: fc.nat(),
    kind: fc.nat(2),
    s: fc.oneof(
      fc.string({ maxLength: 3 }),
      fc.constantFrom("{", "}", "[", "]", ",", ":", '"', "'", "/*", "//", "\n", "-", ".", "e"),
    ),
  });
  return fc.array(op, { minLength: 1, maxLength: 4 }).map((ops) => {
    let t = text;
    for (const o of ops) {
      const i = o.at % (t.length + 1);
      if (o.kind === 0) t = t.slice(0, i) + o.s + t.slice(i);
      else if (o.kind === 1) t = t.slice(0, i) + t.slice(i + 1 + (o.s.length % 3));
      else t = t.slice(0, i) + o.s + t.slice(i + o.s.length);
    }
    return t;
  });
}
