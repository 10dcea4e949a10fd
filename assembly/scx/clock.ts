// Simulated time in integer nanoseconds, shared by every part of the engine.
export let now: i64 = 0;

export function setNow(t: i64): void {
  now = t;
}
