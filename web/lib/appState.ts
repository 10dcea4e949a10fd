// The playground's shareable state: one typed object, declared once, with one codec
// (./urlCodec.ts) — the TensorFlow Playground's idea. Everything a run depends on is here, so
// a link reproduces a run exactly; view details (zoom, hover, pinned runs) are not.
import { DEFAULT_POLICY } from "./builtinPolicies.ts";

export interface AppState {
  /** The built-in policy the source started from; also the policy's name in results. */
  policy: string;
  /** The policy source in the editor. */
  source: string;
  /** A machine preset name. */
  machine: string;
  /** A workload preset name, or "custom" (then `workloadJson` holds it). */
  workload: string;
  /** The custom workload's JSON text (kept as typed, comments and all). */
  workloadJson: string;
  /** Simulated time in ns. */
  durationNs: number;
  seed: number;
  /** Knob values the user set; knobs left out keep the policy's defaults. */
  knobs: Record<string, number | boolean>;
  /** The lesson open (a folder of lessons/), "" for none: it supplies machine and workload. */
  lesson: string;
}

export const CUSTOM_WORKLOAD = "custom";
export const DEFAULT_MACHINE = "apple-m1";
export const DEFAULT_WORKLOAD = "desktop";
/** A browser run is interactive: short by default. */
export const DEFAULT_DURATION_NS = 1_000_000_000;

export function defaultState(source: string): AppState {
  return {
    policy: DEFAULT_POLICY,
    source,
    machine: DEFAULT_MACHINE,
    workload: DEFAULT_WORKLOAD,
    workloadJson: "",
    durationNs: DEFAULT_DURATION_NS,
    seed: 1,
    knobs: {},
    lesson: "",
  };
}

type Kind = "string" | "number" | "object";

/** Field name → type: what the codec reads back and checks (TF Playground's property table). */
export const STATE_FIELDS: Readonly<Record<keyof AppState, Kind>> = {
  policy: "string",
  source: "string",
  machine: "string",
  workload: "string",
  workloadJson: "string",
  durationNs: "number",
  seed: "number",
  knobs: "object",
  lesson: "string",
};
