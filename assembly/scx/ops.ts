// `struct sched_ext_ops`: a policy extends Ops and overrides the callbacks it implements, with
// the kernel's names and argument order. The bodies here never run for callbacks a policy
// leaves out: the host tells the engine which ones the policy defines (opsMask), and the
// engine applies the kernel's default behaviour for the others (sched_ext.md §1).

import { Task } from "./task";
import { Cpumask } from "./cpumask";

export class Ops {
  /** SCX_OPS_* flags. Set them in the constructor. */
  flags: u64 = 0;
  /** Watchdog timeout; 0 = 30 s (the maximum). */
  timeout_ms: u32 = 0;
  /** Inserts ops.dispatch may buffer per call; 0 = 32. */
  dispatch_max_batch: u32 = 0;
  /** Set by register(). */
  name: string = "";

  select_cpu(p: Task, prev_cpu: i32, wake_flags: u64): i32 { return prev_cpu; }
  enqueue(p: Task, enq_flags: u64): void {}
  dequeue(p: Task, deq_flags: u64): void {}
  dispatch(cpu: i32, prev: Task | null): void {}
  tick(p: Task): void {}
  runnable(p: Task, enq_flags: u64): void {}
  running(p: Task): void {}
  stopping(p: Task, runnable: bool): void {}
  quiescent(p: Task, deq_flags: u64): void {}
  yield(from: Task, to: Task | null): bool { return false; }
  set_weight(p: Task, weight: u32): void {}
  set_cpumask(p: Task, cpumask: Cpumask): void {}
  update_idle(cpu: i32, idle: bool): void {}
  init_task(p: Task, fork: bool): i32 { return 0; }
  exit_task(p: Task, cancelled: bool): void {}
  enable(p: Task): void {}
  disable(p: Task): void {}
  init(): i32 { return 0; }
  exit(kind: i32, reason: string, msg: string): void {}
  cpu_acquire(cpu: i32): void {}
  cpu_release(cpu: i32, reason: i32, next: Task | null): void {}
}

export let theOps: Ops = new Ops();
export let registered: bool = false;

/** Installs the policy. Call once, at the top level of the policy file. */
export function register(ops: Ops, name: string): void {
  theOps = ops;
  ops.name = name;
  registered = true;
}

/** After an ejection the default behaviour takes over: no ENQ_LAST, built-in idle on. */
export function setFlagsForFallback(): void {
  theOps.flags = 0;
}
