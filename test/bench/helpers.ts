// Shared by the bench tests: the CLI in-process with stand-in host modules (test/cli/fakeDeps.ts)
// whose runs differ by policy, knobs, machine, workload and seed — so that mixing two cells up
// shows — and scratch directories.

import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cli } from "../../src/cli/cli.ts";
import type { Deps } from "../../src/cli/deps.ts";
import { memoryIo } from "../../src/cli/io.ts";
import type { RunRequest } from "../../src/sim/types.ts";
import { type FakeDeps, fakeDeps } from "../cli/fakeDeps.ts";
import { histogramOf, makeRawRun } from "../metrics/fixtures.ts";

export function scratch(): string {
  return mkdtempSync(join(tmpdir(), "scx-bench-"));
}

/** A small deterministic hash of a request's identity (what a real run depends on). */
function mix(req: RunRequest): number {
  const text = `${req.policy.name}|${JSON.stringify(req.params)}|${req.machineName}|${req.workloadName}|${req.seed}`;
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
  return h;
}

/** Fake runs whose numbers depend on the cell; `eject(req)` makes a cell's policy ejected. */
export function varyingDeps(
  opts: { eject?: (req: RunRequest) => boolean; fail?: (req: RunRequest) => boolean } = {},
): FakeDeps {
  const deps = fakeDeps({
    rawFor: (req) => {
      const h = mix(req);
      const raw = makeRawRun({
        request: {
          policyName: req.policy.name,
          params: req.params,
          machineName: req.machineName,
          workloadName: req.workloadName,
          groupNames: req.groupNames,
          cpuTypeNames: req.cpuTypeNames,
          seed: req.seed,
          durationNs: req.durationNs,
        },
        params: req.params,
      });
      raw.counters[3] = h % 100; // migrations
      raw.counters[2] = 40 + (h % 17); // context switches
      const base = req.policy.name === "fifo" ? 3000 : 1000;
      raw.histograms[0][0] = histogramOf([base + (h % 500), base * 2 + (h % 300), 100 + req.seed]);
      if (opts.eject?.(req)) {
        raw.exit = {
          kind: "ejected",
          code: 1024,
          reason: "scx_bpf_error: boom",
          callback: "ops.enqueue",
          atNs: 5e6,
        };
      }
      return raw;
    },
  });
  if (opts.fail) {
    const simulate = deps.simulate;
    deps.simulate = async (req) => {
      if (opts.fail?.(req)) {
        deps.requests.push(req);
        throw new Error(`worker crashed on seed ${req.seed}`);
      }
      return simulate(req);
    };
  }
  return deps;
}

export async function exec<D extends Deps = FakeDeps>(
  argv: string[],
  deps: D = varyingDeps() as unknown as D,
  io = memoryIo(),
) {
  const status = await cli(argv, io, deps);
  return { status, stdout: io.stdout, stderr: io.stderr, deps };
}
