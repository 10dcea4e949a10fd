// Where a Machine comes from: a preset name, a machine file (CONTRACT.md "Machine file"), or
// `--cpus N`. Every path goes through the same validation, so a preset is exactly as strict as
// a user's file and an exported preset loads back unchanged.

import { InputError } from "../errors.ts";
import { checkMachineFile } from "./machineChecks.ts";
import { MAX_CPUS, NOMINAL_MHZ } from "./machineDefaults.ts";
import { issuesFromZod, throwIssues } from "./machineIssues.ts";
import type { Machine } from "./machineModel.ts";
import { normalizeMachine } from "./machineNormalize.ts";
import { MACHINE_PRESETS, presetDescription, presetNames } from "./machinePresets.ts";
import { machineFileSchema } from "./machineSchema.ts";

export { encodeMachine } from "./machineEncode.ts";
export { exportMachine } from "./machineExport.ts";
export type {
  FreqDomain,
  Machine,
  MachineCosts,
  MachineCpu,
  MigrationCosts,
  Opp,
} from "./machineModel.ts";

/** Validates a machine file (already JSON-parsed) and returns it with every default filled in.
 * Throws InputError naming `file` and the field path of the first problem. */
export function parseMachine(json: unknown, file?: string): Machine {
  const shaped = machineFileSchema.safeParse(json);
  if (!shaped.success) throwIssues(issuesFromZod(shaped.error.issues, json), file);
  const issues = checkMachineFile(shaped.data);
  if (issues.length > 0) throwIssues(issues, file);
  return normalizeMachine(shaped.data);
}

/** `--cpus N`: N identical CPUs of capacity 1024, no SMT, one LLC, one node, every overhead
 * zero and tickless — an ideal machine for checking a policy against theory. */
export function machineFromCpus(n: number): Machine {
  if (!Number.isInteger(n) || n < 1 || n > MAX_CPUS) {
    throw new InputError(`expected an integer from 1 to ${MAX_CPUS}, got ${n}`, {
      field: "--cpus",
    });
  }
  const ids = Array.from({ length: n }, (_, i) => i);
  return {
    name: `cpus-${n}`,
    description: `${n} identical CPUs, no SMT, one LLC, one node, no overheads, tickless`,
    sources: [],
    notes: "",
    cpus: ids.map((id) => ({
      id,
      type: "cpu",
      typeIndex: 0,
      capacity: 1024,
      linuxCapacity: 1024,
      core: id,
      cluster: id,
      llc: 0,
      node: 0,
      freqDomain: 0,
      idleExitLatencyNs: 0,
      idlePowerMw: 0,
    })),
    cpuTypes: ["cpu"],
    costs: {
      contextSwitchNs: 0,
      smtCorunFactor: 1,
      migrationNs: { core: 0, cluster: 0, llc: 0, node: 0 },
      policyNsPerUnit: 0,
    },
    hz: 0,
    watchdogTimeoutMs: 0,
    freqDomains: [{ cpus: ids, opps: [{ mhz: NOMINAL_MHZ, powerMw: null }] }],
    hasEnergy: false,
  };
}

export function listMachines(): { name: string; description: string }[] {
  return presetNames().map((name) => ({ name, description: presetDescription(name) }));
}

/** A preset by name (case-insensitive), or a machine file when the argument ends in `.json`. */
export async function loadMachine(nameOrFile: string): Promise<Machine> {
  if (nameOrFile.toLowerCase().endsWith(".json"))
    return parseMachine(await readJsonFile(nameOrFile), nameOrFile);
  const name = presetNames().find((p) => p === nameOrFile.toLowerCase());
  if (!name) {
    throw new InputError(
      `unknown machine "${nameOrFile}"; presets: ${presetNames().join(", ")} (or give a machine file ending in .json, or --cpus N)`,
      { field: "--machine" },
    );
  }
  return parseMachine(MACHINE_PRESETS[name], `preset ${name}`);
}

async function readJsonFile(path: string): Promise<unknown> {
  // Imported on use: the browser bundle only ever loads presets, never files.
  const { readFile } = await import("node:fs/promises");
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    throw new InputError(`cannot read the machine file: ${(e as Error).message}`, { file: path });
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new InputError(`not valid JSON: ${(e as Error).message}`, { file: path });
  }
}
