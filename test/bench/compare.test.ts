// compare with several seeds: means with intervals, the paired Δ, and the --json, --csv and
// --markdown outputs.

import { describe, expect, test } from "vitest";
import { columnStats } from "../../src/bench/aggregate.ts";
import { HEADLINE } from "../../src/bench/metrics.ts";
import type { ResultElement } from "../../src/bench/results.ts";
import { deltaText, statsTable } from "../../src/bench/table.ts";
import { exec } from "./helpers.ts";

const COMPARE = [
  "compare",
  "--policy",
  "simple,fifo",
  "--cpus",
  "2",
  "--workload",
  "desktop",
  "--seeds",
  "1..5",
];

/** A result with a given wakeup p99 and migrations, the rest irrelevant. */
function result(
  policy: string,
  seed: number,
  p99: number,
  migrations: number,
  kind: "done" | "ejected" = "done",
): ResultElement {
  const lat = { count: 10, mean: p99 / 2, p50: p99 / 2, p90: p99, p99, p999: p99, max: p99 };
  const none = { count: 0, mean: 0, p50: 0, p90: 0, p99: 0, p999: 0, max: 0 };
  return {
    policy,
    params: {},
    machine: "m",
    workload: "w",
    seed,
    simulated_ns: 1e9,
    wall_ms: 1,
    events: 1,
    exit: { kind },
    summary: {
      context_switches: 1,
      migrations,
      utilization: 0.5,
      fairness_jain: null,
      energy_j: null,
      wakeup_latency_ns: lat,
      run_delay_ns: lat,
      response_ns: none,
      tasks_started: 1,
      tasks_exited: 0,
      deadline_misses: 0,
      deadlines: 0,
    },
    groups: {},
    cpus: [],
  };
}

describe("statistics in the table", () => {
  test("mean ± interval per column, Δ paired by seed and starred when significant", () => {
    // Baseline p99 10 12 11 13 14 ms, other 9 11 11 11 12 ms (stats.test.ts: p = 0.033).
    const base = [10, 12, 11, 13, 14].map((x, i) => result("a", i + 1, x * 1e6, 5));
    const other = [9, 11, 11, 11, 12].map((x, i) =>
      result("b", i + 1, x * 1e6, [5, 6, 5, 4, 5][i]),
    );
    const stats = columnStats(
      [
        { label: "a", results: base },
        { label: "b", results: other },
      ],
      HEADLINE,
    );
    const p99 = stats[1].metrics["wakeup_latency_ns.p99"];
    expect(p99?.mean).toBeCloseTo(10.8e6, 3);
    expect(p99?.vs_baseline?.diff).toBeCloseTo(-1.2e6, 3);
    expect(p99?.vs_baseline?.p).toBeCloseTo(0.0327, 3);
    expect(p99?.vs_baseline?.rel).toBeCloseTo(-1.2 / 12, 9);
    const text = statsTable(stats, HEADLINE, "text");
    expect(text).toMatch(/^\s+a\s+b\s+Δ$/m);
    // a: 12 ± t(4)·s/√5 = 12 ± 2.776 · 1.581 / 2.236 = 12 ± 1.96 ms;
    // b: 10.8 ± 2.776 · 1.095 / 2.236 = 10.8 ± 1.36 ms; Δ = -1.2 / 12 = -10 %, p = 0.033.
    expect(text).toMatch(/^wakeup p99\s+12\.0 ms ± 1\.96 ms\s+10\.8 ms ± 1\.36 ms\s+-10 % \*$/m);
    // Migrations 5 vs 5 6 5 4 5: no difference on average, not significant, no star.
    expect(text).toMatch(/^migrations\s+5 ± 0\s+5 ± 0\.88\s+0 %$/m);
  });

  test("ejected seeds are left out of the means and of the pairs", () => {
    const base = [1, 2, 3].map((s) => result("a", s, 10e6, 1));
    const other = [
      result("b", 1, 5e6, 1),
      result("b", 2, 99e6, 1, "ejected"),
      result("b", 3, 5e6, 1),
    ];
    const [, b] = columnStats(
      [
        { label: "a", results: base },
        { label: "b", results: other },
      ],
      HEADLINE,
    );
    expect(b).toMatchObject({ seeds: 3, done: 2, ejected: 1 });
    expect(b.metrics["wakeup_latency_ns.p99"]).toMatchObject({ n: 2, mean: 5e6 });
    expect(b.metrics["wakeup_latency_ns.p99"]?.vs_baseline).toMatchObject({
      n: 2,
      diff: -5e6,
      significant: true,
    });
    expect(deltaText("ns", b.metrics["wakeup_latency_ns.p99"]?.vs_baseline)).toBe("-50 % *");
  });
});

describe("compare outputs", () => {
  test("text: intervals, a Δ column and the legend with several seeds", async () => {
    const { status, stdout } = await exec(COMPARE);
    expect(status).toBe(0);
    expect(stdout).toMatch(/^machine 2cpus, workload desktop, 5 seeds \(1\.\.5\)$/m);
    expect(stdout).toMatch(/^\s+simple\s+fifo\s+Δ$/m);
    expect(stdout).toMatch(/^wakeup p99\s+\S+ us ± \S+ n?s\s+\S+ us ± \S+ n?s\s+\+\d+ % \*$/m);
    expect(stdout).toMatch(/Student t/);
    expect(stdout).toMatch(/paired t-test, p < 0\.05/);
  });

  test("--json: the contract's results plus summaries and the method", async () => {
    const { stdout } = await exec([...COMPARE, "--json"]);
    const doc = JSON.parse(stdout);
    expect(doc.results).toHaveLength(10);
    expect(doc.results[0]).toMatchObject({
      policy: "simple",
      seed: 1,
      machine: "2cpus",
      workload: "desktop",
    });
    expect(doc.results[0].histograms.wakeup_latency_ns.length).toBeGreaterThan(0);
    expect(doc.summaries.map((s: { label: string }) => s.label)).toEqual(["simple", "fifo"]);
    const fifo = doc.summaries[1];
    expect(fifo.baseline).toBe("simple");
    expect(fifo.metrics["wakeup_latency_ns.p99"]).toMatchObject({ n: 5 });
    expect(fifo.metrics["wakeup_latency_ns.p99"].ci95).toHaveLength(2);
    expect(fifo.metrics["wakeup_latency_ns.p99"].vs_baseline).toMatchObject({
      n: 5,
      significant: true,
    });
    expect(doc.statistics.comparison).toMatch(/paired/);
  });

  test("--csv: one row per policy and metric", async () => {
    const { stdout } = await exec([...COMPARE, "--csv"]);
    const [header, ...rows] = stdout.trimEnd().split("\n");
    expect(header).toBe(
      "machine,workload,label,policy,params,metric,n,mean,sd,ci95_low,ci95_high,baseline,diff_n,diff,diff_ci95_low,diff_ci95_high,rel_diff,t,p,significant",
    );
    const p99 = rows.filter((r) => r.includes(",wakeup_latency_ns.p99,"));
    expect(p99).toHaveLength(2);
    expect(p99[0]).toMatch(
      /^2cpus,desktop,simple,simple,fifo_sched=false;slice_ns=20000000,wakeup_latency_ns\.p99,5,/,
    );
    expect(p99[1]).toMatch(
      /,simple,5,[\d.e+-]+,[\d.e+-]+,[\d.e+-]+,[\d.e+-]+,[\d.e+-]+,[\d.e+-]+,true$/,
    );
  });

  test("--markdown: a Markdown table", async () => {
    const { stdout } = await exec([...COMPARE, "--markdown"]);
    expect(stdout).toMatch(/^\*\*machine 2cpus, workload desktop, 5 seeds \(1\.\.5\)\*\*$/m);
    expect(stdout).toMatch(/^\| metric \| simple \| fifo \| Δ \|$/m);
    expect(stdout).toMatch(/^\| --- \| ---: \| ---: \| ---: \|$/m);
    expect(stdout).toMatch(/^\| wakeup p99 \| .* ± .* \| .* ± .* \| \+\d+ % \* \|$/m);
  });

  test("--json, --csv and --markdown are mutually exclusive", async () => {
    const r = await exec([...COMPARE, "--csv", "--json"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--json and --csv are mutually exclusive/);
  });
});
