import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { callName } from "../../src/sim/callIds.ts";
import { callSignatures } from "../../src/trace/callArgs.ts";
import { callLogLines, encodeCallRecords, writeCallLog } from "../../src/trace/callLog.ts";

const BUILTIN = 1n << 63n;
const LOCAL_ON = BUILTIN | (1n << 62n);
const U64_MAX = (1n << 64n) - 1n;

function lines(recs: Parameters<typeof encodeCallRecords>[0]) {
  return [...callLogLines(encodeCallRecords(recs))].map((l) => JSON.parse(l));
}

describe("call log (--log JSON Lines)", () => {
  test("a callback with a task: t_ns, cpu, call, pid, named args, ret in that key order", () => {
    const [line] = lines([{ id: 1, cpu: 2, pid: 12, t: 1500n, ret: 0n, args: [1n] }]);
    expect(line).toEqual({
      t_ns: 1500,
      cpu: 2,
      call: "ops.enqueue",
      pid: 12,
      args: { enq_flags: 1 },
      ret: null,
    });
    const text = [
      ...callLogLines(
        encodeCallRecords([{ id: 1, cpu: 2, pid: 12, t: 1500n, ret: 0n, args: [1n] }]),
      ),
    ][0];
    expect(text).toBe(
      '{"t_ns":1500,"cpu":2,"call":"ops.enqueue","pid":12,"args":{"enq_flags":1},"ret":null}\n',
    );
  });

  test("no task: no pid key", () => {
    const [line] = lines([{ id: 17, cpu: 0, pid: -1, t: 0n, ret: 0n, args: [] }]);
    expect(line).toEqual({ t_ns: 0, cpu: 0, call: "ops.init", args: {}, ret: 0 });
  });

  test("scx_bpf_dsq_insert names DSQs symbolically and SCX_SLICE_INF by name", () => {
    const out = lines([
      { id: 32, cpu: 0, pid: 5, t: 10n, ret: 0n, args: [LOCAL_ON | 3n, 20_000_000n, 0n] },
      { id: 32, cpu: 0, pid: 5, t: 11n, ret: 0n, args: [BUILTIN | 1n, U64_MAX, 1n << 32n] },
      { id: 32, cpu: 0, pid: 5, t: 12n, ret: 0n, args: [BUILTIN | 2n, 0n, 0n] },
      { id: 32, cpu: 0, pid: 5, t: 13n, ret: 0n, args: [42n, 5000n, 0n] },
    ]);
    expect(out.map((l) => l.args)).toEqual([
      { dsq_id: "SCX_DSQ_LOCAL_ON|3", slice: 20_000_000, enq_flags: 0 },
      { dsq_id: "SCX_DSQ_GLOBAL", slice: "SCX_SLICE_INF", enq_flags: 2 ** 32 },
      { dsq_id: "SCX_DSQ_LOCAL", slice: 0, enq_flags: 0 },
      { dsq_id: 42, slice: 5000, enq_flags: 0 },
    ]);
  });

  test("u64 values beyond 2^53 are decimal strings, never rounded numbers", () => {
    const vtime = (1n << 60n) + 1n;
    const [line] = lines([
      { id: 33, cpu: 1, pid: 3, t: 5n, ret: 0n, args: [7n, 1000n, vtime, 0n] },
    ]);
    expect(line.args).toEqual({
      dsq_id: 7,
      slice: 1000,
      vtime: "1152921504606846977",
      enq_flags: 0,
    });
  });

  test("return values by type: s32 signed, bool, u64", () => {
    const out = lines([
      { id: 0, cpu: 0, pid: 4, t: 1n, ret: -1n, args: [2n, 8n] },
      { id: 34, cpu: 0, pid: -1, t: 2n, ret: 1n, args: [0n] },
      { id: 43, cpu: 0, pid: -1, t: 3n, ret: 123456789n, args: [] },
      { id: 40, cpu: 0, pid: -1, t: 4n, ret: BigInt(-17), args: [0n, -1n] },
    ]);
    expect(out.map((l) => [l.call, l.args, l.ret])).toEqual([
      ["ops.select_cpu", { prev_cpu: 2, wake_flags: 8 }, -1],
      ["scx_bpf_dsq_move_to_local", { dsq_id: 0 }, true],
      ["scx_bpf_now", {}, 123456789],
      ["scx_bpf_create_dsq", { dsq_id: 0, node: -1 }, -17],
    ]);
  });

  test("ops.dispatch names prev (null when none); the record's cpu is the dispatching CPU", () => {
    const [a, b] = lines([
      { id: 3, cpu: 1, pid: -1, t: 0n, ret: 0n, args: [-1n] },
      { id: 3, cpu: 1, pid: 9, t: 0n, ret: 0n, args: [9n] },
    ]);
    expect(a).toEqual({ t_ns: 0, cpu: 1, call: "ops.dispatch", args: { prev: null }, ret: null });
    expect(b).toMatchObject({ cpu: 1, pid: 9, args: { prev: 9 } });
  });

  test("arguments beyond a known signature and unknown call ids still appear", () => {
    const [a, b] = lines([
      { id: 4, cpu: 0, pid: 1, t: 0n, ret: 0n, args: [77n] },
      { id: 99, cpu: 0, pid: -1, t: 0n, ret: 5n, args: [1n] },
    ]);
    expect(a.args).toEqual({ arg0: 77 });
    expect(b).toMatchObject({ call: "call#99", args: { arg0: 1 }, ret: 5 });
  });

  test("every call id has a signature whose name is the one src/sim/callIds.ts gives", () => {
    const sigs = callSignatures();
    const ids = [
      ...Array.from({ length: 21 }, (_, i) => i),
      ...Array.from({ length: 29 }, (_, i) => 32 + i),
    ];
    for (const id of ids) expect(sigs.get(id)?.name, `call id ${id}`).toBe(callName(id));
    expect(sigs.get(21)?.name).toBe("bpf_timer");
    for (const s of sigs.values()) expect(s.args.length).toBeLessThanOrEqual(6);
  });

  test("writeCallLog writes one JSON object per line", async () => {
    const recs = Array.from({ length: 10_000 }, (_, i) => ({
      id: 6,
      cpu: i % 4,
      pid: 1 + i,
      t: BigInt(i),
      ret: 0n,
      args: [],
    }));
    const file = join(mkdtempSync(join(tmpdir(), "scx-log-")), "log.jsonl");
    await writeCallLog(file, encodeCallRecords(recs));
    const text = readFileSync(file, "utf8").trimEnd().split("\n");
    expect(text).toHaveLength(10_000);
    expect(JSON.parse(text[9999])).toEqual({
      t_ns: 9999,
      cpu: 3,
      call: "ops.running",
      pid: 10000,
      args: {},
      ret: null,
    });
  });
});
