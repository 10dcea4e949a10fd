// The machine file's shape (CONTRACT.md "Machine file" plus our optional extensions), field by
// field. Only what one field can say about itself is checked here; rules that relate fields
// (ids 0..N-1, SMT siblings alike, caches nested in nodes, frequency domains) are in
// machineChecks.ts, which runs on a file that already has this shape. Every message is the
// "expected …" half of an error; machineIssues.ts adds the path and the value it got.

import { z } from "zod";
import { MAX_CPUS, MAX_WATCHDOG_TIMEOUT_MS } from "./machineDefaults.ts";

/** Longest a simulated cost may be; anything larger is a unit mistake (ms written as ns?). */
const MAX_COST_NS = 1_000_000_000;

function int(min: number, max: number) {
  const expected = `expected an integer from ${min} to ${max}`;
  return z
    .number({ error: expected })
    .int({ error: expected })
    .min(min, { error: expected })
    .max(max, { error: expected });
}

function num(min: number, max: number, what = `a number from ${min} to ${max}`) {
  const expected = `expected ${what}`;
  return z.number({ error: expected }).min(min, { error: expected }).max(max, { error: expected });
}

const text = z.string({ error: "expected a string" });
const name = z
  .string({ error: "expected a non-empty string" })
  .min(1, { error: "expected a non-empty string" });

/** Unknown keys are rejected (a misspelt optional field would otherwise vanish silently). */
function object<T extends z.ZodRawShape>(shape: T) {
  return z.strictObject(shape, { error: "expected an object" });
}

function list<T extends z.ZodType>(item: T, min: number, max: number) {
  const expected = `expected a list of ${min} to ${max} items`;
  return z.array(item, { error: expected }).min(min, { error: expected }).max(max, {
    error: expected,
  });
}

const capacity = num(1, 1024);
const costNs = int(0, MAX_COST_NS);
const id = int(0, 1_000_000);

export const cpuSchema = object({
  id: int(0, MAX_CPUS - 1),
  type: name,
  capacity,
  core: id,
  llc: id,
  node: id,
  cluster: id.optional(),
  linux_capacity: int(1, 1024).optional(),
  freq_domain: int(0, MAX_CPUS - 1).optional(),
  idle_exit_latency_ns: costNs.optional(),
  idle_power_mw: num(0, 1_000_000).optional(),
});

export const oppSchema = object({
  mhz: num(1, 100_000),
  power_mw: num(0, 1_000_000).optional(),
});

export const freqDomainSchema = object({
  cpus: list(int(0, MAX_CPUS - 1), 1, MAX_CPUS).optional(),
  opps: list(oppSchema, 1, 256),
});

export const costsSchema = object({
  context_switch_ns: costNs.optional(),
  smt_corun_factor: z
    .number({ error: "expected a number greater than 0 and at most 1" })
    .gt(0, { error: "expected a number greater than 0 and at most 1" })
    .max(1, { error: "expected a number greater than 0 and at most 1" })
    .optional(),
  migration_ns: object({
    core: costNs.optional(),
    cluster: costNs.optional(),
    llc: costNs.optional(),
    node: costNs.optional(),
  }).optional(),
  policy_ns_per_unit: z
    .number({ error: "expected a number of ns from 0 to 1000000" })
    .min(0, { error: "expected a number of ns from 0 to 1000000" })
    .max(1_000_000, { error: "expected a number of ns from 0 to 1000000" })
    .optional(),
});

export const machineFileSchema = object({
  name,
  description: text.optional(),
  sources: list(text, 0, 100).optional(),
  notes: text.optional(),
  cpus: list(cpuSchema, 1, MAX_CPUS),
  costs: costsSchema.optional(),
  hz: int(0, 10_000).optional(),
  watchdog_timeout_ms: int(0, MAX_WATCHDOG_TIMEOUT_MS).optional(),
  freq_domains: list(freqDomainSchema, 1, MAX_CPUS).optional(),
});

/** A machine file that has the right shape (not yet cross-checked). */
export type MachineFile = z.infer<typeof machineFileSchema>;
export type MachineFileCpu = z.infer<typeof cpuSchema>;
export type MachineFileFreqDomain = z.infer<typeof freqDomainSchema>;
