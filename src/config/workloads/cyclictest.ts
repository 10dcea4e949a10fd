// cyclictest (rt-tests, workloads.md C.4): one thread per CPU (-S) waking on an absolute 1 ms
// timer (-i 1000; the per-thread +500 us distance, -d, is left out so that one group can scale
// with the machine) and doing almost nothing. The thread's wakeup latency is what cyclictest
// reports: idle exit + wakeup + queueing delay.
export default {
  name: "cyclictest",
  description: "cyclictest-like timer latency: one thread per CPU waking every 1 ms",
  duration: "10s",
  groups: [
    { name: "cyclic", count: "ncpus", loop: -1, program: [{ period: "1ms" }, { run: "5us" }] },
  ],
};
