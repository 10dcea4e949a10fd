import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { cli } from "../../src/cli/cli.ts";
import { memoryIo } from "../../src/cli/io.ts";
import type { RunRequest } from "../../src/sim/types.ts";
import { encodeCallRecords } from "../../src/trace/callLog.ts";
import { encodeTraceRecords, TraceKind } from "../../src/trace/records.ts";
import { makeRawRun } from "../metrics/fixtures.ts";
import { fakeDeps } from "./fakeDeps.ts";

const RUN = ["run", "--policy", "simple", "--cpus", "4", "--workload", "desktop"];

async function exec(argv: string[], deps = fakeDeps()) {
  const io = memoryIo();
  const status = await cli(argv, io, deps);
  return { status, stdout: io.stdout, stderr: io.stderr, deps };
}

describe("run", () => {
  test("prints the human summary and exits 0", async () => {
    const { status, stdout, stderr } = await exec(RUN);
    expect(stderr).toBe("");
    expect(status).toBe(0);
    expect(stdout).toMatch(/^policy\s+simple \(fifo_sched=false, slice_ns=20000000\)$/m);
    expect(stdout).toMatch(/^machine\s+4cpus$/m);
    expect(stdout).toMatch(/^workload\s+desktop$/m);
    expect(stdout).toMatch(/^exit\s+done$/m);
    expect(stdout).toMatch(/^utilization\s+70\.0 % \(P 90\.0 %, E 50\.0 %\)$/m);
    expect(stdout).toMatch(/^wakeup latency\s+4\s/m);
    expect(stdout).toMatch(/^group\s+tasks\s+cpu time/m);
    expect(stdout).toMatch(/^batch\s+3\s+14\.0 s/m);
  });

  test("--json prints the contract's result", async () => {
    const { status, stdout } = await exec([...RUN, "--json"]);
    expect(status).toBe(0);
    const r = JSON.parse(stdout);
    for (const k of [
      "policy",
      "params",
      "machine",
      "workload",
      "seed",
      "simulated_ns",
      "wall_ms",
      "events",
      "exit",
      "summary",
      "groups",
      "cpus",
    ]) {
      expect(r).toHaveProperty(k);
    }
    expect(r).toMatchObject({
      policy: "simple",
      machine: "4cpus",
      workload: "desktop",
      seed: 1,
      exit: { kind: "done" },
    });
  });

  test("the request carries knobs (defaults + --param), seed, and the workload's duration", async () => {
    const { deps } = await exec([...RUN, "--param", "slice_ns=5000", "--seed", "9"]);
    const req = deps.requests[0] as RunRequest;
    expect(req.params).toEqual({ fifo_sched: false, slice_ns: 5000 });
    expect(req.seed).toBe(9);
    expect(req.durationNs).toBe(2e9);
    expect(req.machineName).toBe("4cpus");
    expect(req.groupNames).toEqual(["batch", "web"]);
    expect(req.trace).toBe(false);
  });

  test("--duration overrides; a workload without one runs 10 s", async () => {
    expect((await exec([...RUN, "--duration", "250ms"])).deps.requests[0].durationNs).toBe(250e6);
    const { deps } = await exec([
      "run",
      "--policy",
      "simple",
      "--cpus",
      "1",
      "--workload",
      "warny",
    ]);
    expect(deps.requests[0].durationNs).toBe(10e9);
  });

  test("workload warnings go to stderr, the summary to stdout", async () => {
    const { status, stderr, stdout } = await exec([
      "run",
      "--policy",
      "simple",
      "--cpus",
      "1",
      "--workload",
      "warny",
    ]);
    expect(status).toBe(0);
    expect(stderr).toBe("warning: groups[0].cpus: CPU 9 ignored\n");
    expect(stdout).toMatch(/^policy/);
  });

  test("--param nosuch=1 exits 2 naming the policy's knobs", async () => {
    const { status, stderr, stdout } = await exec([...RUN, "--param", "nosuch=1"]);
    expect(status).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/--param nosuch: policy "simple" has no knob "nosuch"/);
    expect(stderr).toMatch(
      /fifo_sched \(bool, default false\), slice_ns \(u64, default 20000000\)/,
    );
  });

  test("--param of the wrong type exits 2", async () => {
    expect((await exec([...RUN, "--param", "fifo_sched=7"])).stderr).toMatch(
      /--param fifo_sched: expected true or false/,
    );
    expect((await exec([...RUN, "--param", "slice_ns=-1"])).status).toBe(2);
    expect((await exec([...RUN, "--param", "slice_ns=1.5"])).status).toBe(2);
    const ok = await exec([...RUN, "--param", "fifo_sched=1"]);
    expect(ok.deps.requests[0].params.fifo_sched).toBe(true);
  });

  test("--machine with --cpus exits 2", async () => {
    const { status, stderr } = await exec([...RUN, "--machine", "laptop"]);
    expect(status).toBe(2);
    expect(stderr).toMatch(/--machine and --cpus are mutually exclusive/);
  });

  test("a missing policy, machine or workload file exits 2 naming the file", async () => {
    for (const [opt, file] of [
      ["--policy", "nope.ts"],
      ["--workload", "nope.json"],
    ]) {
      const argv = [...RUN];
      argv[argv.indexOf(opt) + 1] = file;
      const { status, stderr } = await exec(argv);
      expect(status).toBe(2);
      expect(stderr).toContain(file);
    }
    const m = await exec([
      "run",
      "--policy",
      "simple",
      "--machine",
      "nope.json",
      "--workload",
      "desktop",
    ]);
    expect(m.status).toBe(2);
    expect(m.stderr).toMatch(/nope\.json/);
  });

  test("an ejected run still exits 0 and says why, where and when", async () => {
    const deps = fakeDeps({
      rawFor: () =>
        makeRawRun({
          exit: {
            kind: "ejected",
            code: 1025,
            reason: "scx_bpf_error: bad dsq",
            callback: "ops.enqueue",
            atNs: 1_500_000,
          },
        }),
    });
    const { status, stdout } = await exec(RUN, deps);
    expect(status).toBe(0);
    expect(stdout).toMatch(
      /^exit\s+ejected: scx_bpf_error: bad dsq \(in ops\.enqueue at 1\.50 ms\)$/m,
    );
  });

  test("an internal error exits 1", async () => {
    const deps = fakeDeps({
      simulate: async () => {
        throw new Error("engine trapped");
      },
    });
    const { status, stderr } = await exec(RUN, deps);
    expect(status).toBe(1);
    expect(stderr).toMatch(/internal error: Error: engine trapped/);
  });

  test("--trace and --log write their files", async () => {
    const dir = mkdtempSync(join(tmpdir(), "scx-cli-"));
    const deps = fakeDeps({
      rawFor: () =>
        makeRawRun({
          trace: encodeTraceRecords([
            { kind: TraceKind.RUN, cpu: 0, pid: 1, aux: 0, t0: 0, t1: 1000 },
          ]),
          log: encodeCallRecords([{ id: 1, cpu: 0, pid: 1, t: 0n, ret: 0n, args: [1n] }]),
        }),
    });
    const trace = join(dir, "t.json");
    const log = join(dir, "l.jsonl");
    const { status, deps: d } = await exec([...RUN, "--trace", trace, "--log", log], deps);
    expect(status).toBe(0);
    expect(d.requests[0]).toMatchObject({ trace: true, log: true });
    expect(
      JSON.parse(readFileSync(trace, "utf8")).traceEvents.some((e: { ph: string }) => e.ph === "X"),
    ).toBe(true);
    expect(readFileSync(log, "utf8")).toBe(
      '{"t_ns":0,"cpu":0,"call":"ops.enqueue","pid":1,"args":{"enq_flags":1},"ret":null}\n',
    );
  });

  test("--trace into a missing directory exits 2 before running", async () => {
    const { status, stderr, deps } = await exec([...RUN, "--trace", "/nonexistent/dir/t.json"]);
    expect(status).toBe(2);
    expect(stderr).toMatch(/--trace \/nonexistent\/dir\/t\.json: directory/);
    expect(deps.requests).toHaveLength(0);
  });
});

describe("compare", () => {
  const COMPARE = ["compare", "--policy", "simple,fifo", "--cpus", "2", "--workload", "desktop"];

  test("--json gives one result per policy and seed", async () => {
    const { status, stdout } = await exec([...COMPARE, "--seeds", "1..2", "--json"]);
    expect(status).toBe(0);
    const { results } = JSON.parse(stdout);
    expect(results.map((r: { policy: string; seed: number }) => [r.policy, r.seed])).toEqual([
      ["simple", 1],
      ["simple", 2],
      ["fifo", 1],
      ["fifo", 2],
    ]);
    expect(results[0]).toHaveProperty("summary.utilization");
  });

  test("prints a side-by-side table with a column per policy", async () => {
    const { status, stdout } = await exec(COMPARE);
    expect(status).toBe(0);
    expect(stdout).toMatch(/^\s+simple\s+fifo$/m);
    expect(stdout).toMatch(/^exit\s+done\s+done$/m);
    expect(stdout).toMatch(/^utilization\s+70\.0 %\s+70\.0 %$/m);
    expect(stdout).toMatch(/^batch: cpu time\s+14\.0 s\s+14\.0 s$/m);
  });

  test("a --param applies to the policies that have the knob; unknown everywhere exits 2", async () => {
    const { deps } = await exec([...COMPARE, "--param", "fifo_sched=true"]);
    expect(deps.requests.map((r) => r.params)).toEqual([
      { fifo_sched: true, slice_ns: 20_000_000 },
      { slice_ns: 5_000_000 },
    ]);
    const bad = await exec([...COMPARE, "--param", "nosuch=1"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/no policy has a knob "nosuch".*simple: fifo_sched/);
  });

  test("--trace writes one file per policy", async () => {
    const dir = mkdtempSync(join(tmpdir(), "scx-cmp-"));
    const { status } = await exec([...COMPARE, "--trace", join(dir, "t.json")]);
    expect(status).toBe(0);
    for (const p of ["simple", "fifo"]) {
      expect(JSON.parse(readFileSync(join(dir, `t.${p}.json`), "utf8"))).toHaveProperty(
        "traceEvents",
      );
    }
  });
});

describe("list, machine, help", () => {
  test("list shows every section with descriptions", async () => {
    const { status, stdout } = await exec(["list"]);
    expect(status).toBe(0);
    expect(stdout).toMatch(/^policies\n\s+simple\s+one global FIFO$/m);
    expect(stdout).toMatch(/^machines\n\s+laptop\s+4P\+4E$/m);
    expect(stdout).toMatch(/^workloads\n\s+desktop\s+interactive \+ batch$/m);
  });

  test("list policies --json prints that list", async () => {
    const { stdout } = await exec(["list", "policies", "--json"]);
    expect(JSON.parse(stdout)).toEqual([
      { name: "simple", description: "one global FIFO" },
      { name: "fifo", description: "strict FIFO" },
    ]);
  });

  test("list machines --detail NAME and machine NAME draw the topology", async () => {
    expect((await exec(["list", "machines", "--detail", "laptop"])).stdout).toBe(
      "[laptop: 2 cpus]\n",
    );
    expect((await exec(["machine", "laptop"])).stdout).toBe("[laptop: 2 cpus]\n");
    expect((await exec(["machine", "nope"])).status).toBe(2);
    expect((await exec(["machine"])).status).toBe(2);
  });

  test("machine NAME --export prints a machine file as JSON", async () => {
    const { status, stdout } = await exec(["machine", "laptop", "--export"]);
    expect(status).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ name: "laptop" });
  });

  test("list of an unknown kind exits 2", async () => {
    const { status, stderr } = await exec(["list", "gadgets"]);
    expect(status).toBe(2);
    expect(stderr).toMatch(/unknown list "gadgets"/);
  });

  test("help, --help and COMMAND --help print usage and exit 0", async () => {
    expect((await exec(["--help"])).stdout).toMatch(/^scx-playground/);
    expect((await exec(["help", "run"])).stdout).toMatch(/--policy NAME\|FILE\.ts/);
    const h = await exec(["run", "--help"]);
    expect(h.status).toBe(0);
    expect(h.stdout).toMatch(/usage: scx-playground run/);
    expect((await exec(["compare", "-h"])).stdout).toMatch(/--seeds/);
  });

  test("no command or an unknown one exits 2", async () => {
    const none = await exec([]);
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/usage/);
    const bad = await exec(["frobnicate"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/unknown command "frobnicate"/);
  });
});
