// The built-in workloads, by name. Static imports, so Node (tsx) and Vite bundle them alike;
// each is parsed through the same schema as a user's file the first time it is asked for.

import { parseWorkload } from "../workloadParse.ts";
import type { Workload } from "../workloadTypes.ts";
import biglittle from "./biglittle.ts";
import cyclictest from "./cyclictest.ts";
import desktop from "./desktop.ts";
import { game60, game120 } from "./game.ts";
import hackbench from "./hackbench.ts";
import hogs from "./hogs.ts";
import make from "./make.ts";
import mm1 from "./mm1.ts";
import mmc from "./mmc.ts";
import { periodic, ramp, step } from "./rtapp.ts";
import schbench from "./schbench.ts";
import server from "./server.ts";

interface PresetJson {
  name: string;
  description: string;
}

// Listing order: the simple and validating ones first, then the benchmarks.
const PRESETS: readonly PresetJson[] = [
  hogs,
  desktop,
  server,
  mm1,
  mmc,
  schbench,
  hackbench,
  game60,
  game120,
  make,
  periodic,
  ramp,
  step,
  biglittle,
  cyclictest,
];

const cache = new Map<string, Workload>();

export function presetNames(): string[] {
  return PRESETS.map((p) => p.name);
}

export function listWorkloads(): { name: string; description: string }[] {
  return PRESETS.map((p) => ({ name: p.name, description: p.description }));
}

/** The preset's raw JSON (what a user would write in a file), or undefined. */
export function presetJson(name: string): unknown {
  return PRESETS.find((p) => p.name === name);
}

/** A fresh copy of the parsed preset, or undefined when there is no preset by that name. */
export function presetWorkload(name: string): Workload | undefined {
  const json = presetJson(name);
  if (json === undefined) return undefined;
  let w = cache.get(name);
  if (!w) {
    w = parseWorkload(json, `preset "${name}"`);
    cache.set(name, w);
  }
  return structuredClone(w);
}
