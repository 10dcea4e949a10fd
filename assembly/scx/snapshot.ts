// A picture of the scheduler's queues at the current instant, for the playground's DSQ view and
// step mode: what each CPU runs, what waits in each DSQ (in dispatch order), and which runnable
// tasks the policy holds in its own data structures.

import { cpus, ncpus } from "./machine";
import { Dsq, DSQ_MODE_PRIQ, globalDsq, userDsqs } from "./dsq";
import { Task, TASK_RUNNABLE, OPSS_QUEUED } from "./task";
import { tasks } from "./engine";

let out = new Array<f64>();

function pushDsq(kind: i32, cpu: i32, d: Dsq): void {
  out.push(<f64>kind);
  out.push(<f64>cpu);
  out.push(<f64>(d.id & 0xffffffff));
  out.push(<f64>(d.id >> 32));
  out.push(<f64>d.mode);
  out.push(<f64>d.nr);
  if (d.mode == DSQ_MODE_PRIQ) {
    // Dispatch order of a vtime DSQ: sort a copy of the heap by (vtime, sequence).
    const order = new Array<Task>();
    for (let i = 0; i < d.nr; i++) order.push(d.heapAt(i));
    order.sort((a: Task, b: Task): i32 => {
      const dv = <i64>(a.scx.dsq_vtime - b.scx.dsq_vtime);
      if (dv != 0) return dv < 0 ? -1 : 1;
      return a.dsqSeq < b.dsqSeq ? -1 : a.dsqSeq > b.dsqSeq ? 1 : 0;
    });
    for (let i = 0; i < order.length; i++) out.push(<f64>order[i].pid);
  } else {
    let t = d.head;
    while (t) {
      out.push(<f64>t.pid);
      t = t.dsqNext;
    }
  }
}

/**
 * Layout (f64): [ncpus, then per CPU: current pid or -1], [ndsqs, then per DSQ: kind (0 local,
 * 1 global, 2 user), cpu (-1), id low 32 bits, id high 32 bits, mode (0 empty, 1 FIFO,
 * 2 vtime), nr, pids…], [nheld, pids of runnable tasks the policy holds].
 */
export function snapshot(): StaticArray<f64> {
  out = new Array<f64>();
  out.push(<f64>ncpus);
  for (let i = 0; i < ncpus; i++) {
    const t = cpus[i].curr;
    out.push(t != null ? <f64>t.pid : -1);
  }
  const keys = userDsqs.keys();
  out.push(<f64>(ncpus + 1 + keys.length));
  for (let i = 0; i < ncpus; i++) pushDsq(0, i, cpus[i].local);
  pushDsq(1, -1, globalDsq);
  for (let i = 0; i < keys.length; i++) pushDsq(2, -1, userDsqs.get(keys[i]));
  let held = 0;
  for (let i = 0; i < tasks.length; i++) {
    const t = tasks[i];
    if (t.state == TASK_RUNNABLE && t.opsState == OPSS_QUEUED) held++;
  }
  out.push(<f64>held);
  for (let i = 0; i < tasks.length; i++) {
    const t = tasks[i];
    if (t.state == TASK_RUNNABLE && t.opsState == OPSS_QUEUED) out.push(<f64>t.pid);
  }
  const a = new StaticArray<f64>(out.length);
  for (let i = 0; i < out.length; i++) a[i] = out[i];
  return a;
}
