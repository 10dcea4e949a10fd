// Ids of the callbacks (ops.*) and helpers (scx_bpf_*) for the call log and for ejection
// reports. docs/internals.md lists them; src/sim/callIds.ts mirrors this file.

export const OP_SELECT_CPU = 0;
export const OP_ENQUEUE = 1;
export const OP_DEQUEUE = 2;
export const OP_DISPATCH = 3;
export const OP_TICK = 4;
export const OP_RUNNABLE = 5;
export const OP_RUNNING = 6;
export const OP_STOPPING = 7;
export const OP_QUIESCENT = 8;
export const OP_YIELD = 9;
export const OP_SET_WEIGHT = 10;
export const OP_SET_CPUMASK = 11;
export const OP_UPDATE_IDLE = 12;
export const OP_INIT_TASK = 13;
export const OP_EXIT_TASK = 14;
export const OP_ENABLE = 15;
export const OP_DISABLE = 16;
export const OP_INIT = 17;
export const OP_EXIT = 18;
export const OP_CPU_ACQUIRE = 19;
export const OP_CPU_RELEASE = 20;
/** Not an op: a BPF timer callback of the policy. */
export const OP_BPF_TIMER = 21;
export const OP_NONE = -1;

export const K_DSQ_INSERT = 32;
export const K_DSQ_INSERT_VTIME = 33;
export const K_DSQ_MOVE_TO_LOCAL = 34;
export const K_KICK_CPU = 35;
export const K_SELECT_CPU_DFL = 36;
export const K_PICK_IDLE_CPU = 37;
export const K_PICK_ANY_CPU = 38;
export const K_TEST_AND_CLEAR_CPU_IDLE = 39;
export const K_CREATE_DSQ = 40;
export const K_DESTROY_DSQ = 41;
export const K_DSQ_NR_QUEUED = 42;
export const K_NOW = 43;
export const K_CPUPERF_CAP = 44;
export const K_CPUPERF_CUR = 45;
export const K_CPUPERF_SET = 46;
export const K_NR_CPU_IDS = 47;
export const K_TASK_CPU = 48;
export const K_TASK_RUNNING = 49;
export const K_REENQUEUE_LOCAL = 50;
export const K_ERROR = 51;
export const K_EXIT = 52;
export const K_DISPATCH_NR_SLOTS = 53;
export const K_DISPATCH_CANCEL = 54;
export const K_SELECT_CPU_AND = 55;
export const K_DSQ_PEEK = 56;
export const K_TASK_SET_SLICE = 57;
export const K_TASK_SET_DSQ_VTIME = 58;
export const K_DSQ_MOVE = 59;
export const K_DSQ_MOVE_VTIME = 60;

const OP_NAMES: string[] = [
  "ops.select_cpu", "ops.enqueue", "ops.dequeue", "ops.dispatch", "ops.tick", "ops.runnable",
  "ops.running", "ops.stopping", "ops.quiescent", "ops.yield", "ops.set_weight",
  "ops.set_cpumask", "ops.update_idle", "ops.init_task", "ops.exit_task", "ops.enable",
  "ops.disable", "ops.init", "ops.exit", "ops.cpu_acquire", "ops.cpu_release", "bpf_timer",
];

const KFUNC_NAMES: string[] = [
  "scx_bpf_dsq_insert", "scx_bpf_dsq_insert_vtime", "scx_bpf_dsq_move_to_local",
  "scx_bpf_kick_cpu", "scx_bpf_select_cpu_dfl", "scx_bpf_pick_idle_cpu", "scx_bpf_pick_any_cpu",
  "scx_bpf_test_and_clear_cpu_idle", "scx_bpf_create_dsq", "scx_bpf_destroy_dsq",
  "scx_bpf_dsq_nr_queued", "scx_bpf_now", "scx_bpf_cpuperf_cap", "scx_bpf_cpuperf_cur",
  "scx_bpf_cpuperf_set", "scx_bpf_nr_cpu_ids", "scx_bpf_task_cpu", "scx_bpf_task_running",
  "scx_bpf_reenqueue_local", "scx_bpf_error", "scx_bpf_exit", "scx_bpf_dispatch_nr_slots",
  "scx_bpf_dispatch_cancel", "scx_bpf_select_cpu_and", "scx_bpf_dsq_peek",
  "scx_bpf_task_set_slice", "scx_bpf_task_set_dsq_vtime", "scx_bpf_dsq_move",
  "scx_bpf_dsq_move_vtime",
];

export function callName(id: i32): string {
  if (id >= 0 && id < OP_NAMES.length) return OP_NAMES[id];
  if (id >= 32 && id - 32 < KFUNC_NAMES.length) return KFUNC_NAMES[id - 32];
  return "none";
}
