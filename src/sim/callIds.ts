// Call ids shared with the engine (mirrors assembly/scx/callids.ts, docs/internals.md):
// ids 0..20 are the ops callbacks (and the bit numbers of opsMask), ids from 32 the helpers.

/** Callback names by id; the method names a policy class defines. */
export const CALLBACKS = [
  "select_cpu",
  "enqueue",
  "dequeue",
  "dispatch",
  "tick",
  "runnable",
  "running",
  "stopping",
  "quiescent",
  "yield",
  "set_weight",
  "set_cpumask",
  "update_idle",
  "init_task",
  "exit_task",
  "enable",
  "disable",
  "init",
  "exit",
  "cpu_acquire",
  "cpu_release",
] as const;

export type CallbackName = (typeof CALLBACKS)[number];

/** First helper id. */
export const HELPER_BASE = 32;

/** Helper names by id − HELPER_BASE. */
export const HELPERS = [
  "scx_bpf_dsq_insert",
  "scx_bpf_dsq_insert_vtime",
  "scx_bpf_dsq_move_to_local",
  "scx_bpf_kick_cpu",
  "scx_bpf_select_cpu_dfl",
  "scx_bpf_pick_idle_cpu",
  "scx_bpf_pick_any_cpu",
  "scx_bpf_test_and_clear_cpu_idle",
  "scx_bpf_create_dsq",
  "scx_bpf_destroy_dsq",
  "scx_bpf_dsq_nr_queued",
  "scx_bpf_now",
  "scx_bpf_cpuperf_cap",
  "scx_bpf_cpuperf_cur",
  "scx_bpf_cpuperf_set",
  "scx_bpf_nr_cpu_ids",
  "scx_bpf_task_cpu",
  "scx_bpf_task_running",
  "scx_bpf_reenqueue_local",
  "scx_bpf_error",
  "scx_bpf_exit",
  "scx_bpf_dispatch_nr_slots",
  "scx_bpf_dispatch_cancel",
  "scx_bpf_select_cpu_and",
  "scx_bpf_dsq_peek",
  "scx_bpf_task_set_slice",
  "scx_bpf_task_set_dsq_vtime",
  "scx_bpf_dsq_move",
  "scx_bpf_dsq_move_vtime",
] as const;

const CALLBACK_ID = new Map<string, number>(CALLBACKS.map((name, id) => [name, id]));

/** The id of a callback method name (`"enqueue"` → 1), or undefined. */
export function callbackId(name: string): number | undefined {
  return CALLBACK_ID.get(name);
}

/** `"ops.enqueue"` for callbacks, the helper's own name for helpers, undefined otherwise. */
export function callName(id: number): string | undefined {
  if (id >= 0 && id < CALLBACKS.length) return `ops.${CALLBACKS[id]}`;
  const h = id - HELPER_BASE;
  if (h >= 0 && h < HELPERS.length) return HELPERS[h];
  return undefined;
}
