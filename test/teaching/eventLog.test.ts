// The event log of step mode (src/trace/eventLog.ts) on a scenario small enough to write out:
// every callback with its arguments and return value, the helpers it called, and every state
// change of a task, in the order the engine did them, in words.
import { beforeAll, describe, expect, test } from "vitest";
import { StepSession } from "../../src/sim/stepper.ts";
import type { CompiledPolicy } from "../../src/sim/types.ts";
import { buildEventLog, rowLine } from "../../src/trace/eventLog.ts";
import { dsqNamesFromSource, durationWords, flagWords } from "../../src/trace/valueWords.ts";
import { fixturePolicy, scenario, TINY } from "./tiny.ts";

const COMPILE_MS = 300_000;
let tiny: CompiledPolicy;

beforeAll(async () => {
  tiny = await fixturePolicy("tiny");
}, COMPILE_MS);

/**
 * The log up to `untilNs` (the whole run by default), one line per row. A stint going on at
 * that instant has no trace record yet: the snapshot says who runs, `openSince` since when.
 */
async function tinyLog(untilNs?: number, openSince?: number): Promise<string[]> {
  const req = scenario(tiny, TINY);
  const s = await StepSession.open(req);
  await s.runTo(untilNs ?? TINY.durationNs);
  const running = s.snapshot().running;
  const rows = buildEventLog({
    trace: s.trace.since(0),
    log: s.log.since(0),
    groupNames: req.groupNames,
    dsqNames: dsqNamesFromSource(tiny.source),
    untilNs,
    openStints:
      openSince === undefined
        ? []
        : running.flatMap((pid, cpu) => (pid > 0 ? [{ cpu, pid, t0: openSince }] : [])),
  });
  return rows.map((r) => rowLine(r).trim());
}

describe("event log", () => {
  test(
    "the tiny scenario's log is exactly the hand-written sequence",
    async () => {
      const lines = await tinyLog();
      // Written from the engine's rules (assembly/scx/lifecycle.ts, sched.ts): a new task is
      // created, wakes and is enqueued; the CPU dispatches from SHARED_DSQ; a stint ends before
      // ops.stopping; a slice that runs out is dispatched around (dispatch first, then the
      // preempted task stops and is enqueued); a task exits after ops.stopping.
      expect(lines).toEqual([
        "0.000 ms  CPU 0  ops.init() → 0",
        "0.000 ms  CPU 0    scx_bpf_create_dsq(dsq_id=SHARED_DSQ, node=-1) → 0",
        '0.000 ms  CPU 0  1 "a" is created',
        '0.000 ms  CPU 0  1 "a" wakes up, queued for CPU 0',
        '0.000 ms  CPU 0  ops.enqueue(p=1 "a", enq_flags=0)',
        '0.000 ms  CPU 0    scx_bpf_dsq_insert(p=1 "a", dsq_id=SHARED_DSQ, slice=5ms, enq_flags=0)',
        "0.000 ms  CPU 0  ops.dispatch(cpu=0, prev=none)",
        "0.000 ms  CPU 0    scx_bpf_dsq_move_to_local(dsq_id=SHARED_DSQ) → true",
        '0.000 ms  CPU 0  1 "a" starts running on CPU 0',
        '0.000 ms  CPU 0  ops.running(p=1 "a")',
        '0.000 ms  CPU 0  2 "b" is created',
        '0.000 ms  CPU 0  2 "b" wakes up, queued for CPU 0',
        '0.000 ms  CPU 0  ops.enqueue(p=2 "b", enq_flags=0)',
        '0.000 ms  CPU 0    scx_bpf_dsq_insert(p=2 "b", dsq_id=SHARED_DSQ, slice=5ms, enq_flags=0)',
        '1.000 ms  CPU 0  1 "a" stops on CPU 0 after 1ms: blocked (sleeps or waits)',
        '1.000 ms  CPU 0  ops.stopping(p=1 "a", runnable=false)',
        '1.000 ms  CPU 0  ops.dispatch(cpu=0, prev=1 "a")',
        "1.000 ms  CPU 0    scx_bpf_dsq_move_to_local(dsq_id=SHARED_DSQ) → true",
        '1.000 ms  CPU 0  2 "b" starts running on CPU 0',
        '1.000 ms  CPU 0  ops.running(p=2 "b")',
        '2.000 ms  CPU 0  1 "a" wakes up, queued for CPU 0',
        '2.000 ms  CPU 0  ops.enqueue(p=1 "a", enq_flags=WAKEUP)',
        '2.000 ms  CPU 0    scx_bpf_dsq_insert(p=1 "a", dsq_id=SHARED_DSQ, slice=5ms, enq_flags=WAKEUP)',
        '6.000 ms  CPU 0  ops.dispatch(cpu=0, prev=2 "b")',
        "6.000 ms  CPU 0    scx_bpf_dsq_move_to_local(dsq_id=SHARED_DSQ) → true",
        '6.000 ms  CPU 0  2 "b" stops on CPU 0 after 5ms: preempted (slice used up, or another task was picked)',
        '6.000 ms  CPU 0  ops.stopping(p=2 "b", runnable=true)',
        '6.000 ms  CPU 0  ops.enqueue(p=2 "b", enq_flags=0)',
        '6.000 ms  CPU 0    scx_bpf_dsq_insert(p=2 "b", dsq_id=SHARED_DSQ, slice=5ms, enq_flags=0)',
        '6.000 ms  CPU 0  1 "a" starts running on CPU 0',
        '6.000 ms  CPU 0  ops.running(p=1 "a")',
        '7.000 ms  CPU 0  1 "a" stops on CPU 0 after 1ms: exited',
        '7.000 ms  CPU 0  ops.stopping(p=1 "a", runnable=false)',
        '7.000 ms  CPU 0  1 "a" exits',
        '7.000 ms  CPU 0  ops.dispatch(cpu=0, prev=1 "a")',
        "7.000 ms  CPU 0    scx_bpf_dsq_move_to_local(dsq_id=SHARED_DSQ) → true",
        '7.000 ms  CPU 0  2 "b" starts running on CPU 0',
        '7.000 ms  CPU 0  ops.running(p=2 "b")',
        '10.000 ms  CPU 0  2 "b" stops on CPU 0 after 3ms: exited',
        '10.000 ms  CPU 0  ops.stopping(p=2 "b", runnable=false)',
        '10.000 ms  CPU 0  2 "b" exits',
        '10.000 ms  CPU 0  ops.dispatch(cpu=0, prev=2 "b")',
        "10.000 ms  CPU 0    scx_bpf_dsq_move_to_local(dsq_id=SHARED_DSQ) → false",
      ]);
    },
    COMPILE_MS,
  );

  test("cut at an instant, a stint still going on says so and later rows are left out", async () => {
    const lines = await tinyLog(6_500_000, 6_000_000);
    expect(lines.at(-1)).toBe('6.000 ms  CPU 0  ops.running(p=1 "a")');
    expect(lines).toContain('6.000 ms  CPU 0  1 "a" starts running on CPU 0 (still running)');
    expect(lines.some((l) => l.startsWith("7.000"))).toBe(false);
  });

  test("helpers sit under the callback that called them", async () => {
    const req = scenario(tiny, TINY);
    const s = await StepSession.open(req);
    await s.runTo(3_000_000);
    const rows = buildEventLog({
      trace: s.trace.since(0),
      log: s.log.since(0),
      groupNames: req.groupNames,
    });
    for (const [i, r] of rows.entries()) {
      if (r.kind !== "helper") continue;
      expect(r.parent, `row ${i}: ${r.text}`).toBeGreaterThanOrEqual(0);
      expect(rows[r.parent]?.kind).toBe("callback");
      expect(r.depth).toBe(1);
    }
    expect(rows.find((r) => r.name === "scx_bpf_create_dsq")?.parent).toBe(
      rows.findIndex((r) => r.name === "ops.init"),
    );
  });

  test("flags, slices and DSQ names read the way the kernel spells them", () => {
    expect(flagWords("enq_flags", 0x100001n)).toBe("WAKEUP|CPU_SELECTED");
    expect(flagWords("enq_flags", (1n << 32n) | 0x2n)).toBe("PREEMPT|0x2");
    expect(flagWords("wake_flags", 0x18n)).toBe("TTWU|SYNC");
    expect(flagWords("enq_flags", 0n)).toBe("0");
    expect(durationWords(20_000_000)).toBe("20ms");
    expect(durationWords(1_500_000)).toBe("1.5ms");
    expect(durationWords(250_000)).toBe("250us");
    const names = dsqNamesFromSource(
      "const SHARED_DSQ: u64 = 0;\nconst BATCH_DSQ = 0x10;\nconst SLICE_NS: u64 = 5_000_000;\nlet node_dsq_base: u64 = 0;",
    );
    expect(names.get(0)).toBe("SHARED_DSQ");
    expect(names.get(16)).toBe("BATCH_DSQ");
    expect([...names.values()]).not.toContain("SLICE_NS");
  });
});
