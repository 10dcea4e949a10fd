// schbench (masoncl/schbench, workloads.md C.1) with its defaults: one message thread (-m 1) and
// one worker per CPU (-t). A worker posts itself to the message thread and sleeps until woken;
// the message thread wakes posted workers; the woken worker "talks to the network" (sleep
// 100 us, -s) and does ~17 ms of matrix work (-F 256 -n 5 on the README's box). The metric is
// the workers' wakeup latency. Left out: the per-CPU lock around the math (no per-CPU locks here).
export default {
  name: "schbench",
  description: "schbench-like wakeup latency: a message thread waking one worker per CPU",
  duration: "10s",
  groups: [
    {
      name: "message",
      count: 1,
      loop: -1,
      program: [{ wait: "posted" }, { run: "5us" }, { wake: "worker", count: 1 }],
    },
    {
      name: "worker",
      count: "ncpus",
      loop: -1,
      program: [
        { signal: "posted" },
        { suspend: true },
        { sleep: "100us" },
        { run: { normal: ["17ms", "150us"] } },
      ],
    },
  ],
};
