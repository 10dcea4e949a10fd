// Rules that relate the fields of a machine file, checked after its shape (machineSchema.ts).
// They hold on every real machine, and the engine relies on them: a CPU is named by its index,
// SMT siblings are one physical core, and caches nest (core ⊂ L2 cluster ⊂ LLC ⊂ node).

import type { MachineIssue } from "./machineIssues.ts";
import type { MachineFile, MachineFileCpu } from "./machineSchema.ts";

/** Cluster identity: an explicit `cluster`, else the core itself (a private L2). */
export function clusterKey(cpu: MachineFileCpu): string {
  return cpu.cluster === undefined ? `core:${cpu.core}` : `cluster:${cpu.cluster}`;
}

export function linuxCapacityOf(cpu: MachineFileCpu): number {
  return cpu.linux_capacity ?? cpu.capacity;
}

export function checkMachineFile(file: MachineFile): MachineIssue[] {
  const issues = [...checkIds(file), ...checkClusterGiven(file)];
  // Grouping rules compare CPUs by id, so they only make sense once ids are sound.
  if (issues.length > 0) return issues;
  return [
    ...checkSharing(file),
    ...checkTopCapacity(file, "capacity", (c) => c.capacity),
    ...checkTopCapacity(file, "linux_capacity", linuxCapacityOf),
    ...checkFreqDomains(file),
  ];
}

function checkIds(file: MachineFile): MachineIssue[] {
  const n = file.cpus.length;
  const firstIndex = new Map<number, number>();
  const issues: MachineIssue[] = [];
  file.cpus.forEach((cpu, i) => {
    const path = ["cpus", i, "id"];
    const earlier = firstIndex.get(cpu.id);
    if (cpu.id >= n) {
      issues.push({
        path,
        message: `expected an id from 0 to ${n - 1} (ids are 0..N-1 for ${n} CPUs), got ${cpu.id}`,
      });
    } else if (earlier !== undefined) {
      issues.push({ path, message: `CPU id ${cpu.id} is already used by cpus[${earlier}]` });
    } else {
      firstIndex.set(cpu.id, i);
    }
  });
  return issues;
}

function checkClusterGiven(file: MachineFile): MachineIssue[] {
  const given = file.cpus.filter((c) => c.cluster !== undefined).length;
  if (given === 0 || given === file.cpus.length) return [];
  const i = file.cpus.findIndex((c) => c.cluster === undefined);
  return [
    {
      path: ["cpus", i, "cluster"],
      message:
        "missing: give `cluster` for every CPU or for none (none = each core has its own L2)",
    },
  ];
}

/** Properties every CPU of a group must agree on, with the field to blame when they do not. */
interface Rule {
  group: string;
  /** The group with its article, for messages: "a core", "an LLC". */
  aGroup: string;
  field: string;
  key: (c: MachineFileCpu) => string | number;
  same: [string, (c: MachineFileCpu) => string | number][];
}

const RULES: Rule[] = [
  {
    group: "core",
    aGroup: "a core",
    field: "core",
    key: (c) => c.core,
    same: [
      ["type", (c) => c.type],
      ["capacity", (c) => c.capacity],
      ["linux_capacity", linuxCapacityOf],
      ["cluster", clusterKey],
      ["llc", (c) => c.llc],
      ["node", (c) => c.node],
    ],
  },
  {
    group: "L2 cluster",
    aGroup: "an L2 cluster",
    field: "cluster",
    key: clusterKey,
    same: [
      ["llc", (c) => c.llc],
      ["node", (c) => c.node],
    ],
  },
  {
    group: "LLC",
    aGroup: "an LLC",
    field: "llc",
    key: (c) => c.llc,
    same: [["node", (c) => c.node]],
  },
];

function checkSharing(file: MachineFile): MachineIssue[] {
  const issues: MachineIssue[] = [];
  for (const rule of RULES) {
    const first = new Map<string | number, number>();
    file.cpus.forEach((cpu, i) => {
      const k = rule.key(cpu);
      const j = first.get(k);
      if (j === undefined) {
        first.set(k, i);
        return;
      }
      const other = file.cpus[j] as MachineFileCpu;
      for (const [prop, get] of rule.same) {
        if (get(cpu) === get(other)) continue;
        const shown = prop === "cluster" ? (other.cluster ?? `none (own L2)`) : get(other);
        issues.push({
          path: ["cpus", i, rule.field],
          message: `CPU ${cpu.id} shares its ${rule.group} with CPU ${other.id}, which has ${prop} ${JSON.stringify(shown)}: CPUs sharing ${rule.aGroup} must have the same ${prop}`,
        });
        break;
      }
    });
  }
  return issues;
}

/** Linux normalises capacities so the biggest CPU is 1024; we require the file to do the same
 * rather than rescale silently, so the numbers a user reads are the numbers that run. */
function checkTopCapacity(
  file: MachineFile,
  field: string,
  get: (c: MachineFileCpu) => number,
): MachineIssue[] {
  let top = 0;
  file.cpus.forEach((cpu, i) => {
    if (get(cpu) > get(file.cpus[top] as MachineFileCpu)) top = i;
  });
  const max = get(file.cpus[top] as MachineFileCpu);
  if (max === 1024) return [];
  return [
    {
      path: ["cpus", top, field],
      message: `the largest ${field} must be 1024 (capacities are relative to the biggest core, as in Linux), got ${max}`,
    },
  ];
}

/** The frequency domain of each CPU id, from `freq_domains[].cpus` and per-CPU `freq_domain`
 * (which must agree). Undefined entries are CPUs in no domain. Assumes ids are sound. */
export function domainsByCpu(file: MachineFile): (number | undefined)[] {
  const out: (number | undefined)[] = new Array(file.cpus.length).fill(undefined);
  file.freq_domains?.forEach((d, di) => {
    for (const id of d.cpus ?? []) if (id < out.length && out[id] === undefined) out[id] = di;
  });
  for (const cpu of file.cpus) if (out[cpu.id] === undefined) out[cpu.id] = cpu.freq_domain;
  return out;
}

function checkFreqDomains(file: MachineFile): MachineIssue[] {
  const domains = file.freq_domains;
  if (!domains) {
    const i = file.cpus.findIndex((c) => c.freq_domain !== undefined);
    if (i < 0) return [];
    return [
      {
        path: ["cpus", i, "freq_domain"],
        message: "refers to a frequency domain, but the file has no freq_domains list",
      },
    ];
  }
  const issues: MachineIssue[] = [];
  const n = file.cpus.length;
  const listedIn: (number | undefined)[] = new Array(n).fill(undefined);
  domains.forEach((d, di) => {
    d.cpus?.forEach((id, k) => {
      const path = ["freq_domains", di, "cpus", k];
      const earlier = listedIn[id];
      if (id >= n) issues.push({ path, message: `no CPU ${id} (ids are 0 to ${n - 1})` });
      else if (earlier !== undefined)
        issues.push({ path, message: `CPU ${id} is already in freq_domains[${earlier}]` });
      else listedIn[id] = di;
    });
    issues.push(...checkOpps(d.opps, di));
  });
  file.cpus.forEach((cpu, i) => {
    const path = ["cpus", i, "freq_domain"];
    const listed = listedIn[cpu.id];
    if (cpu.freq_domain !== undefined && cpu.freq_domain >= domains.length) {
      issues.push({
        path,
        message: `expected a freq_domains index from 0 to ${domains.length - 1}, got ${cpu.freq_domain}`,
      });
    } else if (
      cpu.freq_domain !== undefined &&
      listed !== undefined &&
      listed !== cpu.freq_domain
    ) {
      issues.push({
        path,
        message: `is ${cpu.freq_domain}, but freq_domains[${listed}].cpus lists CPU ${cpu.id}`,
      });
    } else if (cpu.freq_domain === undefined && listed === undefined) {
      issues.push({
        path,
        message: `missing: CPU ${cpu.id} is in no frequency domain (set freq_domain or list it in freq_domains[].cpus)`,
      });
    }
  });
  if (issues.length > 0) return issues;
  return [...checkDomainUse(file), ...checkPowerEverywhere(file)];
}

function checkOpps(opps: { mhz: number }[], di: number): MachineIssue[] {
  const seen = new Set<number>();
  const issues: MachineIssue[] = [];
  opps.forEach((opp, k) => {
    if (seen.has(opp.mhz))
      issues.push({
        path: ["freq_domains", di, "opps", k, "mhz"],
        message: `${opp.mhz} MHz appears twice in this domain`,
      });
    seen.add(opp.mhz);
  });
  return issues;
}

/** Every domain has a CPU, and SMT siblings (one core, one clock) share a domain. */
function checkDomainUse(file: MachineFile): MachineIssue[] {
  const byCpu = domainsByCpu(file);
  const issues: MachineIssue[] = [];
  const used = new Set(byCpu);
  file.freq_domains?.forEach((_, di) => {
    if (!used.has(di))
      issues.push({ path: ["freq_domains", di], message: "no CPU belongs to this domain" });
  });
  const domainOfCore = new Map<number, [number | undefined, number]>();
  file.cpus.forEach((cpu, i) => {
    const mine = byCpu[cpu.id];
    const seen = domainOfCore.get(cpu.core);
    if (!seen) domainOfCore.set(cpu.core, [mine, cpu.id]);
    else if (seen[0] !== mine) {
      issues.push({
        path: ["cpus", i, "freq_domain"],
        message: `CPU ${cpu.id} is an SMT sibling of CPU ${seen[1]} (core ${cpu.core}) but in frequency domain ${mine}, not ${seen[0]}: siblings share a clock`,
      });
    }
  });
  return issues;
}

/** An energy model needs a power figure at every OPP; a partial one would give partial joules. */
function checkPowerEverywhere(file: MachineFile): MachineIssue[] {
  const all = (file.freq_domains ?? []).flatMap((d, di) => d.opps.map((o, k) => ({ o, di, k })));
  const withPower = all.filter((x) => x.o.power_mw !== undefined).length;
  if (withPower === 0 || withPower === all.length) return [];
  const gap = all.find((x) => x.o.power_mw === undefined);
  if (!gap) return [];
  return [
    {
      path: ["freq_domains", gap.di, "opps", gap.k, "power_mw"],
      message: "missing: give power_mw at every OPP of every domain, or at none (no energy model)",
    },
  ];
}
