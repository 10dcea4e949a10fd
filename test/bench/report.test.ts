// The HTML report is one self-contained file: nothing loaded from the network, names escaped,
// tables and SVG plots (latency CDFs from the compact histograms, bar charts across blocks).
// Also the compact histograms themselves.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { binLe, cdfPoints, compactHistogram, mergeCompact } from "../../src/bench/histo.ts";
import { percentile } from "../../src/metrics/histogram.ts";
import { histogramOf } from "../metrics/fixtures.ts";
import { exec, scratch } from "./helpers.ts";

describe("compact histograms", () => {
  test("8 bins per power of two whose edges fall on the engine's bucket edges", () => {
    expect([0, 1, 15].map(binLe)).toEqual([0, 1, 15]);
    expect(binLe(16)).toBe(17); // [16, 18)
    expect(binLe(1000)).toBe(1023); // [896, 1024)
    expect(binLe(1024)).toBe(1151); // [1024, 1152)
    const values = [3, 300, 301, 5000, 5001, 5002, 1e6, 2e6, 2e6 + 1, 7e9];
    const h = histogramOf(values);
    const c = compactHistogram(h);
    expect(c.reduce((a, [, n]) => a + n, 0)).toBe(values.length);
    // The CDF at each bin edge is the exact fraction of samples ≤ that edge.
    for (const [le, f] of cdfPoints(c)) {
      expect(f).toBeCloseTo(values.filter((v) => v <= le).length / values.length, 12);
    }
    // And pooling bins is adding counts.
    expect(mergeCompact([c, c]).map(([, n]) => n)).toEqual(c.map(([, n]) => 2 * n));
    // The engine's p50 lies within the bin the CDF crosses 0.5 in.
    const p50 = percentile(h, 0.5);
    const cross = cdfPoints(c).find(([, f]) => f >= 0.5);
    expect(p50).toBeLessThanOrEqual(cross?.[0] ?? 0);
  });
});

describe("report", () => {
  test("a self-contained HTML file with tables and plots", async () => {
    const dir = scratch();
    const results = join(dir, "results.json");
    const bench = await exec([
      "bench",
      "--policy",
      "simple,fifo",
      "--cpus",
      "2,4",
      "--workload",
      "desktop",
      "--seeds",
      "1..3",
      "--progress",
      "none",
      "--out",
      results,
    ]);
    expect(bench.status).toBe(0);
    const r = await exec(["report", results, "--title", "<slice> study"]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/report: .*results\.html \(12 results\)/);
    const html = readFileSync(join(dir, "results.html"), "utf8");
    expect(html.startsWith("<!doctype html>")).toBe(true);
    // Nothing from the network: no external scripts, styles, images or fonts.
    expect(html).not.toMatch(/<(script|link|img|iframe)[^>]+(src|href)=/i);
    expect(html).not.toMatch(/url\(|@import|https?:\/\//i);
    // Escaped title; tables; CDF and bar-chart SVGs.
    expect(html).toContain("&#60;slice&#62; study");
    expect(html).not.toContain("<slice>");
    expect(html).toMatch(/<table class="sortable">/);
    expect(html).toMatch(/wakeup latency: CDF/);
    expect(html).toMatch(/wakeup latency: tail \(1 − CDF\)/);
    expect(html).toMatch(/wakeup p99 \(lower is better\)/);
    expect((html.match(/<svg class="plot"/g) ?? []).length).toBeGreaterThan(6);
    expect(html).toMatch(/<section id="b-2cpus-desktop">/);
    expect(html).toMatch(/<section id="b-4cpus-desktop">/);
  });
});
