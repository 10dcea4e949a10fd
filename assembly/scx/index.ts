// The public policy API, imported as `"scx"`: the Task, the Ops base class and register(), the
// scx_bpf_* helpers, the SCX_* constants, cpumasks and topology queries. Names, argument order
// and return values are the kernel's (sched_ext.md), so a policy reads like its BPF original.

export * from "./constants";
export { Task, SchedExtEntity, TASK_NEW, TASK_SLEEPING, TASK_RUNNABLE, TASK_RUNNING, TASK_DEAD } from "./task";
export { Ops, register } from "./ops";
export * from "./cpumask";
export * from "./kfuncs";
export * from "./topology";
export { BpfTimer, bpf_timer_start, bpf_timer_cancel, TaskStorage } from "./bpftimer";
export { OP_BPF_TIMER } from "./callids";
export * from "./dsqiter";
