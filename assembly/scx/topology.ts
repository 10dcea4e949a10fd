// What a real scheduler reads from sysfs about the machine (sched_ext.md §7), as helpers:
// capacity, core type, SMT siblings, L2 cluster, LLC and NUMA node of a CPU, the CPUs of an
// LLC or node, and whether capacities differ enough to count as big/LITTLE.

import { Cpumask } from "./cpumask";
import { cpus, ncpus, nrLlcs, nrNodes, nrClusters, llcMasks, nodeMasks, asymCapacity, smtActive } from "./machine";

function ok(cpu: i32): bool {
  return cpu >= 0 && cpu < ncpus;
}

/** NUMA node of `cpu` (scx_bpf_cpu_node). */
export function scx_bpf_cpu_node(cpu: i32): i32 {
  return ok(cpu) ? unchecked(cpus[cpu]).node : -1;
}
export function scx_bpf_nr_node_ids(): u32 {
  return <u32>nrNodes;
}
/** `/sys/devices/system/cpu/cpuN/cpu_capacity`: 1..1024. */
export function cpu_capacity(cpu: i32): u32 {
  return ok(cpu) ? <u32>unchecked(cpus[cpu]).linuxCapacity : 0;
}
/** The machine's core type index of `cpu` (0 = first type listed in the machine). */
export function cpu_core_type(cpu: i32): i32 {
  return ok(cpu) ? unchecked(cpus[cpu]).type : -1;
}
/** `topology/core_id`: CPUs with the same core id are SMT siblings. */
export function cpu_core_id(cpu: i32): i32 {
  return ok(cpu) ? unchecked(cpus[cpu]).core : -1;
}
/** `topology/cluster_id` (L2 cluster). */
export function cpu_cluster_id(cpu: i32): i32 {
  return ok(cpu) ? unchecked(cpus[cpu]).cluster : -1;
}
/** The last-level cache of `cpu`. */
export function cpu_llc_id(cpu: i32): i32 {
  return ok(cpu) ? unchecked(cpus[cpu]).llc : -1;
}
/** `cpu` and its SMT siblings (`topology/thread_siblings`). */
export function cpu_smt_mask(cpu: i32): Cpumask {
  const m = new Cpumask();
  if (ok(cpu)) m.copyFrom(unchecked(cpus[cpu]).smtMask);
  return m;
}
export function llc_cpumask(llc: i32): Cpumask {
  const m = new Cpumask();
  if (llc >= 0 && llc < nrLlcs) m.copyFrom(llcMasks[llc]);
  return m;
}
export function node_cpumask(node: i32): Cpumask {
  const m = new Cpumask();
  if (node >= 0 && node < nrNodes) m.copyFrom(nodeMasks[node]);
  return m;
}
export function nr_llc_ids(): i32 {
  return nrLlcs;
}
export function nr_cluster_ids(): i32 {
  return nrClusters;
}
/** Is SMT active (some core has more than one CPU)? `/sys/devices/system/cpu/smt/active`. */
export function smt_active(): bool {
  return smtActive;
}
/** Big/LITTLE: the largest capacity is at least 1.3× the smallest (scx_utils' rule). */
export function is_asymmetric(): bool {
  return asymCapacity;
}
