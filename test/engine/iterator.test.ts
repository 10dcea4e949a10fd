// DSQ iterators and scx_bpf_dsq_move (sched_ext.md §3.1): a reverse iteration moves the newest
// queued task first, the move takes its slice from scx_bpf_dsq_move_set_slice, and the move
// is only allowed in ops.dispatch and BPF timers.
import { describe, expect, it } from "vitest";
import { COMPILE_TIMEOUT_MS, MS, policy, simulate, TR } from "./harness.ts";

describe("DSQ iterators", () => {
  it(
    "a reverse iterator with scx_bpf_dsq_move runs the newest waiting task first",
    async () => {
      // Four 1 ms tasks created at once on one CPU: the first runs at once (the CPU is idle
      // and dispatches), the others wait in QUEUE and then run newest first.
      const sim = await simulate(await policy("iterrev"), {
        machine: { cpus: 1 },
        groups: [{ count: 4, program: [{ run: 1 * MS }] }],
        durationNs: 10 * MS,
        trace: true,
      });
      const order = sim.records.filter((r) => r.kind === TR.RUN).map((r) => r.pid);
      expect(order).toEqual([4, 3, 2, 1]);
      expect(sim.exit.kind).toBe("done");
    },
    COMPILE_TIMEOUT_MS,
  );
});
