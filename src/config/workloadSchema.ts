// The native workload file (CONTRACT.md "Workload file (native format)") as a zod schema that
// yields the parsed Workload. Beyond the contract: the steps of workloadSteps.ts, `description`,
// `channels` (pipe capacities), per-group `speedup` and `"ncpus"` expressions for counts.

import { z } from "zod";
import { distribution } from "./distribution.ts";
import { durationNs } from "./duration.ts";
import { count } from "./workloadCount.ts";
import { step } from "./workloadSteps.ts";
import type { Workload, WorkloadGroup } from "./workloadTypes.ts";
import { leaf, name, strict } from "./workloadZod.ts";

const loop = z
  .number()
  .int()
  .refine((v) => v === -1 || v >= 1, {
    error: (i) => `expected -1 (forever) or a count >= 1, got ${i.input}`,
  });

const arrivals = strict(
  {
    interval: leaf(distribution),
    limit: z
      .number()
      .int()
      .refine((v) => v === -1 || v >= 1, {
        error: (i) => `expected -1 (unlimited) or a count >= 1, got ${i.input}`,
      })
      .optional(),
  },
  "arrivals",
).transform((a) => ({ interval: a.interval, limit: a.limit ?? -1 }));

const group = strict(
  {
    name: name("a group name"),
    count: leaf(count).optional(),
    start: leaf(durationNs).optional(),
    nice: z.number().int().min(-20).max(19).optional(),
    cpus: z.array(z.number().int().min(0)).min(1).optional(),
    loop: loop.optional(),
    program: z.array(step).min(1),
    arrivals: arrivals.optional(),
    speedup: z.record(z.string().min(1), z.number().positive().max(16)).optional(),
  },
  "a group",
).transform((g): WorkloadGroup => {
  const out: WorkloadGroup = {
    name: g.name,
    count: g.count ?? 1,
    startNs: g.start ?? 0,
    nice: g.nice ?? 0,
    loop: g.loop ?? 1,
    program: g.program,
  };
  if (g.cpus) out.cpus = g.cpus;
  if (g.arrivals) out.arrivals = g.arrivals;
  if (g.speedup) out.speedup = g.speedup;
  return out;
});

const channel = strict({ capacity: z.number().int().min(1) }, "a channel");

export const workloadSchema = strict(
  {
    name: name("a workload name").optional(),
    description: z.string().optional(),
    duration: leaf(durationNs).optional(),
    groups: z.array(group).min(1),
    channels: z.record(z.string().min(1), channel).optional(),
  },
  "a workload",
).transform(
  (w): Workload => ({
    name: w.name ?? "workload",
    ...(w.description !== undefined && { description: w.description }),
    ...(w.duration !== undefined && { durationNs: w.duration }),
    groups: w.groups,
    channels: Object.fromEntries(Object.entries(w.channels ?? {}).map(([k, c]) => [k, c.capacity])),
  }),
);
