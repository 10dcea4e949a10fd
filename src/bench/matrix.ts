// The matrix of `bench` (and the single row of `compare`): policies × knob settings × machines ×
// workloads × seeds, in a fixed order — machine, then workload, then policy (in --policy order)
// with its knob settings, then seed. Loading happens once per machine, workload and policy;
// each cell makes its RunRequest only when it is about to run.
//
// Shards: cell number k (0-based, in that order) belongs to shard (k mod n) + 1. The partition
// depends only on the matrix, so n jobs given the same options split it without overlap, and
// interleaving spreads slow policies and machines evenly over the shards.

import type { Deps, MachineLike } from "../cli/deps.ts";
import type { Io } from "../cli/io.ts";
import { checkParamsKnown, resolveKnobs } from "../cli/knobs.ts";
import { DEFAULT_DURATION_NS } from "../cli/setup.ts";
import { InputError } from "../errors.ts";
import type { CompiledPolicy, RunRequest } from "../sim/types.ts";
import { uniqueLabels, variantLabel } from "./aggregate.ts";
import { expandSweep, type KnobValue, type ParsedParams } from "./params.ts";
import { cellKey, type Variant, variantKey } from "./results.ts";

export interface MatrixSpec {
  policies: string[];
  params: ParsedParams;
  /** Machine presets or files. */
  machines: string[];
  /** `--cpus N` machines. */
  cpus: number[];
  workloads: string[];
  seeds: number[];
  /** Undefined: each workload's own duration, else 10 s. */
  durationNs?: number;
  trace?: boolean;
  log?: boolean;
}

export interface MatrixCell {
  /** Position in the whole matrix. */
  index: number;
  key: string;
  policy: CompiledPolicy;
  variant: Variant;
  machine: string;
  workload: string;
  seed: number;
  durationNs: number;
  request(): RunRequest;
}

export interface Matrix {
  cells: MatrixCell[];
  variants: Variant[];
  machines: string[];
  workloads: string[];
}

interface LoadedWorkload {
  name: string;
  data: Float64Array;
  groupNames: string[];
  durationNs: number;
}

/**
 * Loads everything the matrix names and lists its cells. Knobs: a --param applies to each
 * policy that has the knob and must belong to at least one of them; settings a policy cannot
 * tell apart (a swept knob it does not have) collapse into one variant. With `allowSameName`
 * (compare), two policies of the same name become two columns (`simple#2`); bench
 * refuses them, since their results could not be told apart in the file.
 */
export async function buildMatrix(
  spec: MatrixSpec,
  deps: Deps,
  io: Io,
  opts: { allowSameName?: boolean } = {},
): Promise<Matrix> {
  // Machines and workloads first: their errors are cheaper than a compile.
  const machines: MachineLike[] = [];
  for (const n of spec.cpus) machines.push(await deps.machineFromCpus(n));
  for (const name of spec.machines) machines.push(await deps.loadMachine(name));
  const machineNames = machines.map((m) => m.name);
  const dupMachine = machineNames.find((n, i) => machineNames.indexOf(n) !== i);
  if (dupMachine !== undefined)
    throw new InputError(`machine "${dupMachine}" is named twice in the matrix`);

  const encoded: { data: Float64Array; cpuTypeNames: string[] }[] = [];
  const workloadsByMachine: LoadedWorkload[][] = [];
  for (const machine of machines) {
    const ncpus = machine.cpus.length;
    const em = await deps.encodeMachine(machine);
    encoded.push(em);
    const loaded: LoadedWorkload[] = [];
    for (const name of spec.workloads) {
      const { workload, warnings } = await deps.loadWorkload(name, { ncpus });
      for (const w of warnings) io.err(`warning: ${w}\n`);
      const ew = await deps.encodeWorkload(workload, { ncpus, cpuTypeNames: em.cpuTypeNames });
      loaded.push({
        name: workload.name,
        data: ew.data,
        groupNames: ew.groupNames,
        durationNs:
          spec.durationNs ?? (await deps.workloadDurationNs(workload)) ?? DEFAULT_DURATION_NS,
      });
    }
    const wn = loaded.map((w) => w.name);
    const dup = wn.find((n, i) => wn.indexOf(n) !== i);
    if (dup !== undefined) throw new InputError(`workload "${dup}" is named twice in the matrix`);
    workloadsByMachine.push(loaded);
  }

  const policies: CompiledPolicy[] = [];
  for (const name of spec.policies) policies.push(await deps.loadPolicy(name));
  const allParams = { ...spec.params.params };
  for (const [k, vs] of Object.entries(spec.params.sweep)) allParams[k] = vs[0];
  checkParamsKnown(policies, allParams);
  const settings = expandSweep(spec.params);

  // Variants: per policy, its distinct knob settings.
  const perPolicy: { policy: CompiledPolicy; params: Record<string, KnobValue>[] }[] = [];
  for (const policy of policies) {
    const seen = new Set<string>();
    const list: Record<string, KnobValue>[] = [];
    for (const s of settings) {
      const params = resolveKnobs(policy, s, true);
      const k = variantKey({ policy: policy.name, params });
      if (!seen.has(k)) {
        seen.add(k);
        list.push(params);
      }
    }
    perPolicy.push({ policy, params: list });
  }
  const rawLabels = perPolicy.flatMap(({ policy, params }) =>
    params.map((p) => variantLabel(policy.name, p, params)),
  );
  const labels = opts.allowSameName ? uniqueLabels(rawLabels) : rawLabels;
  const variants: (Variant & { compiled: CompiledPolicy })[] = [];
  let li = 0;
  for (const { policy, params } of perPolicy) {
    for (const p of params)
      variants.push({ policy: policy.name, params: p, label: labels[li++], compiled: policy });
  }
  if (!opts.allowSameName) {
    const keys = variants.map(variantKey);
    const dup = keys.findIndex((k, i) => keys.indexOf(k) !== i);
    if (dup >= 0) {
      const v = variants[dup];
      throw new InputError(
        `--policy: two policies are named "${v.policy}" (a policy is named after its file, or is a built-in) and run with the same knobs; their results could not be told apart (rename one file)`,
      );
    }
  }

  const cells: MatrixCell[] = [];
  machines.forEach((machine, mi) => {
    const em = encoded[mi];
    for (const w of workloadsByMachine[mi]) {
      for (const v of variants) {
        for (const seed of spec.seeds) {
          const variant: Variant = { policy: v.policy, params: v.params, label: v.label };
          cells.push({
            index: cells.length,
            key: cellKey({
              policy: v.policy,
              params: v.params,
              machine: machine.name,
              workload: w.name,
              seed,
            }),
            policy: v.compiled,
            variant,
            machine: machine.name,
            workload: w.name,
            seed,
            durationNs: w.durationNs,
            request: () => ({
              policy: v.compiled,
              params: v.params,
              machineName: machine.name,
              // Each request owns its arrays: a worker may take (transfer) them.
              machine: em.data.slice(),
              workloadName: w.name,
              workload: w.data.slice(),
              groupNames: w.groupNames,
              cpuTypeNames: em.cpuTypeNames,
              seed,
              durationNs: w.durationNs,
              trace: spec.trace === true,
              log: spec.log === true,
            }),
          });
        }
      }
    }
  });
  return {
    cells,
    variants: variants.map(({ policy, params, label }) => ({ policy, params, label })),
    machines: machineNames,
    workloads: workloadsByMachine[0]?.map((w) => w.name) ?? [],
  };
}

/** "2/5" → { index: 2, count: 5 }. */
export function parseShard(text: string): { index: number; count: number } {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = m ? Number(m[1]) : Number.NaN;
  const count = m ? Number(m[2]) : Number.NaN;
  if (!m || !(count >= 1) || !(index >= 1 && index <= count) || count > 1_000_000) {
    throw new InputError(`--shard ${JSON.stringify(text)}: expected I/N with 1 ≤ I ≤ N, e.g. 1/4`);
  }
  return { index, count };
}

/** Whether cell number `index` of the matrix belongs to shard i of n. */
export function inShard(index: number, shard: { index: number; count: number } | null): boolean {
  return shard === null || index % shard.count === shard.index - 1;
}
