// The queues at one instant as step mode shows them: abi_snapshot's f64 layout
// (docs/internals.md) decoded into the running task of each CPU, every DSQ's tasks in dispatch
// order, and the tasks the policy holds.
import { dsqJson } from "../trace/values.ts";

export interface DsqContents {
  kind: "local" | "global" | "user";
  /** The CPU of a local DSQ, else −1. */
  cpu: number;
  /** The DSQ id as the call log prints it: a number, or the kernel's name of a built-in DSQ. */
  id: number | string;
  mode: "empty" | "fifo" | "vtime";
  /** Queued tasks in dispatch order (the next one to run first). */
  pids: number[];
}

/** The queues at one instant (abi_snapshot). */
export interface QueueSnapshot {
  nowNs: number;
  /** The task running on each CPU, or −1 when it is idle. */
  running: number[];
  /** Every local DSQ (CPU order), the global DSQ, then the policy's own DSQs. */
  dsqs: DsqContents[];
  /** Runnable tasks the policy holds in its own data structures (in no DSQ yet). */
  held: number[];
}

const DSQ_KINDS = ["local", "global", "user"] as const;
const DSQ_MODES = ["empty", "fifo", "vtime"] as const;

/** abi_snapshot's f64 layout (docs/internals.md) as a QueueSnapshot. */
export function decodeSnapshot(d: Float64Array, nowNs: number): QueueSnapshot {
  let i = 0;
  const next = () => d[i++] as number;
  const ncpus = next();
  const running: number[] = [];
  for (let c = 0; c < ncpus; c++) running.push(next());
  const ndsqs = next();
  const dsqs: DsqContents[] = [];
  for (let k = 0; k < ndsqs; k++) {
    const kind = DSQ_KINDS[next()] ?? "user";
    const cpu = next();
    const lo = BigInt(next());
    const hi = BigInt(next());
    const mode = DSQ_MODES[next()] ?? "fifo";
    const nr = next();
    const pids: number[] = [];
    for (let j = 0; j < nr; j++) pids.push(next());
    const raw = (hi << 32n) | lo;
    const id = kind === "local" ? "SCX_DSQ_LOCAL" : dsqJson(raw);
    dsqs.push({ kind, cpu: kind === "local" ? cpu : -1, id, mode, pids });
  }
  const nheld = i < d.length ? next() : 0;
  const held: number[] = [];
  for (let k = 0; k < nheld; k++) held.push(next());
  return { nowNs, running, dsqs, held };
}
