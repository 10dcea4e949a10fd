// The page's watch over a simulation worker: a worker that never answers (a policy stuck in a
// callback that the engine's own budget did not catch) is terminated after the stall budget and
// the run comes back as an ejection; Stop terminates it at once; each next run gets a new worker.
import { describe, expect, test } from "vitest";
import type { RunRequest } from "../../src/sim/types.ts";
import { RunStopped, SimClient } from "../../web/lib/simClient.ts";

/** A worker that takes the first message and never returns from it. */
function stuckWorker(started: Worker[]): () => Worker {
  return () => {
    const src = "self.onmessage = () => { for (;;) {} };";
    const w = new Worker(URL.createObjectURL(new Blob([src], { type: "text/javascript" })));
    started.push(w);
    return w;
  };
}

const machine = new Float64Array(16 + 2 * 12);
machine[1] = 2; // ncpus
const workload = new Float64Array(16);
workload[1] = 1; // ngroups
const req = {
  policy: { name: "stuck", hash: "x", wasm: new Uint8Array(0), opsMask: 0, knobs: [], source: "" },
  params: {},
  machineName: "m",
  machine,
  workloadName: "w",
  workload,
  groupNames: ["g"],
  cpuTypeNames: ["cpu"],
  seed: 1,
  durationNs: 1e9,
} satisfies RunRequest;

describe("SimClient", () => {
  test("a worker that makes no progress is terminated and the run reported as over budget", async () => {
    const started: Worker[] = [];
    const client = new SimClient(stuckWorker(started));
    const t0 = performance.now();
    const raw = await client.run(req, { stallMs: 300 });
    expect(performance.now() - t0).toBeLessThan(3000);
    expect(raw.exit.kind).toBe("ejected");
    expect(raw.exit.reason).toMatch(/exceeded its budget: no progress for 0.3 s/);
    expect(raw.ncpus).toBe(2);
    // The next run starts a fresh worker.
    await client.run(req, { stallMs: 100 });
    expect(started).toHaveLength(2);
  });

  test("a whole-run wall-clock limit ends a run that keeps going", async () => {
    const client = new SimClient(stuckWorker([]));
    const raw = await client.run(req, { stallMs: 10_000, timeoutMs: 200 });
    expect(raw.exit.reason).toMatch(/still running after 0.2 s/);
  });

  test("Stop rejects at once and the worker is replaced", async () => {
    const started: Worker[] = [];
    const client = new SimClient(stuckWorker(started));
    const stop = new AbortController();
    const p = client.run(req, { signal: stop.signal });
    setTimeout(() => stop.abort(), 50);
    await expect(p).rejects.toBeInstanceOf(RunStopped);
    const again = new AbortController();
    again.abort();
    await expect(client.run(req, { signal: again.signal })).rejects.toBeInstanceOf(RunStopped);
    expect(started).toHaveLength(2);
  });
});
