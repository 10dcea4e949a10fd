// The matrix, knob sweeps and shards: which cells a bench runs, in which order, and that the
// shards of a matrix, merged, are the whole run.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { inShard, parseShard } from "../../src/bench/matrix.ts";
import { expandSweep, parseParamItems } from "../../src/bench/params.ts";
import { cellKey, comparable, type ResultElement } from "../../src/bench/results.ts";
import { InputError } from "../../src/errors.ts";
import { exec, scratch } from "./helpers.ts";

const BENCH = [
  "bench",
  "--policy",
  "simple,fifo",
  "--cpus",
  "2,4",
  "--workload",
  "desktop",
  "--seeds",
  "1..5",
  "--progress",
  "none",
];

const load = (file: string) => JSON.parse(readFileSync(file, "utf8"));
const keysOf = (rs: ResultElement[]) => rs.map(cellKey);

describe("--param sweeps", () => {
  test("lists expand into every combination; durations for _ns knobs", () => {
    const p = parseParamItems(["slice_ns=50us,1ms,20ms", "fifo_sched=false,true", "x=3"]);
    expect(p.params).toEqual({ x: 3 });
    expect(p.sweep).toEqual({
      slice_ns: [50_000, 1_000_000, 20_000_000],
      fifo_sched: [false, true],
    });
    expect(expandSweep(p)).toHaveLength(6);
    expect(expandSweep(p)[1]).toEqual({ x: 3, slice_ns: 50_000, fifo_sched: true });
    expect(parseParamItems(["slice_ns=1.5ms"]).params).toEqual({ slice_ns: 1_500_000 });
    expect(parseParamItems(["slice_ns=50_000"]).params).toEqual({ slice_ns: 50_000 });
  });

  test("a duration for a knob not named *_ns, or an empty value, is an error", () => {
    expect(() => parseParamItems(["slice_us=50us"])).toThrow(
      /only for knobs whose name ends in _ns/,
    );
    expect(() => parseParamItems(["slice_ns=1,,2"])).toThrow(InputError);
    expect(() => parseParamItems(["k=abc"])).toThrow(/--param k: value "abc"/);
  });

  test("bench runs one column per distinct setting of each policy", async () => {
    const { status, deps, stdout } = await exec([
      "bench",
      "--policy",
      "simple,fifo",
      "--cpus",
      "2",
      "--workload",
      "desktop",
      "--progress",
      "none",
      "--param",
      "fifo_sched=false,true",
    ]);
    expect(status).toBe(0);
    // simple has fifo_sched (2 settings), fifo has not (1): 3 variants × 1 machine × 1 seed.
    expect(deps.requests.map((r) => [r.policy.name, r.params.fifo_sched ?? "-"])).toEqual([
      ["simple", false],
      ["simple", true],
      ["fifo", "-"],
    ]);
    expect(stdout).toMatch(/simple fifo_sched=false\s+simple fifo_sched=true\s+fifo/);
  });

  test("run refuses a sweep; compare makes a column per setting", async () => {
    const run = await exec([
      "run",
      "--policy",
      "simple",
      "--cpus",
      "2",
      "--workload",
      "desktop",
      "--param",
      "slice_ns=1ms,2ms",
    ]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/run: --param slice_ns takes one value/);
    const cmp = await exec([
      "compare",
      "--policy",
      "simple",
      "--cpus",
      "2",
      "--workload",
      "desktop",
      "--param",
      "slice_ns=1ms,2ms",
    ]);
    expect(cmp.status).toBe(0);
    expect(cmp.stdout).toMatch(/simple slice_ns=1ms\s+simple slice_ns=2ms/);
    expect(cmp.deps.requests.map((r) => r.params.slice_ns)).toEqual([1e6, 2e6]);
  });
});

describe("shards", () => {
  test("--shard i/n: a stable partition of the matrix", () => {
    expect(parseShard("2/5")).toEqual({ index: 2, count: 5 });
    for (const bad of ["0/3", "4/3", "1", "a/b", "1/0"])
      expect(() => parseShard(bad)).toThrow(InputError);
    const owners = Array.from({ length: 23 }, (_, k) =>
      [1, 2, 3].filter((i) => inShard(k, { index: i, count: 3 })),
    );
    expect(owners.every((o) => o.length === 1)).toBe(true);
    expect(inShard(7, null)).toBe(true);
  });

  test("the union of the shards, merged, equals the full run", async () => {
    const dir = scratch();
    const full = await exec([...BENCH, "--out", join(dir, "full.json")]);
    expect(full.status, full.stderr).toBe(0);
    const parts = [];
    for (const i of [1, 2, 3]) {
      const part = await exec([...BENCH, "--shard", `${i}/3`, "--out", join(dir, `part${i}.json`)]);
      expect(part.status, part.stderr).toBe(0);
      parts.push(load(join(dir, `part${i}.json`)));
    }
    // Disjoint, each about a third of the 20 cells.
    const sizes = parts.map((p) => p.results.length);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(20);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    expect(parts[0].bench.shard).toEqual({ index: 1, count: 3 });

    // Merged in any order: the same results, in the same (matrix) order, as the full run.
    const merged = await exec([
      "merge",
      join(dir, "part3.json"),
      join(dir, "part1.json"),
      join(dir, "part2.json"),
      "--out",
      join(dir, "all.json"),
    ]);
    expect(merged.status, merged.stderr).toBe(0);
    const all = load(join(dir, "all.json"));
    const whole = load(join(dir, "full.json"));
    expect(keysOf(all.results)).toEqual(keysOf(whole.results));
    expect(all.results.map(comparable)).toEqual(whole.results.map(comparable));
    expect(all.summaries).toEqual(whole.summaries);
    expect(all.bench.complete).toBe(true);
    expect(all.bench.shard).toBe(null);
  });

  test("merge: duplicates are kept once, conflicts and missing shards are reported", async () => {
    const dir = scratch();
    await exec([...BENCH, "--shard", "1/2", "--out", join(dir, "a.json")]);
    const twice = await exec([
      "merge",
      join(dir, "a.json"),
      join(dir, "a.json"),
      "--out",
      join(dir, "m.json"),
    ]);
    expect(twice.status).toBe(0);
    expect(twice.stderr).toMatch(/in .*a\.json and .*a\.json \(same result; kept once\)/);
    expect(twice.stderr).toMatch(
      /10 of 20 cells of the matrix have no result \(shards merged: 1 of 2\)/,
    );
    expect(load(join(dir, "m.json")).results).toHaveLength(10);

    // The same cell with another result (another version, other options): an error.
    const doc = load(join(dir, "a.json"));
    doc.results[0].summary.migrations += 1;
    const { writeFileSync } = await import("node:fs");
    writeFileSync(join(dir, "b.json"), JSON.stringify(doc));
    const clash = await exec(["merge", join(dir, "a.json"), join(dir, "b.json")]);
    expect(clash.status).toBe(2);
    expect(clash.stderr).toMatch(
      /seed \d+: in both .*a\.json and .*b\.json with different results/,
    );
  });

  test("merge of a file that is not a results document names the file", async () => {
    const dir = scratch();
    const { writeFileSync } = await import("node:fs");
    writeFileSync(join(dir, "x.json"), '{"foo": 1}');
    const r = await exec(["merge", join(dir, "x.json")]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/x\.json: expected \{ "results": \[ … \] \}/);
  });
});
