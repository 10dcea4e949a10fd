// The M/M/1 queue, to validate the simulator against theory (run it with `--cpus 1` and a FIFO
// policy): Poisson arrivals at λ = 800/s, exponential service with mean 1 ms (μ = 1000/s), so
// ρ = 0.8 and the mean response time is 1/(μ−λ) = 5 ms (mean wait 4 ms). The arrival limit makes
// the run end once the 20 000 requests have been served (~25 s simulated).
export default {
  name: "mm1",
  description: "M/M/1 queue, utilisation 0.8 (use --cpus 1): mean response 5 ms in theory",
  duration: "60s",
  groups: [
    {
      name: "requests",
      arrivals: { interval: { exp: "1.25ms" }, limit: 20000 },
      program: [{ run: { exp: "1ms" } }],
    },
  ],
};
