// An open-loop web server (workloads.md C.7): requests arrive as a Poisson process, whatever the
// scheduler does, and each is one task: service S (90 % short, mean 50 us; 10 % long, mean 1 ms:
// E[S] = 145 us, a heavy-tailed hyperexponential), an I/O wait 30 % of the time, then a reply.
// Offered load ≈ 3 CPUs (E[busy] 150 us every 50 us): 75 % of `--cpus 4`.
export default {
  name: "server",
  description:
    "open-loop web server: Poisson arrivals, heavy-tailed (bimodal) service times, some I/O",
  duration: "5s",
  groups: [
    {
      name: "requests",
      arrivals: { interval: { exp: "50us" } },
      program: [
        {
          run: {
            choice: [
              [0.9, { exp: "50us" }],
              [0.1, { exp: "1ms" }],
            ],
          },
        },
        {
          sleep: {
            choice: [
              [0.7, 0],
              [0.3, { exp: "200us" }],
            ],
          },
        },
        { run: "5us" },
      ],
    },
  ],
};
