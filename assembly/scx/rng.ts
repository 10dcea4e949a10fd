// Random streams. One seed per run; each task, each open-loop group and the policy draw from
// their own splitmix64 stream derived from (seed, stream id), so a task's bursts do not depend
// on which policy runs: policies are compared on the same random numbers.

const GOLDEN: u64 = 0x9e3779b97f4a7c15;

// @ts-ignore: decorator
@inline
function mix64(z0: u64): u64 {
  let z = z0;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;
  z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
  return z ^ (z >> 31);
}

export let runSeed: u64 = 1;

export function setRunSeed(seed: u64): void {
  runSeed = seed;
}

/** The initial state of stream `id`. */
export function streamState(id: u64): u64 {
  return mix64(mix64(runSeed * GOLDEN + 0x2545f4914f6cdd1d) ^ (id * 0xd1342543de82ef95 + 1));
}

export class Rng {
  state: u64;
  constructor(id: u64) {
    this.state = streamState(id);
  }
  @inline next(): u64 {
    this.state += GOLDEN;
    return mix64(this.state);
  }
  // 53 bits fit a signed i64, and a signed conversion is one instruction on x86-64 where an
  // unsigned one is a branchy sequence; the values are the same.
  /** Uniform in [0, 1) with 53 bits. */
  @inline unit(): f64 {
    return <f64>(<i64>(this.next() >> 11)) * (1.0 / 9007199254740992.0);
  }
  /** Uniform in (0, 1], safe for log(). */
  @inline unitOpen(): f64 {
    return (<f64>(<i64>(this.next() >> 11)) + 1.0) * (1.0 / 9007199254740992.0);
  }
}

export const STREAM_TASK_BASE: u64 = 1;
export const STREAM_GROUP_BASE: u64 = <u64>1 << 40;
export const STREAM_POLICY: u64 = <u64>1 << 41;
