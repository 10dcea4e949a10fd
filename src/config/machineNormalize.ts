// A checked machine file → the Machine every other part reads: defaults filled in, CPUs in id
// order, core/cluster/LLC/node ids made dense (0..k-1) so the engine can index arrays by them.
// Dense ids keep their order (the smallest id becomes 0), so a file that already numbers them
// 0..k-1 keeps its numbers, and what the user reads in a drawing matches the file.

import { domainsByCpu, linuxCapacityOf } from "./machineChecks.ts";
import {
  DEFAULT_HZ,
  DEFAULT_IDLE_EXIT_LATENCY_NS,
  DEFAULT_IDLE_POWER_MW,
  DEFAULT_WATCHDOG_TIMEOUT_MS,
  defaultCosts,
  NOMINAL_MHZ,
} from "./machineDefaults.ts";
import type { FreqDomain, Machine, MachineCosts, MachineCpu } from "./machineModel.ts";
import type { MachineFile, MachineFileCpu } from "./machineSchema.ts";

/** Maps each distinct value to its rank among the distinct values. */
function denseRanks<T extends string | number>(
  values: T[],
  compare: (a: T, b: T) => number,
): Map<T, number> {
  const distinct = [...new Set(values)].sort(compare);
  return new Map(distinct.map((v, i) => [v, i]));
}

const byNumber = (a: number, b: number) => a - b;

/** Explicit cluster ids rank by id; default (one per core) clusters rank by core id. The file
 * uses one form or the other for all CPUs (machineChecks.ts). */
function clusterRank(cpus: MachineFileCpu[]): (cpu: MachineFileCpu) => number {
  const explicit = cpus[0]?.cluster !== undefined;
  const rankOf = (c: MachineFileCpu) => (explicit ? (c.cluster as number) : c.core);
  const ranks = denseRanks(cpus.map(rankOf), byNumber);
  return (c) => ranks.get(rankOf(c)) as number;
}

function costsOf(file: MachineFile): MachineCosts {
  const d = defaultCosts();
  const c = file.costs;
  return {
    contextSwitchNs: c?.context_switch_ns ?? d.contextSwitchNs,
    smtCorunFactor: c?.smt_corun_factor ?? d.smtCorunFactor,
    // Off unless asked for: charging the policy's own work is a study, not a default.
    policyNsPerUnit: c?.policy_ns_per_unit ?? d.policyNsPerUnit,
    migrationNs: {
      core: c?.migration_ns?.core ?? d.migrationNs.core,
      // The contract's `core` means "another core of the same LLC", which our model splits
      // into `core` (same L2) and `cluster` (other L2): a file that sets only `core` meant both.
      cluster: c?.migration_ns?.cluster ?? c?.migration_ns?.core ?? d.migrationNs.cluster,
      llc: c?.migration_ns?.llc ?? d.migrationNs.llc,
      node: c?.migration_ns?.node ?? d.migrationNs.node,
    },
  };
}

/** The file's domains (OPPs sorted by frequency), or one nominal domain per CPU type. */
function freqDomainsOf(
  file: MachineFile,
  cpus: MachineCpu[],
  types: string[],
): { domains: FreqDomain[]; ofCpu: number[] } {
  if (file.freq_domains) {
    const ofCpu = domainsByCpu(file) as number[];
    const domains = file.freq_domains.map((d, di) => ({
      cpus: cpus.filter((c) => ofCpu[c.id] === di).map((c) => c.id),
      opps: [...d.opps]
        .sort((a, b) => a.mhz - b.mhz)
        .map((o) => ({ mhz: o.mhz, powerMw: o.power_mw ?? null })),
    }));
    return { domains, ofCpu };
  }
  const domains = types.map((t) => ({
    cpus: cpus.filter((c) => c.type === t).map((c) => c.id),
    opps: [{ mhz: NOMINAL_MHZ, powerMw: null }],
  }));
  return { domains, ofCpu: cpus.map((c) => c.typeIndex) };
}

export function normalizeMachine(file: MachineFile): Machine {
  const sorted = [...file.cpus].sort((a, b) => a.id - b.id);
  const types: string[] = [];
  for (const c of sorted) if (!types.includes(c.type)) types.push(c.type);
  const coreRank = denseRanks(
    sorted.map((c) => c.core),
    byNumber,
  );
  const llcRank = denseRanks(
    sorted.map((c) => c.llc),
    byNumber,
  );
  const nodeRank = denseRanks(
    sorted.map((c) => c.node),
    byNumber,
  );
  const clusterOf = clusterRank(sorted);

  const cpus: MachineCpu[] = sorted.map((c) => ({
    id: c.id,
    type: c.type,
    typeIndex: types.indexOf(c.type),
    capacity: c.capacity,
    linuxCapacity: linuxCapacityOf(c),
    core: coreRank.get(c.core) as number,
    cluster: clusterOf(c),
    llc: llcRank.get(c.llc) as number,
    node: nodeRank.get(c.node) as number,
    freqDomain: 0,
    idleExitLatencyNs: c.idle_exit_latency_ns ?? DEFAULT_IDLE_EXIT_LATENCY_NS,
    idlePowerMw: c.idle_power_mw ?? DEFAULT_IDLE_POWER_MW,
  }));
  const { domains, ofCpu } = freqDomainsOf(file, cpus, types);
  for (const c of cpus) c.freqDomain = ofCpu[c.id] as number;

  return {
    name: file.name,
    description: file.description ?? "",
    sources: file.sources ?? [],
    notes: file.notes ?? "",
    cpus,
    cpuTypes: types,
    costs: costsOf(file),
    hz: file.hz ?? DEFAULT_HZ,
    watchdogTimeoutMs: file.watchdog_timeout_ms ?? DEFAULT_WATCHDOG_TIMEOUT_MS,
    freqDomains: domains,
    hasEnergy: domains.every((d) => d.opps.every((o) => o.powerMw !== null)),
  };
}
