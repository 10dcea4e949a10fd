// A few heavy tasks among many light ones, the load that big/little (EAS-style) placement is
// about: one always-runnable heavy task per 4 CPUs, and two light tasks per CPU that wake every
// 4–12 ms for 0.2–1 ms. The heavy tasks belong on big cores, the light ones on little cores.
// The heavy tasks' code runs relatively worse on E cores (`speedup`; no effect on a machine
// without a core type named "E"). Metrics: heavy CPU time, light wakeup latency, energy.
export default {
  name: "biglittle",
  description:
    "big/little stress: a few always-runnable heavy tasks among many light periodic ones",
  duration: "10s",
  groups: [
    { name: "heavy", count: "ncpus/4", loop: -1, speedup: { E: 0.8 }, program: [{ run: "50ms" }] },
    {
      name: "light",
      count: "2*ncpus",
      loop: -1,
      program: [{ sleep: { uniform: ["4ms", "12ms"] } }, { run: { uniform: ["200us", "1ms"] } }],
    },
  ],
};
