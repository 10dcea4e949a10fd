// The simulated machine after validation: every default filled in, every id dense, CPUs in id
// order. Everything downstream (encoding, drawing, the UI) reads this shape, never the raw file,
// so optional fields and their defaults are decided in one place (machineNormalize.ts).

/** One logical CPU (a hardware thread). */
export interface MachineCpu {
  /** 0..N-1, equal to the CPU's index in `Machine.cpus`. */
  id: number;
  /** Core type name as written in the file, e.g. "P", "E", "little_A510". */
  type: string;
  /** Index of `type` in `Machine.cpuTypes` (order of first appearance by CPU id). */
  typeIndex: number;
  /** True relative throughput at the domain's highest OPP, 1..1024 (biggest core = 1024). */
  capacity: number;
  /** What Linux reports in cpu_capacity (and scx_bpf_cpuperf_cap returns), 1..1024. */
  linuxCapacity: number;
  /** Physical core: CPUs with the same core are SMT siblings. Dense 0..cores-1. */
  core: number;
  /** L2 cluster (CPUs sharing an L2). Dense 0..clusters-1. */
  cluster: number;
  /** Last-level cache. Dense 0..llcs-1. */
  llc: number;
  /** NUMA node. Dense 0..nodes-1. */
  node: number;
  /** Index into `Machine.freqDomains`. */
  freqDomain: number;
  /** Extra time the first task pays on a CPU that was idle. */
  idleExitLatencyNs: number;
  /** Power drawn while idle, mW. */
  idlePowerMw: number;
}

/** An operating point: a frequency and, when the machine has an energy model, its power. */
export interface Opp {
  mhz: number;
  /** Active power of one busy CPU at this OPP, mW; null when the machine has no energy model. */
  powerMw: number | null;
}

/** CPUs whose frequency changes together (one clock / DVFS policy). */
export interface FreqDomain {
  /** CPU ids, ascending. */
  cpus: number[];
  /** Ascending by mhz; the last is the domain's maximum (speed factor 1.0). */
  opps: Opp[];
}

/** Extra work (ns) a task pays after moving, by the widest boundary it crossed. */
export interface MigrationCosts {
  /** Another core of the same L2 cluster. */
  core: number;
  /** Another L2 cluster of the same LLC. */
  cluster: number;
  /** Another LLC of the same node. */
  llc: number;
  /** Another NUMA node. */
  node: number;
}

export interface MachineCosts {
  contextSwitchNs: number;
  /** Speed of each SMT sibling while both are busy, 0 < f <= 1 (1 = no slowdown). */
  smtCorunFactor: number;
  migrationNs: MigrationCosts;
  /**
   * CPU time charged per unit of work a callback did (a loop iteration or a call of policy
   * code, as the budget counts them), on the CPU that ran it; 0 = the policy costs nothing.
   */
  policyNsPerUnit: number;
}

export interface Machine {
  name: string;
  /** One line, for `list machines`. Empty when the file has none. */
  description: string;
  sources: string[];
  notes: string;
  cpus: MachineCpu[];
  /** Core type names by type index. */
  cpuTypes: string[];
  costs: MachineCosts;
  /** Tick rate for ops.tick and slice checks; 0 = tickless. */
  hz: number;
  /** sched_ext watchdog timeout; 0 = the kernel's default (30 s). */
  watchdogTimeoutMs: number;
  freqDomains: FreqDomain[];
  /** True when every OPP has a power figure, so the run can report energy. */
  hasEnergy: boolean;
}
