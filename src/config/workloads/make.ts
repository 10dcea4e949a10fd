// A parallel build, `make -j$(nproc)` (workloads.md C.6): each job slot forks a compiler (cc1:
// log-normal work, median 300 ms, sigma 1.0; then `as`, 20 ms), waits for it and forks the next,
// 8 objects per slot; a page-cache miss (20 % of jobs) blocks 0.1–5 ms first. When every object
// is built (a barrier) a single link step runs for 2 s: the serial tail. Thousands of
// short-lived tasks, no communication: good for load balance and big/little placement. Metric:
// the time the link ends (the run ends when every task has exited).
export default {
  name: "make",
  description: "parallel build: make -j ncpus forking short-lived compilers, then a serial link",
  duration: "60s",
  groups: [
    {
      name: "make",
      count: "ncpus",
      program: [
        { repeat: 8, steps: [{ spawn: "cc1" }, { wait: "job-done" }] },
        { barrier: "objects" },
      ],
    },
    {
      name: "cc1",
      count: 0,
      program: [
        {
          sleep: {
            choice: [
              [0.8, 0],
              [0.2, { uniform: ["100us", "5ms"] }],
            ],
          },
        },
        { run: { lognormal: ["300ms", 1.0] } },
        { run: "20ms" },
        { signal: "job-done" },
      ],
    },
    { name: "link", count: 1, program: [{ barrier: "objects" }, { run: "2s" }] },
  ],
};
