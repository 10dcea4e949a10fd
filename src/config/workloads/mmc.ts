// The M/M/c queue with c = 4 servers (run it with `--cpus 4` and a FIFO, work-conserving policy):
// λ = 3200/s, mean service 1 ms, ρ = λ/(cμ) = 0.8. Erlang C gives P(wait) ≈ 0.596, mean wait
// ≈ 0.745 ms, mean response ≈ 1.745 ms. 40 000 requests (~12.5 s simulated), then the run ends.
export default {
  name: "mmc",
  description: "M/M/4 queue, utilisation 0.8 (use --cpus 4): mean response ≈1.745 ms in theory",
  duration: "60s",
  groups: [
    {
      name: "requests",
      arrivals: { interval: { exp: "312.5us" }, limit: 40000 },
      program: [{ run: { exp: "1ms" } }],
    },
  ],
};
