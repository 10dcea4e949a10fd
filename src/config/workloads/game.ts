// A game's frame loop (workloads.md C.5) beside a background build, at a given refresh rate. Per
// frame the main thread runs the game logic, hands jobs to 3 worker threads and waits for them
// (a barrier), lets the render thread draw, and sleeps to the next vsync; a frame that ends after
// its vsync is a deadline miss. Work per frame scales with the frame budget (60 Hz figures:
// logic 3–6 ms, jobs 0.5–2 ms, render 2–5 ms: 5–13 ms of a 16.7 ms budget). Metric: the main
// group's deadline misses per deadline, beside the background's CPU time.

const us = (x: number) => `${Math.round(x)}us`;

export function gameWorkload(hz: number) {
  const scale = 60 / hz;
  const u = (lo: number, hi: number) => ({
    uniform: [us(lo * 1000 * scale), us(hi * 1000 * scale)],
  });
  return {
    name: `game${hz}`,
    description: `game frame loop at ${hz} Hz (main, 3 job workers, render) beside one batch job per CPU`,
    duration: "10s",
    groups: [
      {
        name: "main",
        count: 1,
        loop: -1,
        program: [
          { run: u(3, 6) },
          { signal: "jobs", count: 3 },
          { barrier: "jobs-done" },
          { signal: "render" },
          { wait: "frame-drawn" },
          { period: `${(1000 / hz).toFixed(3)}ms` },
        ],
      },
      {
        name: "workers",
        count: 3,
        loop: -1,
        program: [{ wait: "jobs" }, { run: u(0.5, 2) }, { barrier: "jobs-done" }],
      },
      {
        name: "render",
        count: 1,
        loop: -1,
        program: [{ wait: "render" }, { run: u(2, 5) }, { signal: "frame-drawn" }],
      },
      {
        name: "background",
        count: "ncpus",
        loop: -1,
        program: [{ run: { uniform: ["5ms", "20ms"] } }, { sleep: { exp: "1ms" } }],
      },
    ],
  };
}

export const game60 = gameWorkload(60);
export const game120 = gameWorkload(120);
