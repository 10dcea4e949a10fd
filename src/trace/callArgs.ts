// The named arguments and return type of every logged call (docs/internals.md "Call ids"),
// in the kernel's argument order and in the order the engine writes them into a record's args
// words (the logCall sites in assembly/scx/). The task a call is about (`p`, `from`) is not an
// argument here: the record's pid field carries it. docs/cli.md "--log" lists them all.

import {
  cpumaskJson,
  dsqJson,
  pidJson,
  s32Json,
  s64Json,
  sliceJson,
  u32Json,
  u64Json,
} from "./values.ts";

export type ValueKind =
  | "s32"
  | "u32"
  | "s64"
  | "u64"
  | "bool"
  | "dsq"
  | "slice"
  | "pid"
  | "cpumask";
export type RetKind = ValueKind | "void";

export interface CallSignature {
  name: string;
  args: [name: string, kind: ValueKind][];
  ret: RetKind;
}

const sig = (name: string, args: CallSignature["args"], ret: RetKind = "void"): CallSignature => ({
  name,
  args,
  ret,
});

const CALLS: Record<number, CallSignature> = {
  0: sig(
    "ops.select_cpu",
    [
      ["prev_cpu", "s32"],
      ["wake_flags", "u64"],
    ],
    "s32",
  ),
  1: sig("ops.enqueue", [["enq_flags", "u64"]]),
  2: sig("ops.dequeue", [["deq_flags", "u64"]]),
  // the record's cpu is the dispatching CPU
  3: sig("ops.dispatch", [["prev", "pid"]]),
  4: sig("ops.tick", []),
  5: sig("ops.runnable", [["enq_flags", "u64"]]),
  6: sig("ops.running", []),
  7: sig("ops.stopping", [["runnable", "bool"]]),
  8: sig("ops.quiescent", [["deq_flags", "u64"]]),
  9: sig("ops.yield", [["to", "pid"]], "bool"),
  10: sig("ops.set_weight", [["weight", "u32"]]),
  11: sig("ops.set_cpumask", [["cpumask", "cpumask"]]),
  12: sig("ops.update_idle", [
    ["cpu", "s32"],
    ["idle", "bool"],
  ]),
  13: sig("ops.init_task", [["fork", "bool"]], "s32"),
  14: sig("ops.exit_task", [["cancelled", "bool"]]),
  15: sig("ops.enable", []),
  16: sig("ops.disable", []),
  17: sig("ops.init", [], "s32"),
  18: sig("ops.exit", [["kind", "s32"]]),
  19: sig("ops.cpu_acquire", [["cpu", "s32"]]),
  20: sig("ops.cpu_release", [
    ["cpu", "s32"],
    ["reason", "u32"],
  ]),
  // not an op: a BPF timer callback of the policy firing
  21: sig("bpf_timer", [["timer_id", "u32"]]),
  32: sig("scx_bpf_dsq_insert", [
    ["dsq_id", "dsq"],
    ["slice", "slice"],
    ["enq_flags", "u64"],
  ]),
  33: sig("scx_bpf_dsq_insert_vtime", [
    ["dsq_id", "dsq"],
    ["slice", "slice"],
    ["vtime", "u64"],
    ["enq_flags", "u64"],
  ]),
  34: sig("scx_bpf_dsq_move_to_local", [["dsq_id", "dsq"]], "bool"),
  35: sig("scx_bpf_kick_cpu", [
    ["cpu", "s32"],
    ["flags", "u64"],
  ]),
  36: sig(
    "scx_bpf_select_cpu_dfl",
    [
      ["prev_cpu", "s32"],
      ["wake_flags", "u64"],
    ],
    "s32",
  ),
  // cpumask arguments are not logged (a mask can be wider than a log word)
  37: sig("scx_bpf_pick_idle_cpu", [["flags", "u64"]], "s32"),
  38: sig("scx_bpf_pick_any_cpu", [["flags", "u64"]], "s32"),
  39: sig("scx_bpf_test_and_clear_cpu_idle", [["cpu", "s32"]], "bool"),
  40: sig(
    "scx_bpf_create_dsq",
    [
      ["dsq_id", "dsq"],
      ["node", "s32"],
    ],
    "s32",
  ),
  41: sig("scx_bpf_destroy_dsq", [["dsq_id", "dsq"]]),
  42: sig("scx_bpf_dsq_nr_queued", [["dsq_id", "dsq"]], "s32"),
  43: sig("scx_bpf_now", [], "u64"),
  44: sig("scx_bpf_cpuperf_cap", [["cpu", "s32"]], "u32"),
  45: sig("scx_bpf_cpuperf_cur", [["cpu", "s32"]], "u32"),
  46: sig("scx_bpf_cpuperf_set", [
    ["cpu", "s32"],
    ["perf", "u32"],
  ]),
  47: sig("scx_bpf_nr_cpu_ids", [], "u32"),
  48: sig("scx_bpf_task_cpu", [], "s32"),
  49: sig("scx_bpf_task_running", [], "bool"),
  50: sig("scx_bpf_reenqueue_local", [], "u32"),
  51: sig("scx_bpf_error", []),
  52: sig("scx_bpf_exit", [["code", "s64"]]),
  53: sig("scx_bpf_dispatch_nr_slots", [], "u32"),
  54: sig("scx_bpf_dispatch_cancel", []),
  55: sig(
    "scx_bpf_select_cpu_and",
    [
      ["prev_cpu", "s32"],
      ["wake_flags", "u64"],
      ["flags", "u64"],
    ],
    "s32",
  ),
  56: sig("scx_bpf_dsq_peek", [["dsq_id", "dsq"]], "pid"),
  57: sig("scx_bpf_task_set_slice", [["slice", "slice"]]),
  58: sig("scx_bpf_task_set_dsq_vtime", [["vtime", "u64"]]),
  59: sig(
    "scx_bpf_dsq_move",
    [
      ["dsq_id", "dsq"],
      ["enq_flags", "u64"],
    ],
    "bool",
  ),
  60: sig(
    "scx_bpf_dsq_move_vtime",
    [
      ["dsq_id", "dsq"],
      ["enq_flags", "u64"],
    ],
    "bool",
  ),
};

/** The signature of call `id`; unknown ids get a generic one so a newer engine still logs. */
export function callSignature(id: number): CallSignature {
  return CALLS[id] ?? { name: `call#${id}`, args: [], ret: "u64" };
}

/** Every known signature by id (for docs and tests). */
export function callSignatures(): ReadonlyMap<number, CallSignature> {
  return new Map(Object.entries(CALLS).map(([id, s]) => [Number(id), s]));
}

/** A raw 64-bit word as JSON, by the kind of value it holds. */
export function valueJson(kind: ValueKind, raw: bigint): number | string | boolean | null {
  switch (kind) {
    case "s32":
      return s32Json(raw);
    case "u32":
      return u32Json(raw);
    case "s64":
      return s64Json(raw);
    case "u64":
      return u64Json(raw);
    case "bool":
      return raw !== 0n;
    case "dsq":
      return dsqJson(raw);
    case "slice":
      return sliceJson(raw);
    case "pid":
      return pidJson(raw);
    case "cpumask":
      return cpumaskJson(raw);
  }
}
