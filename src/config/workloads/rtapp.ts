// rt-app synthetic tasks as LISA builds them (workloads.md C.3): each period the task does
// duty × period of *work* (as measured on the fastest CPU at full speed, LISA's definition) and
// then waits for its absolute timer. A duty-cycle phase lasts `phaseS` seconds. Metrics: deadline
// misses (a period whose work ended after the timer), wakeup latency, where the work ran.

const PERIOD_MS = 100; // LISA's default period_ms

/** One duty-cycle phase: `loops` periods of `pct` % work (0 % = pure sleep, as in LISA). */
function phase(pct: number, loops: number) {
  const wake = { timer: `${PERIOD_MS}ms`, mode: "absolute", ref: "unique" };
  const steps = pct > 0 ? [{ run: `${(pct / 100) * PERIOD_MS}ms` }, wake] : [wake];
  return { repeat: loops, steps };
}

const loopsPerSecond = 1000 / PERIOD_MS;

export const periodic = {
  name: "periodic",
  description: "rt-app periodic tasks, one per CPU: 50 % duty cycle every 100 ms (absolute timer)",
  duration: "10s",
  groups: [
    {
      name: "periodic",
      count: "ncpus",
      loop: -1,
      program: [
        { run: `${PERIOD_MS / 2}ms` },
        { timer: `${PERIOD_MS}ms`, mode: "absolute", ref: "unique" },
      ],
    },
  ],
};

// LISA's Ramp defaults are 0 → 100 % by 10; 5 → 95 % keeps the first phase busy and the last
// one feasible (a 100 % phase misses every deadline by construction).
const rampSteps = Array.from({ length: 10 }, (_, i) => phase(5 + 10 * i, loopsPerSecond));
export const ramp = {
  name: "ramp",
  description: "rt-app ramp task: duty cycle 5 % → 95 % in 10 % steps, 1 s each, 100 ms period",
  duration: "10s",
  groups: [{ name: "ramp", count: 1, program: rampSteps }],
};

export const step = {
  name: "step",
  description: "rt-app step task: 10 % then 90 % duty cycle, 1 s each, repeated (100 ms period)",
  duration: "10s",
  groups: [
    {
      name: "step",
      count: 1,
      loop: -1,
      program: [phase(10, loopsPerSecond), phase(90, loopsPerSecond)],
    },
  ],
};
