// What the CLI needs from the rest of the host, as one object. The real implementations are
// imported lazily, so `help` and `list` do not pay for loading the compiler, and tests can run
// every command in-process with stand-ins.

import type { CompiledPolicy, RawRun, RunRequest } from "../sim/types.ts";

export interface Listing {
  name: string;
  description: string;
}

/** The parts of a machine the CLI looks at itself; the rest is passed through. */
export interface MachineLike {
  name: string;
  cpus: readonly unknown[];
}

export interface WorkloadLike {
  name: string;
}

/** Simulations on a pool of worker threads of a chosen size (`bench --jobs N`). */
export interface SimPool {
  run(
    req: RunRequest,
    opts?: { signal?: AbortSignal; onProgress?(simNs: number): void },
  ): Promise<RawRun>;
  close(): Promise<void>;
}

export interface Deps {
  listPolicies(): Promise<Listing[]>;
  listMachines(): Promise<Listing[]>;
  listWorkloads(): Promise<Listing[]>;
  loadPolicy(nameOrFile: string): Promise<CompiledPolicy>;
  loadMachine(nameOrFile: string): Promise<MachineLike>;
  machineFromCpus(n: number): Promise<MachineLike>;
  drawTopology(m: MachineLike): Promise<string>;
  /** A machine file a user can edit and load back (every number, defaults included). */
  exportMachine(m: MachineLike): Promise<object>;
  encodeMachine(m: MachineLike): Promise<{ data: Float64Array; cpuTypeNames: string[] }>;
  loadWorkload(
    nameOrFile: string,
    opts: { ncpus: number },
  ): Promise<{ workload: WorkloadLike; warnings: string[] }>;
  encodeWorkload(
    w: WorkloadLike,
    opts: { ncpus: number; cpuTypeNames: string[] },
  ): Promise<{ data: Float64Array; groupNames: string[] }>;
  workloadDurationNs(w: WorkloadLike): Promise<number | undefined>;
  /**
   * One simulation on a worker thread. Always a worker, even for a single run: a policy stuck
   * in an endless loop cannot be stopped from its own thread, and the pool reports it as an
   * ejection. Calls made together run in parallel.
   */
  simulate(req: RunRequest): Promise<RawRun>;
  /**
   * A pool of `size` workers of its own (bench). Optional: without it, bench runs its cells
   * through `simulate`, at most `size` at a time.
   */
  openPool?(size: number): Promise<SimPool>;
}

const compile = () => import("../compile/index.ts");
const machines = () => import("../config/machine.ts");
const topology = () => import("../config/drawTopology.ts");
const workloads = () => import("../config/workload.ts");

type Machine = import("../config/machine.ts").Machine;
type Workload = import("../config/workload.ts").Workload;

/** The real host modules. Machines and workloads passed back in are the ones they returned. */
export const realDeps: Deps = {
  listPolicies: async () => (await compile()).listBuiltinPolicies(),
  listMachines: async () => (await machines()).listMachines(),
  listWorkloads: async () => (await workloads()).listWorkloads(),
  loadPolicy: async (nameOrFile) => (await compile()).loadPolicy(nameOrFile),
  loadMachine: async (nameOrFile) => (await machines()).loadMachine(nameOrFile),
  machineFromCpus: async (n) => (await machines()).machineFromCpus(n),
  drawTopology: async (m) => (await topology()).drawTopology(m as Machine),
  exportMachine: async (m) => (await machines()).exportMachine(m as Machine),
  encodeMachine: async (m) => (await machines()).encodeMachine(m as Machine),
  loadWorkload: async (nameOrFile, opts) => (await workloads()).loadWorkload(nameOrFile, opts),
  encodeWorkload: async (w, opts) => (await workloads()).encodeWorkload(w as Workload, opts),
  workloadDurationNs: async (w) => (await workloads()).workloadDurationNs(w as Workload),
  simulate: async (req) => (await import("../sim/pool.ts")).runInWorker(req),
  openPool: async (size) => new (await import("../sim/pool.ts")).WorkerPool(size),
};
