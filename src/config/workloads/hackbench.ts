// hackbench / `perf bench sched messaging` (workloads.md C.2) with perf's defaults: 10 groups of
// 20 senders and 20 receivers, 100 loops, 100-byte messages over pipes. Each sender writes
// loops × 20 messages, each receiver reads as many; a write or read costs ~2 us of CPU. The 20
// receivers of a group share one pipe here (in hackbench each has its own): the number of
// messages and who blocks on a full or empty pipe are kept. Metric: time until every task exits.

const GROUPS = 10;
const PER_GROUP = 20;
const LOOPS = 100;
const BYTES = 100;

const groups = Array.from({ length: GROUPS }, (_, g) => [
  {
    name: `senders${g}`,
    count: PER_GROUP,
    loop: LOOPS * PER_GROUP,
    program: [{ run: "2us" }, { send: `pipe${g}`, bytes: BYTES }],
  },
  {
    name: `receivers${g}`,
    count: PER_GROUP,
    loop: LOOPS * PER_GROUP,
    program: [{ recv: `pipe${g}`, bytes: BYTES }, { run: "2us" }],
  },
]).flat();

export default {
  name: "hackbench",
  description: "hackbench-like message storm: 10 groups of 20 senders and 20 receivers over pipes",
  duration: "60s",
  groups,
};
