// Iterating a DSQ and moving tasks out of it (bpf_for_each(scx_dsq, …) with
// scx_bpf_dsq_move[_vtime], sched_ext.md §3.1): the iterator sees the tasks queued when it
// was created, in dispatch order; a move takes effect at once and fails if the task has
// already left the DSQ. Allowed in ops.dispatch and in BPF timer callbacks.

import * as C from "./callids";
import { SCX_DSQ_ITER_REV } from "./constants";
import { Task } from "./task";
import { Dsq, DSQ_MODE_PRIQ, globalDsq, findDsq } from "./dsq";
import { curOp, curCpu, scxError } from "./exit";
import { dsqInsert, hex } from "./insert";
import { logCall, logRet, logOn } from "./trace";

export class DsqIter {
  dsq: Dsq | null = null;
  tasks: Array<Task> = new Array<Task>();
  i: i32 = 0;
  slice: u64 = 0;
  vtime: u64 = 0;
  setSlice: bool = false;
  setVtime: bool = false;

  /** The next task queued when the iteration started, or null at the end. */
  next(): Task | null {
    if (this.i >= this.tasks.length) return null;
    return this.tasks[this.i++];
  }
}

/** bpf_iter_scx_dsq_new(): an iterator over user DSQ `dsq_id` (or SCX_DSQ_GLOBAL). */
export function scx_bpf_dsq_iter(dsq_id: u64, flags: u64 = 0): DsqIter {
  const it = new DsqIter();
  const d = dsq_id == 0x8000000000000001 ? globalDsq : findDsq(dsq_id);
  if (d == null) {
    scxError("non-existent DSQ " + hex(dsq_id) + " passed to bpf_iter_scx_dsq_new()");
    return it;
  }
  it.dsq = d;
  if (d.mode == DSQ_MODE_PRIQ) {
    for (let i = 0; i < d.nr; i++) it.tasks.push(d.heapAt(i));
    it.tasks.sort((a: Task, b: Task): i32 => {
      const dv = <i64>(a.scx.dsq_vtime - b.scx.dsq_vtime);
      if (dv != 0) return dv < 0 ? -1 : 1;
      return a.dsqSeq < b.dsqSeq ? -1 : a.dsqSeq > b.dsqSeq ? 1 : 0;
    });
  } else {
    let t = d.head;
    while (t) {
      it.tasks.push(t);
      t = t.dsqNext;
    }
  }
  if ((flags & SCX_DSQ_ITER_REV) != 0) it.tasks.reverse();
  return it;
}

export function scx_bpf_dsq_move_set_slice(it: DsqIter, slice: u64): void {
  it.slice = slice;
  it.setSlice = true;
}

export function scx_bpf_dsq_move_set_vtime(it: DsqIter, vtime: u64): void {
  it.vtime = vtime;
  it.setVtime = true;
}

function move(kf: i32, it: DsqIter, p: Task, dsq_id: u64, enq_flags: u64, vtime: bool): bool {
  const rec = logOn ? logCall(kf, curCpu, p.pid, 2, dsq_id, enq_flags, 0, 0, 0) : 0;
  if (curOp != C.OP_DISPATCH && curOp != C.OP_BPF_TIMER) {
    scxError(C.callName(kf) + "() called from " + C.callName(curOp) + ", which does not allow it (allowed in ops.dispatch and BPF timers)");
    return false;
  }
  const src = it.dsq;
  // The task must still be on the iterated DSQ: someone else may have taken it meanwhile.
  if (src == null || p.dsq !== src) {
    logRet(rec, 0);
    return false;
  }
  src.remove(p);
  if (it.setSlice) p.scx.slice = it.slice;
  if (it.setVtime) p.scx.dsq_vtime = it.vtime;
  it.setSlice = false;
  it.setVtime = false;
  dsqInsert(p, dsq_id, enq_flags, vtime, curCpu >= 0 ? curCpu : p.cpu);
  logRet(rec, 1);
  return true;
}

/** Moves `p`, found by iterator `it`, to DSQ `dsq_id` at once (scx_bpf_dsq_move). */
export function scx_bpf_dsq_move(it: DsqIter, p: Task, dsq_id: u64, enq_flags: u64): bool {
  return move(C.K_DSQ_MOVE, it, p, dsq_id, enq_flags, false);
}

/** The same, into a vtime-ordered DSQ (scx_bpf_dsq_move_vtime). */
export function scx_bpf_dsq_move_vtime(it: DsqIter, p: Task, dsq_id: u64, enq_flags: u64): bool {
  return move(C.K_DSQ_MOVE_VTIME, it, p, dsq_id, enq_flags, true);
}
