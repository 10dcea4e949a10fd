// Machine → a machine file a user can edit and load back (parseMachine(exportMachine(m))
// equals m). Everything is written out, defaults included, so the file shows every number the
// simulation uses; the one exception is the nominal frequency domains of a machine without
// frequency data, which would otherwise read like real OPPs.

import { NOMINAL_MHZ } from "./machineDefaults.ts";
import type { Machine } from "./machineModel.ts";

/** True when the domains are the ones normalisation invents: one per type, one nominal OPP. */
function hasNominalDomains(m: Machine): boolean {
  return (
    m.freqDomains.length === m.cpuTypes.length &&
    m.cpus.every((c) => c.freqDomain === c.typeIndex) &&
    m.freqDomains.every(
      (d) => d.opps.length === 1 && d.opps[0]?.mhz === NOMINAL_MHZ && d.opps[0].powerMw === null,
    )
  );
}

export function exportMachine(m: Machine): Record<string, unknown> {
  const file: Record<string, unknown> = { name: m.name };
  if (m.description) file.description = m.description;
  if (m.sources.length > 0) file.sources = [...m.sources];
  if (m.notes) file.notes = m.notes;
  file.cpus = m.cpus.map((c) => ({
    id: c.id,
    type: c.type,
    capacity: c.capacity,
    linux_capacity: c.linuxCapacity,
    core: c.core,
    cluster: c.cluster,
    llc: c.llc,
    node: c.node,
    idle_exit_latency_ns: c.idleExitLatencyNs,
    idle_power_mw: c.idlePowerMw,
  }));
  file.costs = {
    context_switch_ns: m.costs.contextSwitchNs,
    smt_corun_factor: m.costs.smtCorunFactor,
    migration_ns: { ...m.costs.migrationNs },
    ...(m.costs.policyNsPerUnit > 0 ? { policy_ns_per_unit: m.costs.policyNsPerUnit } : {}),
  };
  file.hz = m.hz;
  if (m.watchdogTimeoutMs !== 0) file.watchdog_timeout_ms = m.watchdogTimeoutMs;
  if (!hasNominalDomains(m)) {
    file.freq_domains = m.freqDomains.map((d) => ({
      cpus: [...d.cpus],
      opps: d.opps.map((o) =>
        o.powerMw === null ? { mhz: o.mhz } : { mhz: o.mhz, power_mw: o.powerMw },
      ),
    }));
  }
  return file;
}
