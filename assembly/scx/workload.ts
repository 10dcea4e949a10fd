// The workload: groups of tasks running small programs (run, sleep, yield, …), created at a
// start time or by open-loop arrivals, decoded from the host's encoding (docs/internals.md).

import { Cpumask } from "./cpumask";
import { Rng, STREAM_GROUP_BASE } from "./rng";
import { Timer, TIMER_GROUP } from "./eventq";
import { ncpus, nrTypes } from "./machine";

export const OPC_RUN = 1;
export const OPC_SLEEP = 2;
export const OPC_RUNTIME = 3;
export const OPC_YIELD = 4;
export const OPC_WAIT = 5;
export const OPC_SIGNAL = 6;
export const OPC_WAKE = 7;
export const OPC_LOCK = 8;
export const OPC_UNLOCK = 9;
export const OPC_BARRIER = 10;
export const OPC_PERIOD = 11;
export const OPC_SPAWN = 12;
export const OPC_SEND = 13;
export const OPC_RECV = 14;
export const OPC_TIMER = 15;
export const OPC_MAX = 15;

const D_CONST = 0;
const D_EXP = 1;
const D_UNIFORM = 2;
const D_NORMAL = 3;
const D_LOGNORMAL = 4;
const D_CHOICE = 5;

/** sched_prio_to_weight converted to the cgroup scale (sched_ext.md §4.3), nice -20..19. */
const NICE_TO_SCX_WEIGHT: StaticArray<u32> = [
  8668, 7007, 5516, 4519, 3544, 2847, 2271, 1827, 1460, 1164,
  932, 744, 596, 479, 381, 305, 244, 194, 155, 125,
  100, 80, 64, 51, 41, 33, 27, 21, 17, 13,
  11, 8, 7, 5, 4, 4, 3, 2, 2, 1,
];

export function niceToWeight(nice: i32): u32 {
  if (nice < -20) nice = -20;
  if (nice > 19) nice = 19;
  return unchecked(NICE_TO_SCX_WEIGHT[nice + 20]);
}

export class Group {
  idx: i32;
  name: string = "";
  count: i32 = 1;
  start: i64 = 0;
  nice: i32 = 0;
  mask: Cpumask;
  nrAllowed: i32 = 0;
  loop: i32 = 1;
  firstOp: i32 = 0;
  nops: i32 = 0;
  arrivalDist: i32 = -1;
  arrivalsLeft: i64 = -1;
  rng: Rng;
  timer: Timer;
  started: bool = false;
  /** Speed multiplier per CPU type (1.0 = capacity alone). */
  speedup: StaticArray<f64>;
  /** Tasks created so far, for pid-based placement of new tasks. */
  created: i32 = 0;

  constructor(idx: i32) {
    this.idx = idx;
    this.mask = new Cpumask();
    this.rng = new Rng(STREAM_GROUP_BASE + <u64>idx);
    this.timer = new Timer(TIMER_GROUP, idx);
    this.speedup = new StaticArray<f64>(nrTypes);
    for (let i = 0; i < nrTypes; i++) this.speedup[i] = 1.0;
  }
}

export let groups = new StaticArray<Group>(0);
export let ngroups: i32 = 0;
let distKind = new StaticArray<i32>(0);
let distA = new StaticArray<f64>(0);
let distB = new StaticArray<f64>(0);
/** The sum of a choice's weights, summed at load in option order (0 for other kinds). */
let distTotal = new StaticArray<f64>(0);
/** Integer fields, converted once at load: a choice's first option and last option; an option's distribution. */
let distFirst = new StaticArray<i32>(0);
let distLast = new StaticArray<i32>(0);
let distTarget = new StaticArray<i32>(0);
/** A step's A field as a distribution index (run, sleep, runtime steps), converted once at load. */
export let opDist = new StaticArray<i32>(0);
export let opCode = new StaticArray<i32>(0);
export let opA = new StaticArray<f64>(0);
export let opB = new StaticArray<f64>(0);
export let opC = new StaticArray<f64>(0);
export let nobjects: i32 = 0;
export let objKind = new StaticArray<i32>(0);
export let objParam = new StaticArray<f64>(0);

/** Reads the workload encoding; returns an error message or "". */
export function loadWorkload(w: StaticArray<f64>): string {
  if (w.length < 16 || w[0] != 1) return "workload encoding: unknown format version";
  ngroups = <i32>w[1];
  const gOff = <i32>w[2];
  const dOff = <i32>w[3];
  const ndists = <i32>w[4];
  const pOff = <i32>w[5];
  const nops = <i32>w[6];
  nobjects = <i32>w[8];
  const oOff = <i32>w[9];
  if (gOff + ngroups * 16 > w.length || dOff + ndists * 4 > w.length || pOff + nops * 4 > w.length) {
    return "workload encoding: truncated";
  }
  distKind = new StaticArray<i32>(ndists);
  distA = new StaticArray<f64>(ndists);
  distB = new StaticArray<f64>(ndists);
  for (let i = 0; i < ndists; i++) {
    distKind[i] = <i32>w[dOff + 4 * i];
    distA[i] = w[dOff + 4 * i + 1];
    distB[i] = w[dOff + 4 * i + 2];
  }
  distTotal = new StaticArray<f64>(ndists);
  distFirst = new StaticArray<i32>(ndists);
  distLast = new StaticArray<i32>(ndists);
  distTarget = new StaticArray<i32>(ndists);
  for (let d = 0; d < ndists; d++) {
    if (distKind[d] != D_CHOICE) continue;
    const n = <i32>distB[d];
    const first = <i32>w[dOff + 4 * d + 3];
    if (n < 1 || first < 0 || first + n > ndists) return "workload encoding: choice " + d.toString() + " out of range";
    let total = 0.0;
    for (let i = 0; i < n; i++) {
      const target = <i32>distB[first + i];
      if (target < 0 || target >= ndists) return "workload encoding: choice " + d.toString() + " names no distribution";
      distTarget[first + i] = target;
      total += distA[first + i];
    }
    distTotal[d] = total;
    distFirst[d] = first;
    distLast[d] = first + n - 1;
  }
  opCode = new StaticArray<i32>(nops);
  opA = new StaticArray<f64>(nops);
  opB = new StaticArray<f64>(nops);
  opC = new StaticArray<f64>(nops);
  opDist = new StaticArray<i32>(nops);
  for (let i = 0; i < nops; i++) {
    const code = <i32>w[pOff + 4 * i];
    if (code < 1 || code > OPC_MAX) return "workload: unknown program opcode " + code.toString();
    opCode[i] = code;
    opA[i] = w[pOff + 4 * i + 1];
    opB[i] = w[pOff + 4 * i + 2];
    opC[i] = w[pOff + 4 * i + 3];
    if (code == OPC_RUN || code == OPC_SLEEP || code == OPC_RUNTIME) {
      const d = <i32>opA[i];
      if (d < 0 || d >= ndists) return "workload: step " + i.toString() + " names no distribution";
      opDist[i] = d;
    }
  }
  objKind = new StaticArray<i32>(nobjects);
  objParam = new StaticArray<f64>(nobjects);
  for (let i = 0; i < nobjects; i++) {
    objKind[i] = <i32>w[oOff + 4 * i];
    objParam[i] = w[oOff + 4 * i + 1];
  }
  groups = new StaticArray<Group>(ngroups);
  for (let g = 0; g < ngroups; g++) {
    const o = gOff + 16 * g;
    const gr = new Group(g);
    gr.count = <i32>w[o];
    gr.start = <i64>w[o + 1];
    gr.nice = <i32>w[o + 2];
    const cl = <i32>w[o + 3];
    if (cl < 0) {
      for (let c = 0; c < ncpus; c++) gr.mask.set(c);
    } else {
      const n = <i32>w[cl];
      for (let k = 0; k < n; k++) {
        const c = <i32>w[cl + 1 + k];
        if (c < 0 || c >= ncpus) return "workload: group " + g.toString() + " affinity names cpu " + c.toString() + " outside the machine";
        gr.mask.set(c);
      }
    }
    gr.nrAllowed = gr.mask.weight();
    if (gr.nrAllowed == 0) return "workload: group " + g.toString() + " may run on no CPU";
    gr.loop = <i32>w[o + 4];
    gr.firstOp = <i32>w[o + 5];
    gr.nops = <i32>w[o + 6];
    gr.arrivalDist = <i32>w[o + 7];
    gr.arrivalsLeft = <i64>w[o + 8];
    const su = <i32>w[o + 9];
    if (su >= 0) {
      const n = <i32>w[su];
      for (let k = 0; k < n; k++) {
        const ty = <i32>w[su + 1 + 2 * k];
        if (ty >= 0 && ty < nrTypes) gr.speedup[ty] = w[su + 2 + 2 * k];
      }
    }
    if (gr.firstOp < 0 || gr.firstOp + gr.nops > nops) return "workload: group " + g.toString() + " program out of range";
    unchecked((groups[g] = gr));
  }
  return "";
}

export function setGroupName(g: i32, name: string): void {
  if (g >= 0 && g < ngroups) groups[g].name = name;
}

/** Draws from distribution `d` (ns or reference-ns), never negative. */
export function draw(d0: i32, rng: Rng): f64 {
  let d = d0;
  let kind = unchecked(distKind[d]);
  // A choice picks one option by weight; the option may be a choice again.
  while (kind == D_CHOICE) {
    const last = unchecked(distLast[d]);
    let r = rng.unit() * unchecked(distTotal[d]);
    let pick = unchecked(distFirst[d]);
    for (; pick < last; pick++) {
      r -= unchecked(distA[pick]);
      if (r < 0) break;
    }
    d = unchecked(distTarget[pick]);
    kind = unchecked(distKind[d]);
  }
  const a = unchecked(distA[d]);
  if (kind == D_UNIFORM) return a + (unchecked(distB[d]) - a) * rng.unit();
  if (kind == D_CONST) return a;
  if (kind == D_EXP) return -a * Math.log(rng.unitOpen());
  if (kind == D_NORMAL || kind == D_LOGNORMAL) {
    // Box-Muller; one draw per use keeps streams simple.
    const z = Math.sqrt(-2.0 * Math.log(rng.unitOpen())) * Math.cos(2.0 * Math.PI * rng.unit());
    if (kind == D_NORMAL) {
      const v = a + unchecked(distB[d]) * z;
      return v < 0 ? 0 : v;
    }
    return a * Math.exp(unchecked(distB[d]) * z);
  }
  return 0;
}

/** A duration drawn as integer ns. */
// @ts-ignore: decorator
@inline
export function drawNs(d: i32, rng: Rng): i64 {
  const v = draw(d, rng);
  return v <= 0 ? 0 : <i64>Math.round(v);
}
