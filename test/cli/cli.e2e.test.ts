// The real bin, end to end: compiles a built-in policy, runs the engine, prints the result.
// Needs every part of the host (compile, config, sim), not only the CLI.

import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { expectContractKeys } from "../helpers/contractKeys.ts";

const BIN = fileURLToPath(new URL("../../bin/scx-playground.mjs", import.meta.url));
const ROOT = fileURLToPath(new URL("../..", import.meta.url));

function scx(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 180_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const RUN = ["run", "--policy", "simple", "--cpus", "4", "--workload", "desktop"];

describe("scx-playground (spawned)", { timeout: 200_000 }, () => {
  test("run --json prints JSON with the contract's keys and exits 0", () => {
    const { status, stdout, stderr } = scx(...RUN, "--json");
    expect(status, stderr).toBe(0);
    const r = JSON.parse(stdout);
    expectContractKeys(r);
    for (const k of ["count", "mean", "p50", "p90", "p99", "p999", "max"]) {
      expect(r.summary.wakeup_latency_ns).toHaveProperty(k);
    }
    expect(r).toMatchObject({ policy: "simple", workload: "desktop", seed: 1 });
    expect(r.cpus).toHaveLength(4);
    expect(["done", "ejected"]).toContain(r.exit.kind);
    expect(r.simulated_ns).toBeGreaterThan(0);
    expect(r.summary.utilization).toBeGreaterThan(0);
    expect(r.summary.utilization).toBeLessThanOrEqual(1);
  });

  test("--param nosuch=1 exits 2 and names the policy's knobs", () => {
    const { status, stderr } = scx(...RUN, "--param", "nosuch=1");
    expect(status).toBe(2);
    expect(stderr).toMatch(/--param nosuch: policy "simple" has no knob "nosuch"; its knobs: /);
  });

  test("a missing workload file exits 2 and names the file", () => {
    const { status, stderr } = scx(
      "run",
      "--policy",
      "simple",
      "--cpus",
      "4",
      "--workload",
      "/nonexistent/w.json",
    );
    expect(status).toBe(2);
    expect(stderr).toContain("/nonexistent/w.json");
  });

  test("a missing policy file exits 2 and names the file", () => {
    const { status, stderr } = scx(
      "run",
      "--policy",
      "/nonexistent/p.ts",
      "--cpus",
      "4",
      "--workload",
      "desktop",
    );
    expect(status).toBe(2);
    expect(stderr).toContain("/nonexistent/p.ts");
  });

  test("list names the simple policy and the desktop workload", () => {
    const { status, stdout, stderr } = scx("list");
    expect(status, stderr).toBe(0);
    expect(stdout).toMatch(/^\s+simple\s/m);
    expect(stdout).toMatch(/^\s+desktop\s/m);
  });

  test("machine NAME --export writes a file that loads back as the same machine", () => {
    const { status, stdout, stderr } = scx("machine", "rk3399", "--export");
    expect(status, stderr).toBe(0);
    const file = JSON.parse(stdout);
    expect(file.cpus).toHaveLength(6);
    mkdirSync(`${ROOT}/build`, { recursive: true });
    const path = `${ROOT}/build/rk3399-export.json`;
    writeFileSync(path, stdout);
    const drawn = scx("machine", path);
    expect(drawn.status, drawn.stderr).toBe(0);
    expect(drawn.stdout).toBe(scx("machine", "rk3399").stdout.replace("rk3399", file.name));
  });

  test("run --fallback keeps simulating under the default policy after an ejection", () => {
    const policy = `${ROOT}/test/fixtures/policies/ejectlate.ts`;
    const args = [
      "run",
      "--policy",
      policy,
      "--cpus",
      "2",
      "--workload",
      "hogs",
      "--duration",
      "200ms",
      "--json",
    ];
    const plain = scx(...args);
    const kept = scx(...args, "--fallback");
    expect(plain.status, plain.stderr).toBe(0);
    expect(kept.status, kept.stderr).toBe(0);
    const a = JSON.parse(plain.stdout);
    const b = JSON.parse(kept.stdout);
    for (const r of [a, b]) {
      expect(r.exit.kind).toBe("ejected");
      expect(r.exit.reason).toMatch(/giving up at 50 ms/);
    }
    expect(a.simulated_ns).toBeLessThan(100_000_000);
    expect(b.simulated_ns).toBe(200_000_000);
    expect(b.summary.utilization).toBeGreaterThan(0.95);
  });
});
