// The core issue's standard scenario, shared by `npm run bench` and `npm run profile`: 64 CPUs,
// 2,048 tasks looping over a run burst (50 µs–5 ms, one burst in 16 of 5–50 ms) and a sleep
// (100 µs–250 ms), uniform draws, scx_simple in vtime mode.
import { loadPolicy } from "../src/compile/index.ts";
import { machineFromCpus } from "../src/config/machine.ts";
import { runRequest } from "../src/config/runRequest.ts";
import { parseWorkload } from "../src/config/workload.ts";
import type { RunRequest } from "../src/sim/types.ts";

export const benchWorkload = parseWorkload({
  name: "bench-2048",
  groups: [
    {
      name: "worker",
      count: 2048,
      loop: -1,
      program: [
        {
          run: {
            choice: [
              [15, { uniform: ["50us", "5ms"] }],
              [1, { uniform: ["5ms", "50ms"] }],
            ],
          },
        },
        { sleep: { uniform: ["100us", "250ms"] } },
      ],
    },
  ],
});

/** The scenario as a run request for `durationNs` of simulated time (trace off). */
export async function benchRequest(durationNs: number): Promise<RunRequest> {
  const policy = await loadPolicy("simple", { release: true });
  return runRequest(policy, machineFromCpus(64), benchWorkload, {
    params: {},
    seed: 1,
    durationNs,
  });
}
