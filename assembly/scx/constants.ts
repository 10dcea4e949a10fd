// The kernel's constants for sched_ext (include/linux/sched/ext.h, kernel/sched/ext_internal.h),
// with the values of the v7.0-rc2 vmlinux.h that sched-ext/scx ships. The low enq flags only
// need to be consistent inside the simulator.

// DSQ ids: bit 63 marks the built-in queues.
export const SCX_DSQ_FLAG_BUILTIN: u64 = 1 << 63;
export const SCX_DSQ_FLAG_LOCAL_ON: u64 = 1 << 62;
export const SCX_DSQ_INVALID: u64 = SCX_DSQ_FLAG_BUILTIN;
export const SCX_DSQ_GLOBAL: u64 = SCX_DSQ_FLAG_BUILTIN | 1;
export const SCX_DSQ_LOCAL: u64 = SCX_DSQ_FLAG_BUILTIN | 2;
export const SCX_DSQ_LOCAL_ON: u64 = SCX_DSQ_FLAG_BUILTIN | SCX_DSQ_FLAG_LOCAL_ON;
export const SCX_DSQ_LOCAL_CPU_MASK: u64 = 0xffffffff;

export const SCX_SLICE_DFL: u64 = 20_000_000;
export const SCX_SLICE_INF: u64 = u64.MAX_VALUE;

// enq_flags
export const SCX_ENQ_WAKEUP: u64 = 0x1;
export const SCX_ENQ_HEAD: u64 = 0x10000;
export const SCX_ENQ_CPU_SELECTED: u64 = 0x100000;
export const SCX_ENQ_PREEMPT: u64 = 1 << 32;
export const SCX_ENQ_REENQ: u64 = 1 << 40;
export const SCX_ENQ_LAST: u64 = 1 << 41;
/** The top 8 bits are the kernel's own; a policy passing them is an error. */
export const SCX_ENQ_INTERNAL_MASK: u64 = 0xff00000000000000;

// deq_flags
export const SCX_DEQ_SLEEP: u64 = 1;
export const SCX_DEQ_CORE_SCHED_EXEC: u64 = 1 << 32;
export const SCX_DEQ_SCHED_CHANGE: u64 = 1 << 33;

// wake_flags for ops.select_cpu
export const SCX_WAKE_FORK: u64 = 0x4;
export const SCX_WAKE_TTWU: u64 = 0x8;
export const SCX_WAKE_SYNC: u64 = 0x10;

// scx_bpf_kick_cpu flags
export const SCX_KICK_IDLE: u64 = 1;
export const SCX_KICK_PREEMPT: u64 = 2;
export const SCX_KICK_WAIT: u64 = 4;

// bpf_iter_scx_dsq_new flags
export const SCX_DSQ_ITER_REV: u64 = 1 << 16;

// scx_bpf_pick_idle_cpu flags
export const SCX_PICK_IDLE_CORE: u64 = 1;
export const SCX_PICK_IDLE_IN_NODE: u64 = 2;

// ops.flags
export const SCX_OPS_KEEP_BUILTIN_IDLE: u64 = 1;
export const SCX_OPS_ENQ_LAST: u64 = 2;
export const SCX_OPS_ENQ_EXITING: u64 = 4;
export const SCX_OPS_SWITCH_PARTIAL: u64 = 8;
export const SCX_OPS_ENQ_MIGRATION_DISABLED: u64 = 16;
export const SCX_OPS_ALLOW_QUEUED_WAKEUP: u64 = 32;
export const SCX_OPS_BUILTIN_IDLE_PER_NODE: u64 = 64;

// p->scx.flags
export const SCX_TASK_QUEUED: u32 = 1;

export const SCX_CPUPERF_ONE: u32 = 1024;
export const SCX_DSP_MAX_LOOPS: i32 = 32;
export const SCX_DSP_DFL_MAX_BATCH: i32 = 32;
export const SCX_WATCHDOG_MAX_TIMEOUT_NS: i64 = 30_000_000_000;

// enum scx_exit_kind
export const SCX_EXIT_NONE: i32 = 0;
export const SCX_EXIT_DONE: i32 = 1;
export const SCX_EXIT_UNREG: i32 = 64;
export const SCX_EXIT_UNREG_BPF: i32 = 65;
export const SCX_EXIT_UNREG_KERN: i32 = 66;
export const SCX_EXIT_ERROR: i32 = 1024;
export const SCX_EXIT_ERROR_BPF: i32 = 1025;
export const SCX_EXIT_ERROR_STALL: i32 = 1026;

// errno values policies return or receive
export const EINVAL: i32 = 22;
export const EEXIST: i32 = 17;
export const ENOENT: i32 = 2;
export const EBUSY: i32 = 16;
export const ENOMEM: i32 = 12;
