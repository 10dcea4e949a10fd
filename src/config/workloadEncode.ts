// The workload as the engine reads it: one Float64Array laid out as docs/internals.md
// "Workload" says. Offsets are element indices into that array. Names become indices here:
// groups by position, sync objects (events, mutexes, barriers, channels) by first use, timers by
// first use within their group; `repeat` blocks are unrolled and `ncpus` counts resolved.

import { InputError } from "../errors.ts";
import type { Dist } from "./distribution.ts";
import { resolveCount } from "./workloadCount.ts";
import { formatFieldPath } from "./workloadFieldError.ts";
import {
  DEFAULT_CHANNEL_BYTES,
  type Step,
  type WakeCount,
  type Workload,
} from "./workloadTypes.ts";
import { barrierParties, validateWorkload } from "./workloadValidate.ts";
import { walkSteps } from "./workloadWalk.ts";

export const WORKLOAD_FORMAT_VERSION = 1;
const HEADER = 16;
const GROUP_STRIDE = 16;
const RECORD_STRIDE = 4;

export const DIST_KIND = {
  const: 0,
  exp: 1,
  uniform: 2,
  normal: 3,
  lognormal: 4,
  choice: 5,
  choiceEntry: 6,
} as const;
export const OPCODE = {
  run: 1,
  sleep: 2,
  runtime: 3,
  yield: 4,
  wait: 5,
  signal: 6,
  wake: 7,
  lock: 8,
  unlock: 9,
  barrier: 10,
  period: 11,
  spawn: 12,
  send: 13,
  recv: 14,
  timer: 15,
} as const;
export const OBJECT_KIND = { event: 1, mutex: 2, barrier: 3, channel: 4 } as const;
/** WAIT's object for `suspend`: wait for a `wake` addressed to the task's group. */
export const WAIT_SUSPEND = -1;

export interface EncodeMachine {
  ncpus: number;
  /** CPU type names by type index, as the machine encoding numbers them. */
  cpuTypeNames: string[];
}

export function encodeWorkload(
  w: Workload,
  machine: EncodeMachine,
): { data: Float64Array; groupNames: string[] } {
  validateWorkload(w, { ncpus: machine.ncpus });
  const enc = new Encoder(w, machine);
  return { data: enc.finish(), groupNames: w.groups.map((g) => g.name) };
}

type Record4 = [number, number, number, number];

class Encoder {
  private dists: Record4[] = [];
  private ops: Record4[] = [];
  private lists: number[] = [];
  private objects: Record4[] = [];
  private objectIndex = new Map<string, number>();
  private groups: number[][] = [];
  private parties: Map<string, number>;
  private groupIndex: Map<string, number>;
  private w: Workload;
  private machine: EncodeMachine;

  constructor(w: Workload, machine: EncodeMachine) {
    this.w = w;
    this.machine = machine;
    this.parties = barrierParties(w, machine.ncpus);
    this.groupIndex = new Map(w.groups.map((g, i) => [g.name, i]));
    this.checkBarriers();
    for (const [gi, g] of w.groups.entries()) {
      const firstOp = this.ops.length;
      const timers = new Map<string, number>();
      this.emitProgram(g.program, timers);
      const rec = new Array<number>(GROUP_STRIDE).fill(0);
      rec[0] = resolveCount(g.count, machine.ncpus);
      rec[1] = g.startNs;
      rec[2] = g.nice;
      rec[3] = g.cpus ? this.list([g.cpus.length, ...g.cpus]) : -1;
      rec[4] = g.loop;
      rec[5] = firstOp;
      rec[6] = this.ops.length - firstOp;
      rec[7] = g.arrivals ? this.dist(g.arrivals.interval) : -1;
      rec[8] = g.arrivals ? g.arrivals.limit : -1;
      rec[9] = this.speedupList(g.speedup);
      this.groups[gi] = rec;
    }
  }

  finish(): Float64Array {
    const groupsAt = HEADER;
    const distsAt = groupsAt + this.groups.length * GROUP_STRIDE;
    const opsAt = distsAt + this.dists.length * RECORD_STRIDE;
    const listsAt = opsAt + this.ops.length * RECORD_STRIDE;
    const objectsAt = listsAt + this.lists.length;
    const data = new Float64Array(objectsAt + this.objects.length * RECORD_STRIDE);
    data.set([
      WORKLOAD_FORMAT_VERSION,
      this.groups.length,
      groupsAt,
      distsAt,
      this.dists.length,
      opsAt,
      this.ops.length,
      listsAt,
      this.objects.length,
      objectsAt,
    ]);
    // Lists are addressed by absolute index into W: rebase the offsets recorded relative to the list area.
    for (const [i, rec] of this.groups.entries()) {
      const g = rec.slice();
      if ((g[3] as number) >= 0) g[3] = (g[3] as number) + listsAt;
      if ((g[9] as number) >= 0) g[9] = (g[9] as number) + listsAt;
      data.set(g, groupsAt + i * GROUP_STRIDE);
    }
    data.set(this.dists.flat(), distsAt);
    data.set(this.ops.flat(), opsAt);
    data.set(this.lists, listsAt);
    data.set(this.objects.flat(), objectsAt);
    return data;
  }

  /** Appends a list to the list area; returns its offset within that area. */
  private list(values: number[]): number {
    const at = this.lists.length;
    this.lists.push(...values);
    return at;
  }

  private speedupList(speedup: Record<string, number> | undefined): number {
    // A workload runs on many machines: a factor for a core type this machine lacks has no effect.
    const pairs = Object.entries(speedup ?? {})
      .map(([type, factor]) => [this.machine.cpuTypeNames.indexOf(type), factor] as const)
      .filter(([type]) => type >= 0);
    return pairs.length === 0 ? -1 : this.list([pairs.length, ...pairs.flat()]);
  }

  private dist(d: Dist): number {
    const at = this.dists.length;
    switch (d.kind) {
      case "const":
        this.dists.push([DIST_KIND.const, d.ns, 0, 0]);
        return at;
      case "exp":
        this.dists.push([DIST_KIND.exp, d.mean, 0, 0]);
        return at;
      case "uniform":
        this.dists.push([DIST_KIND.uniform, d.lo, d.hi, 0]);
        return at;
      case "normal":
        this.dists.push([DIST_KIND.normal, d.mean, d.sd, 0]);
        return at;
      case "lognormal":
        this.dists.push([DIST_KIND.lognormal, d.median, d.sigma, 0]);
        return at;
      case "choice": {
        // The entries must be consecutive records: reserve them, then encode what they point at.
        const n = d.entries.length;
        this.dists.push([DIST_KIND.choice, 0, n, at + 1]);
        for (let i = 0; i < n; i++) this.dists.push([DIST_KIND.choiceEntry, 0, 0, 0]);
        d.entries.forEach((e, i) => {
          this.dists[at + 1 + i] = [DIST_KIND.choiceEntry, e.weight, this.dist(e.dist), 0];
        });
        return at;
      }
    }
  }

  private object(kind: keyof typeof OBJECT_KIND, name: string, param: number): number {
    const key = `${kind}\u0000${name}`;
    let i = this.objectIndex.get(key);
    if (i === undefined) {
      i = this.objects.length;
      this.objects.push([OBJECT_KIND[kind], param, 0, 0]);
      this.objectIndex.set(key, i);
    }
    return i;
  }

  private wakeCount(c: WakeCount): number {
    return c === "all" ? -1 : resolveCount(c, this.machine.ncpus);
  }

  private emitProgram(steps: Step[], timers: Map<string, number>): void {
    for (const s of steps) {
      if (s.op === "repeat") {
        for (let i = 0; i < s.times; i++) this.emitProgram(s.steps, timers);
      } else {
        this.ops.push(this.op(s, timers));
      }
    }
  }

  private op(s: Exclude<Step, { op: "repeat" }>, timers: Map<string, number>): Record4 {
    switch (s.op) {
      case "run":
        return [OPCODE.run, this.dist(s.work), 0, 0];
      case "sleep":
        return [OPCODE.sleep, this.dist(s.time), 0, 0];
      case "runtime":
        return [OPCODE.runtime, this.dist(s.time), 0, 0];
      case "yield":
        return [OPCODE.yield, 0, 0, 0];
      case "wait":
        return [OPCODE.wait, this.object("event", s.event, 0), 0, 0];
      case "suspend":
        return [OPCODE.wait, WAIT_SUSPEND, 0, 0];
      case "signal":
        return [
          OPCODE.signal,
          this.object("event", s.event, 0),
          this.wakeCount(s.count),
          s.remember ? 1 : 0,
        ];
      case "wake":
        return [
          OPCODE.wake,
          this.groupIndex.get(s.group) as number,
          this.wakeCount(s.count),
          s.remember ? 1 : 0,
        ];
      case "lock":
        return [OPCODE.lock, this.object("mutex", s.mutex, 0), 0, 0];
      case "unlock":
        return [OPCODE.unlock, this.object("mutex", s.mutex, 0), 0, 0];
      case "barrier": {
        const parties = this.parties.get(s.barrier) as number;
        return [OPCODE.barrier, this.object("barrier", s.barrier, parties), parties, 0];
      }
      case "period":
        return [OPCODE.period, this.dist(s.period), s.deadlineNs, 0];
      case "timer": {
        let slot = timers.get(s.ref);
        if (slot === undefined) {
          slot = timers.size;
          timers.set(s.ref, slot);
        }
        return [OPCODE.timer, this.dist(s.period), s.mode === "absolute" ? 1 : 0, slot];
      }
      case "spawn":
        return [
          OPCODE.spawn,
          this.groupIndex.get(s.group) as number,
          resolveCount(s.count, this.machine.ncpus),
          0,
        ];
      case "send":
      case "recv": {
        const channel = this.object(
          "channel",
          s.channel,
          this.w.channels[s.channel] ?? DEFAULT_CHANNEL_BYTES,
        );
        return [OPCODE[s.op], channel, s.bytes, 0];
      }
    }
  }

  /** A barrier nobody can complete would hang every task that reaches it. */
  private checkBarriers(): void {
    for (const { step, path } of walkSteps(this.w)) {
      if (step.op !== "barrier" || (this.parties.get(step.barrier) as number) >= 1) continue;
      throw new InputError(
        `barrier "${step.barrier}" has no participants on a machine with ${this.machine.ncpus} CPUs (its groups start no task); give "parties"`,
        { field: formatFieldPath([...path, "barrier"]) },
      );
    }
  }
}
