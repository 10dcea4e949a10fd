// Putting a task into a DSQ, with the kernel's validation (sched_ext.md §2.2, §2.5, §2.6):
// resolving SCX_DSQ_LOCAL / LOCAL_ON / GLOBAL / user ids, FIFO vs PRIQ, affinity of local
// targets, and the wake-up or preemption of the CPU whose local DSQ received the task.

import {
  SCX_DSQ_FLAG_BUILTIN, SCX_DSQ_GLOBAL, SCX_DSQ_LOCAL, SCX_DSQ_LOCAL_ON, SCX_DSQ_LOCAL_CPU_MASK,
  SCX_ENQ_HEAD, SCX_ENQ_PREEMPT,
} from "./constants";
import { Dsq, DSQ_MODE_FIFO, DSQ_MODE_PRIQ, globalDsq, findDsq } from "./dsq";
import { Task, OPSS_NONE } from "./task";
import { cpus, ncpus } from "./machine";
import { scxError } from "./exit";
import { resched } from "./engine";

export function hex(v: u64): string {
  return "0x" + v.toString(16);
}

/** `comm[pid]`, as the kernel names a task in messages. */
export function taskName(p: Task): string {
  return p.comm + "[" + p.pid.toString() + "]";
}

/**
 * Inserts `p` into the DSQ `dsqId`. `ctxCpu` is what SCX_DSQ_LOCAL means here: the selected
 * CPU (select_cpu), task_cpu(p) (enqueue) or the dispatching CPU (dispatch). Errors eject the
 * scheduler and put the task on the global DSQ meanwhile, as the kernel does.
 */
export function dsqInsert(p: Task, dsqId: u64, enqFlags: u64, vtime: bool, ctxCpu: i32): void {
  p.opsState = OPSS_NONE;
  let dsq: Dsq = globalDsq;
  let localCpu = -1;
  if (dsqId == SCX_DSQ_LOCAL) {
    localCpu = ctxCpu;
  } else if ((dsqId & SCX_DSQ_LOCAL_ON) == SCX_DSQ_LOCAL_ON) {
    const c = <i64>(dsqId & SCX_DSQ_LOCAL_CPU_MASK);
    if (c >= <i64>ncpus) {
      scxError("invalid CPU " + c.toString() + " in SCX_DSQ_LOCAL_ON verdict for " + taskName(p));
    } else {
      localCpu = <i32>c;
    }
  } else if (dsqId == SCX_DSQ_GLOBAL) {
    dsq = globalDsq;
  } else if ((dsqId & SCX_DSQ_FLAG_BUILTIN) != 0) {
    scxError("invalid DSQ ID " + hex(dsqId));
  } else {
    const u = findDsq(dsqId);
    if (u == null) scxError("non-existent DSQ " + hex(dsqId) + " for " + taskName(p));
    else dsq = u;
  }
  if (localCpu >= 0) {
    if (!p.cpus_ptr.test(localCpu)) {
      scxError("SCX_DSQ_LOCAL[_ON] target CPU " + localCpu.toString() + " not allowed for " + taskName(p));
    } else {
      dsq = unchecked(cpus[localCpu]).local;
    }
  }

  if (vtime && dsq.builtin) {
    scxError("cannot use vtime ordering for built-in DSQs");
    vtime = false;
  }
  if (!dsq.builtin && dsq.nr > 0) {
    if (vtime && dsq.mode == DSQ_MODE_FIFO) {
      scxError("DSQ ID " + hex(dsq.id) + " already had FIFO-enqueued tasks");
      vtime = false;
    } else if (!vtime && dsq.mode == DSQ_MODE_PRIQ) {
      scxError("DSQ ID " + hex(dsq.id) + " already had PRIQ-enqueued tasks");
      vtime = true;
    }
  }
  if (vtime) dsq.pushVtime(p);
  else if ((enqFlags & (SCX_ENQ_HEAD | SCX_ENQ_PREEMPT)) != 0) dsq.pushHead(p);
  else dsq.pushTail(p);

  if (dsq.cpu >= 0) {
    const c = unchecked(cpus[dsq.cpu]);
    p.cpu = c.id; // a remote local DSQ moves the task to that CPU's run queue
    if (c.inBalance) return;
    const cur = c.curr;
    if ((enqFlags & SCX_ENQ_PREEMPT) != 0 && cur != null && cur != p) {
      cur.scx.slice = 0;
      resched(c);
    } else if (cur == null) {
      resched(c);
    }
  }
}

/** Moves the first task of `dsq` that may run on `cpu` to that CPU's local DSQ. */
// @ts-ignore: decorator
@inline
export function consumeDsq(dsq: Dsq, cpu: i32): bool {
  return dsq.nr != 0 && consumeFirst(dsq, cpu);
}

function consumeFirst(dsq: Dsq, cpu: i32): bool {
  const t = dsq.firstEligible(cpu);
  if (t == null) return false;
  dsq.remove(t);
  t.cpu = cpu;
  unchecked(cpus[cpu]).local.pushTail(t);
  return true;
}
