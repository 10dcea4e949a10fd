// A desktop under a background build: CPU-bound batch jobs (one per CPU, like `make -j$(nproc)`)
// beside short interactive bursts and a periodic audio thread. Only run/sleep steps, so it runs
// on the core engine. The question it asks: do the short sleepers still get the CPU quickly?
export default {
  name: "desktop",
  description: "interactive tasks and an audio thread beside one CPU-bound batch job per CPU",
  duration: "10s",
  groups: [
    {
      // compile-like bursts with a rare short block on I/O
      name: "batch",
      count: "ncpus",
      loop: -1,
      program: [{ run: { uniform: ["5ms", "50ms"] } }, { sleep: { exp: "500us" } }],
    },
    {
      // UI/input handling: wakes ~100 times a second, runs a fraction of a millisecond
      name: "interactive",
      count: 4,
      loop: -1,
      program: [{ sleep: { exp: "8ms" } }, { run: { exp: "300us" } }],
    },
    {
      // an audio buffer every ~6 ms (rt-app mp3 example: AudioTick period 6000 us)
      name: "audio",
      count: 1,
      nice: -5,
      loop: -1,
      program: [{ sleep: "5.7ms" }, { run: "300us" }],
    },
  ],
};
