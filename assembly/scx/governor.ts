// The CPU frequency governor, in the manner of schedutil: every GOV_PERIOD each frequency
// domain picks the lowest operating point that covers 1.25 × its busiest CPU's utilisation.
// Utilisation is frequency-invariant (busy fraction × current speed) and smoothed with a
// 32 ms half-life, like PELT. A CPU whose policy called scx_bpf_cpuperf_set() requests that
// level instead (sched_ext feeds cpuperf_target to schedutil as the utilisation).

import { now } from "./clock";
import { cpus, ncpus, nfdoms, fdomOppStart, fdomOppCount, oppMhz } from "./machine";
import { Timer, TIMER_GOVERNOR, arm } from "./eventq";
import { advance, energyAccount, refreshSpeed } from "./exec";
import { trace, TR_PERF } from "./trace";

export const GOV_PERIOD_NS: i64 = 4_000_000;
/** 2^(-4 ms / 32 ms): the weight of the old average after one period. */
const DECAY: f64 = 0.9170040432046712;
const HEADROOM: f64 = 1.25;

export let governorOn: bool = false;
let timer = new Timer(TIMER_GOVERNOR, 0);
let util = new StaticArray<f64>(0);
let lastBusy = new StaticArray<f64>(0);
let domUtil = new StaticArray<f64>(0);
let domReq = new StaticArray<i32>(0);

export function governorReset(): void {
  governorOn = false;
  for (let d = 0; d < nfdoms; d++) if (fdomOppCount[d] > 1) governorOn = true;
  timer = new Timer(TIMER_GOVERNOR, 0);
  util = new StaticArray<f64>(ncpus);
  lastBusy = new StaticArray<f64>(ncpus);
  domUtil = new StaticArray<f64>(nfdoms);
  domReq = new StaticArray<i32>(nfdoms);
  // Every domain starts at its highest operating point, as after boot under load.
  for (let i = 0; i < ncpus; i++) {
    const c = cpus[i];
    c.oppDown = 0;
    c.perfCur = 1024;
    c.freqFactor = 1.0;
    util[i] = 1.0;
  }
}

export function governorStart(): void {
  if (governorOn) arm(timer, now + GOV_PERIOD_NS);
}

/** Busy time of `cpu` so far, including its open stint. */
function busySoFar(i: i32): f64 {
  const c = unchecked(cpus[i]);
  let b = <f64>c.busyNs;
  const t = c.curr;
  if (t != null) b += <f64>(now - t.stintStart);
  return b;
}

export function governorEvent(): void {
  for (let d = 0; d < nfdoms; d++) {
    unchecked((domUtil[d] = 0));
    unchecked((domReq[d] = -1));
  }
  for (let i = 0; i < ncpus; i++) {
    const c = unchecked(cpus[i]);
    const b = busySoFar(i);
    const frac = (b - unchecked(lastBusy[i])) / <f64>GOV_PERIOD_NS;
    unchecked((lastBusy[i] = b));
    const inv = frac * (<f64>c.perfCur / 1024.0);
    const u = unchecked(util[i]) * DECAY + inv * (1.0 - DECAY);
    unchecked((util[i] = u));
    if (u > unchecked(domUtil[c.fdom])) unchecked((domUtil[c.fdom] = u));
    if (c.perfTarget >= 0 && c.perfTarget > unchecked(domReq[c.fdom])) unchecked((domReq[c.fdom] = c.perfTarget));
  }
  for (let d = 0; d < nfdoms; d++) {
    const k = unchecked(fdomOppCount[d]);
    if (k <= 1) continue;
    const req = unchecked(domReq[d]);
    const want = req >= 0 ? <f64>req / 1024.0 : unchecked(domUtil[d]);
    setDomainLevel(d, want * HEADROOM);
  }
  arm(timer, now + GOV_PERIOD_NS);
}

/** Puts domain `d` at the lowest OPP whose speed covers `want` (fraction of max). */
function setDomainLevel(d: i32, want: f64): void {
  const s = unchecked(fdomOppStart[d]);
  const k = unchecked(fdomOppCount[d]);
  const fmax = unchecked(oppMhz[s + k - 1]);
  let idx = k - 1;
  for (let j = 0; j < k; j++) {
    if (unchecked(oppMhz[s + j]) >= want * fmax) {
      idx = j;
      break;
    }
  }
  const down = k - 1 - idx;
  const perf = <i32>Math.round(unchecked(oppMhz[s + idx]) / fmax * 1024.0);
  for (let i = 0; i < ncpus; i++) {
    const c = unchecked(cpus[i]);
    if (c.fdom != d || c.oppDown == down) continue;
    advance(c);
    energyAccount(c);
    c.oppDown = down;
    c.perfCur = perf < 1 ? 1 : perf;
    c.freqFactor = unchecked(oppMhz[s + idx]) / fmax;
    refreshSpeed(c);
    trace(TR_PERF, i, -1, c.perfCur, now, 0);
  }
}
