// Results are journalled as cells finish, so an interrupted bench can be resumed: --resume
// skips the finished cells (from the results file and from the journal), runs the rest, and
// refuses results made with another duration.

import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { cellKey } from "../../src/bench/results.ts";
import { journalPath } from "../../src/bench/store.ts";
import { parseBenchOptions } from "../../src/cli/args.ts";
import { EXIT_INTERRUPTED, runBench } from "../../src/cli/commands/bench.ts";
import { memoryIo } from "../../src/cli/io.ts";
import { exec, scratch, varyingDeps } from "./helpers.ts";

const bench = (out: string, seeds = "1..4") => [
  "bench",
  "--policy",
  "simple,fifo",
  "--cpus",
  "2",
  "--workload",
  "desktop",
  "--seeds",
  seeds,
  "--progress",
  "none",
  "--out",
  out,
];
const load = (file: string) => JSON.parse(readFileSync(file, "utf8"));

describe("--resume", () => {
  test("skips the cells the results file already has", async () => {
    const out = join(scratch(), "r.json");
    const first = await exec(bench(out, "1..2"));
    expect(first.status).toBe(0);
    expect(first.deps.requests).toHaveLength(4);
    expect(existsSync(journalPath(out))).toBe(false);

    const again = await exec([...bench(out, "1..4"), "--resume"]);
    expect(again.status, again.stderr).toBe(0);
    expect(again.deps.requests.map((r) => [r.policy.name, r.seed])).toEqual([
      ["simple", 3],
      ["simple", 4],
      ["fifo", 3],
      ["fifo", 4],
    ]);
    const doc = load(out);
    expect(
      doc.results.map((r: { policy: string; seed: number }) => `${r.policy}${r.seed}`),
    ).toEqual(["simple1", "simple2", "simple3", "simple4", "fifo1", "fifo2", "fifo3", "fifo4"]);
    expect(doc.bench.complete).toBe(true);

    // Nothing left: a third run simulates nothing.
    const third = await exec([...bench(out, "1..4"), "--resume"]);
    expect(third.deps.requests).toHaveLength(0);
    expect(load(out).results).toHaveLength(8);
  });

  test("an interrupted bench leaves a journal; --resume runs only the unfinished cells", async () => {
    const out = join(scratch(), "r.json");
    const controller = new AbortController();
    const deps = varyingDeps();
    const simulate = deps.simulate;
    let started = 0;
    deps.simulate = async (req) => {
      // The third cell to start never finishes: Ctrl-C arrives while it runs.
      if (++started === 3) {
        controller.abort(new Error("interrupted"));
        return new Promise(() => {});
      }
      return simulate(req);
    };
    const io = memoryIo();
    const opts = parseBenchOptions([...bench(out).slice(1), "--jobs", "1"]);
    const status = await runBench(opts, io, deps, { signal: controller.signal });
    expect(status).toBe(EXIT_INTERRUPTED);
    const partial = load(out);
    expect(partial.bench.complete).toBe(false);
    expect(partial.results).toHaveLength(2);
    expect(io.stdout).toMatch(/incomplete: run again with --resume/);

    const resumed = await exec([...bench(out), "--resume"]);
    expect(resumed.status).toBe(0);
    expect(resumed.deps.requests).toHaveLength(6);
    const done = new Set(partial.results.map(cellKey));
    expect(
      resumed.deps.requests.some((r) =>
        done.has(
          cellKey({
            policy: r.policy.name,
            params: r.params,
            machine: r.machineName,
            workload: r.workloadName,
            seed: r.seed,
          }),
        ),
      ),
    ).toBe(false);
    expect(load(out).results).toHaveLength(8);
    expect(load(out).bench.complete).toBe(true);
  });

  test("results in the journal alone (a killed bench) count as finished; a cut-off last line is ignored", async () => {
    const dir = scratch();
    const full = join(dir, "full.json");
    await exec(bench(full));
    const doc = load(full);
    const out = join(dir, "r.json");
    const lines = [
      JSON.stringify({ bench: doc.bench }),
      ...doc.results.slice(0, 3).map((r: unknown) => JSON.stringify({ result: r })),
      JSON.stringify({ result: doc.results[3] }).slice(0, 50),
    ];
    writeFileSync(journalPath(out), lines.join("\n"));
    const resumed = await exec([...bench(out), "--resume"]);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.deps.requests).toHaveLength(5);
    expect(existsSync(journalPath(out))).toBe(false);
    expect(load(out).results.map(cellKey)).toEqual(doc.results.map(cellKey));
  });

  test("results of another duration are refused; a journal without --resume is discarded with a warning", async () => {
    const out = join(scratch(), "r.json");
    await exec([...bench(out), "--duration", "100ms"]);
    const other = await exec([...bench(out), "--duration", "200ms", "--resume"]);
    expect(other.status).toBe(2);
    expect(other.stderr).toMatch(/--resume: .* simulated for 100 ms, this bench asks for 200 ms/);

    writeFileSync(journalPath(out), "");
    const fresh = await exec(bench(out));
    expect(fresh.stderr).toMatch(/warning: discarding the results of an interrupted bench/);
    expect(fresh.deps.requests).toHaveLength(8);
  });

  test("--resume needs --out", async () => {
    const r = await exec([
      "bench",
      "--policy",
      "simple",
      "--cpus",
      "2",
      "--workload",
      "desktop",
      "--resume",
    ]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--resume needs --out FILE/);
  });
});
