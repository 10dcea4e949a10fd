// `scx-playground machine NAME`: the machine as a tree a person can read in a terminal —
// nodes → LLCs → L2 clusters → cores → SMT threads, with core types and capacities, then the
// frequency domains and the costs. Runs of identical, regularly numbered cores print as one
// line ("cores 0-7 · own L2 each · zen4 cap 1024 · cpus 0-7 + 96-103 (SMT)"), so a 192-CPU
// server stays a screenful while an 8-CPU phone still shows every core.

import type { FreqDomain, Machine, MachineCpu } from "./machineModel.ts";
import { formatNs, idRanges, span } from "./machineText.ts";

interface Core {
  id: number;
  cluster: number;
  /** The first thread: type and capacities are the same for all siblings. */
  first: MachineCpu;
  /** CPU ids of the threads, ascending. */
  cpus: number[];
}

/** Which physical cores belong together on one line: same kind, consecutive core ids, and each
 * thread's CPU id advancing by a constant step, so "first … last" describes every member. */
function sameKind(a: Core, b: Core): boolean {
  return (
    a.first.type === b.first.type &&
    a.first.capacity === b.first.capacity &&
    a.first.linuxCapacity === b.first.linuxCapacity &&
    a.cpus.length === b.cpus.length
  );
}

function isRun(cores: Core[]): boolean {
  const [a, b] = cores;
  if (!a || !b) return true;
  return cores.every((c, i) => {
    if (i === 0) return true;
    const prev = cores[i - 1] as Core;
    return (
      sameKind(prev, c) &&
      c.id === prev.id + 1 &&
      c.cpus.every(
        (cpu, t) =>
          cpu - (prev.cpus[t] as number) === (b.cpus[t] as number) - (a.cpus[t] as number),
      )
    );
  });
}

/** Splits cores (in id order) into maximal runs. */
function runsOf(cores: Core[]): Core[][] {
  const runs: Core[][] = [];
  for (const core of cores) {
    const last = runs[runs.length - 1];
    if (last && isRun([...last, core])) last.push(core);
    else runs.push([core]);
  }
  return runs;
}

function kindText(cpu: MachineCpu): string {
  const linux = cpu.linuxCapacity === cpu.capacity ? "" : ` (Linux ${cpu.linuxCapacity})`;
  return `${cpu.type} cap ${cpu.capacity}${linux}`;
}

function coresText(run: Core[]): string {
  const first = run[0] as Core;
  const last = run[run.length - 1] as Core;
  return run.length === 1 ? `core ${first.id}` : `cores ${first.id}-${last.id}`;
}

function cpusText(run: Core[]): string {
  const threads = (run[0] as Core).cpus.length;
  if (threads === 1) {
    const ids = run.map((c) => c.cpus[0] as number);
    return ids.length === 1 ? `cpu ${ids[0]}` : `cpus ${idRanges(ids)}`;
  }
  // SMT: either each thread's CPUs are consecutive (AMD, 2-socket Intel: "0-7 + 96-103"),
  // or siblings are numbered next to each other (Intel client: "0+1, 2+3, …").
  const columns = Array.from({ length: threads }, (_, t) => run.map((c) => c.cpus[t] as number));
  const consecutive = columns.every((col) =>
    col.every((id, i) => i === 0 || id === (col[i - 1] as number) + 1),
  );
  if (run.length > 1 && consecutive) {
    return `cpus ${columns.map((col) => span(col[0] as number, col[col.length - 1] as number)).join(" + ")} (SMT)`;
  }
  const pairs = run.map((c) => c.cpus.join("+"));
  const shown = pairs.length <= 3 ? pairs : [pairs[0], pairs[1], "…", pairs[pairs.length - 1]];
  return `cpus ${shown.join(", ")} (SMT)`;
}

function runLine(run: Core[], l2: string): string {
  return [coresText(run), l2, kindText((run[0] as Core).first), cpusText(run)]
    .filter(Boolean)
    .join(" · ");
}

/** The lines under one LLC: runs of private-L2 cores, shared L2 clusters (runs of identical
 * clusters on one line), and clusters that mix kinds (a header and a line per run). */
function llcLines(clusters: Core[][]): { text: string; children: string[] }[] {
  const out: { text: string; children: string[] }[] = [];
  // A group is consecutive clusters that together form one run of cores of equal-size clusters.
  const groups: Core[][][] = [];
  for (const cluster of clusters) {
    const group = groups[groups.length - 1];
    const prev = group?.[group.length - 1];
    const fits =
      group &&
      prev &&
      runsOf(cluster).length === 1 &&
      prev.length === cluster.length &&
      (cluster[0] as Core).cluster === (prev[0] as Core).cluster + 1 &&
      isRun([...group.flat(), ...cluster]);
    if (fits) group.push(cluster);
    else groups.push([cluster]);
  }
  for (const group of groups) {
    const first = group[0] as Core[];
    const runs = runsOf(first);
    const perCluster = first.length;
    const cores = group.flat();
    const firstId = (first[0] as Core).cluster;
    const lastId = firstId + group.length - 1;
    if (runs.length > 1) {
      out.push({
        text: `L2 #${firstId} · ${perCluster} cores`,
        children: runs.map((r) => runLine(r, "")),
      });
    } else if (perCluster === 1) {
      out.push({
        text: runLine(cores, cores.length === 1 ? "own L2" : "own L2 each"),
        children: [],
      });
    } else if (group.length === 1) {
      out.push({ text: runLine(cores, `L2 #${firstId}`), children: [] });
    } else {
      out.push({
        text: runLine(
          cores,
          `L2 #${firstId}-#${lastId} ×${group.length}, ${perCluster} cores each`,
        ),
        children: [],
      });
    }
  }
  return out;
}

function coresOf(m: Machine): Core[] {
  const byId = new Map<number, Core>();
  for (const cpu of m.cpus) {
    const core = byId.get(cpu.core);
    if (core) core.cpus.push(cpu.id);
    else byId.set(cpu.core, { id: cpu.core, cluster: cpu.cluster, first: cpu, cpus: [cpu.id] });
  }
  return [...byId.values()].sort((a, b) => a.id - b.id);
}

function groupBy<T, K>(items: T[], key: (t: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/** Tree lines with box-drawing prefixes. */
function tree(
  label: string,
  children: Tree[],
  prefix: string,
  isLast: boolean,
  root: boolean,
): string[] {
  const lines = [root ? label : `${prefix}${isLast ? "└─ " : "├─ "}${label}`];
  const childPrefix = root ? "" : `${prefix}${isLast ? "   " : "│  "}`;
  children.forEach((c, i) => {
    lines.push(...tree(c.label, c.children, childPrefix, i === children.length - 1, false));
  });
  return lines;
}

interface Tree {
  label: string;
  children: Tree[];
}

function topologyTree(m: Machine): Tree[] {
  const cores = coresOf(m);
  const byNode = groupBy(cores, (c) => c.first.node);
  return [...byNode.entries()]
    .sort(([a], [b]) => a - b)
    .map(([node, nodeCores]) => {
      const byLlc = groupBy(nodeCores, (c) => c.first.llc);
      const llcs = [...byLlc.entries()]
        .sort(([a], [b]) => a - b)
        .map(([llc, llcCores]) => {
          const clusters = [...groupBy(llcCores, (c) => c.cluster).entries()]
            .sort(([a], [b]) => a - b)
            .map(([, cs]) => cs);
          const ncpus = llcCores.reduce((n, c) => n + c.cpus.length, 0);
          return {
            label: `LLC ${llc} · ${llcCores.length} cores, ${ncpus} CPUs`,
            children: llcLines(clusters).map((l) => ({
              label: l.text,
              children: l.children.map((c) => ({ label: c, children: [] })),
            })),
          };
        });
      const ncpus = nodeCores.reduce((n, c) => n + c.cpus.length, 0);
      return { label: `node ${node} · ${ncpus} CPUs`, children: llcs };
    });
}

function summaryLines(m: Machine): string[] {
  const cores = coresOf(m);
  const count = (f: (c: MachineCpu) => number) => new Set(m.cpus.map(f)).size;
  const maxThreads = Math.max(...cores.map((c) => c.cpus.length));
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  const types = m.cpuTypes.map((t) => {
    const cpus = m.cpus.filter((c) => c.type === t);
    const caps = cpus.map((c) => c.capacity);
    const linux = cpus.map((c) => c.linuxCapacity);
    const cap = span(Math.min(...caps), Math.max(...caps));
    const lin = span(Math.min(...linux), Math.max(...linux));
    return `${t} ×${cpus.length} cap ${cap}${lin === cap ? "" : ` (Linux ${lin})`}`;
  });
  return [
    m.description ? `${m.name} — ${m.description}` : m.name,
    [
      plural(m.cpus.length, "CPU"),
      plural(cores.length, "core"),
      `${plural(
        count((c) => c.cluster),
        "L2 cluster",
      )}`,
      plural(
        count((c) => c.llc),
        "LLC",
      ),
      plural(
        count((c) => c.node),
        "node",
      ),
      maxThreads > 1 ? `SMT ×${maxThreads}` : "no SMT",
    ].join(" · "),
    `types: ${types.join(" · ")}`,
  ];
}

function domainKey(d: FreqDomain): string {
  return JSON.stringify(d.opps);
}

function freqLines(m: Machine): string[] {
  const nominal = !m.hasEnergy && m.freqDomains.every((d) => d.opps.length === 1);
  if (nominal) return ["frequency: no frequency data (one fixed OPP per domain, no energy model)"];
  // Consecutive domains with the same OPP table print as one line (x86: one domain per core).
  const groups: { first: number; domains: FreqDomain[] }[] = [];
  m.freqDomains.forEach((d, i) => {
    const g = groups[groups.length - 1];
    if (g && domainKey(g.domains[0] as FreqDomain) === domainKey(d)) g.domains.push(d);
    else groups.push({ first: i, domains: [d] });
  });
  const lines = [`frequency domains (${m.hasEnergy ? "with" : "no"} energy model):`];
  for (const g of groups) {
    const d = g.domains[0] as FreqDomain;
    const lo = d.opps[0];
    const hi = d.opps[d.opps.length - 1];
    if (!lo || !hi) continue;
    const ids =
      g.domains.length === 1
        ? `fd ${g.first}`
        : `fd ${g.first}-${g.first + g.domains.length - 1} ×${g.domains.length}`;
    const domainCpus = g.domains.flatMap((x) => x.cpus);
    const cpus = `${domainCpus.length === 1 ? "cpu" : "cpus"} ${idRanges(domainCpus)}`;
    const power =
      lo.powerMw === null || hi.powerMw === null ? "" : ` · ${lo.powerMw}-${hi.powerMw} mW per CPU`;
    lines.push(`  ${ids} · ${cpus} · ${d.opps.length} OPPs ${span(lo.mhz, hi.mhz)} MHz${power}`);
  }
  return lines;
}

function costLines(m: Machine): string[] {
  const c = m.costs;
  const mig = c.migrationNs;
  const exits = m.cpus.map((x) => x.idleExitLatencyNs);
  const idlePower = m.cpus.map((x) => x.idlePowerMw);
  const hasSmt = new Set(m.cpus.map((x) => x.core)).size < m.cpus.length;
  const range = (xs: number[], f: (n: number) => string) => {
    const lo = Math.min(...xs);
    const hi = Math.max(...xs);
    return lo === hi ? f(lo) : `${f(lo)} to ${f(hi)}`;
  };
  return [
    [
      `costs: context switch ${formatNs(c.contextSwitchNs)}`,
      hasSmt ? `SMT co-run speed ×${c.smtCorunFactor}` : "",
      `migration core ${formatNs(mig.core)}, cluster ${formatNs(mig.cluster)}, LLC ${formatNs(mig.llc)}, node ${formatNs(mig.node)}`,
    ]
      .filter(Boolean)
      .join(" · "),
    `idle: exit ${range(exits, formatNs)} · power ${range(idlePower, (n) => `${n} mW`)} · ` +
      `tick ${m.hz === 0 ? "none (tickless)" : `${m.hz} Hz`}`,
  ];
}

export function drawTopology(m: Machine): string {
  const body = topologyTree(m).flatMap((t) => tree(t.label, t.children, "", true, true));
  return [...summaryLines(m), "", ...body, "", ...freqLines(m), ...costLines(m)].join("\n");
}
