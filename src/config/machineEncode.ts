// Machine → the flat f64 layout the engine reads (docs/internals.md, "Machine"). Offsets are
// named here once; the engine's reader (assembly/scx) mirrors them, so a change to either side
// is a format change and bumps MACHINE_FORMAT_VERSION.

import type { Machine } from "./machineModel.ts";

export const MACHINE_FORMAT_VERSION = 1;
export const MACHINE_HEADER_LEN = 16;
export const MACHINE_CPU_RECORD_LEN = 12;
/** Each OPP is a triple: mhz, power_mw, reserved. */
export const MACHINE_OPP_LEN = 3;

export interface EncodedMachine {
  data: Float64Array;
  /** Core type names by type index (CPU record word 0). */
  cpuTypeNames: string[];
}

export function encodedMachineLength(m: Machine): number {
  const domains = m.freqDomains.reduce((n, d) => n + 1 + d.opps.length * MACHINE_OPP_LEN, 0);
  return MACHINE_HEADER_LEN + m.cpus.length * MACHINE_CPU_RECORD_LEN + domains;
}

export function encodeMachine(m: Machine): EncodedMachine {
  const data = new Float64Array(encodedMachineLength(m));
  const mig = m.costs.migrationNs;
  data.set([
    MACHINE_FORMAT_VERSION,
    m.cpus.length,
    m.hz,
    m.costs.contextSwitchNs,
    m.costs.smtCorunFactor,
    mig.core,
    mig.cluster,
    mig.llc,
    mig.node,
    m.freqDomains.length,
    m.hasEnergy ? 1 : 0,
    m.watchdogTimeoutMs * 1_000_000,
    m.costs.policyNsPerUnit,
  ]);
  let at = MACHINE_HEADER_LEN;
  for (const c of m.cpus) {
    // Words 10 and 11 stay 0 (reserved).
    data.set(
      [
        c.typeIndex,
        c.capacity,
        c.linuxCapacity,
        c.core,
        c.cluster,
        c.llc,
        c.node,
        c.freqDomain,
        c.idleExitLatencyNs,
        c.idlePowerMw,
      ],
      at,
    );
    at += MACHINE_CPU_RECORD_LEN;
  }
  for (const d of m.freqDomains) {
    data[at++] = d.opps.length;
    for (const opp of d.opps) {
      data[at] = opp.mhz;
      data[at + 1] = opp.powerMw ?? 0;
      at += MACHINE_OPP_LEN;
    }
  }
  return { data, cpuTypeNames: [...m.cpuTypes] };
}
