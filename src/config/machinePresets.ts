// The built-in machines: one machine file per real chip in machines/, imported statically so
// that Vite bundles them for the browser and Node (tsx, vitest) reads them the same way. The
// order here is the order `list machines` shows: by vendor (Apple, Intel, AMD), then Arm SoCs.

import appleM1 from "./machines/apple-m1.json" with { type: "json" };
import appleM2Pro from "./machines/apple-m2-pro.json" with { type: "json" };
import coreUltra7155h from "./machines/core-ultra-7-155h.json" with { type: "json" };
import epyc9654Nps1 from "./machines/epyc-9654-nps1.json" with { type: "json" };
import epyc9654Nps4 from "./machines/epyc-9654-nps4.json" with { type: "json" };
import i713700 from "./machines/i7-13700.json" with { type: "json" };
import i912900k from "./machines/i9-12900k.json" with { type: "json" };
import raspberryPi5 from "./machines/raspberry-pi-5.json" with { type: "json" };
import rk3399 from "./machines/rk3399.json" with { type: "json" };
import ryzen97950x from "./machines/ryzen-9-7950x.json" with { type: "json" };
import ryzenAi9Hx370 from "./machines/ryzen-ai-9-hx-370.json" with { type: "json" };
import snapdragon8Gen2 from "./machines/snapdragon-8-gen-2.json" with { type: "json" };
import snapdragon8Gen3 from "./machines/snapdragon-8-gen-3.json" with { type: "json" };
import tensorG1 from "./machines/tensor-g1.json" with { type: "json" };
import xeon63262s from "./machines/xeon-6326-2s.json" with { type: "json" };

/** Preset name → its machine file, unparsed (machine.ts validates it like a user's file). */
export const MACHINE_PRESETS: Readonly<Record<string, unknown>> = {
  "apple-m1": appleM1,
  "apple-m2-pro": appleM2Pro,
  "i9-12900k": i912900k,
  "i7-13700": i713700,
  "core-ultra-7-155h": coreUltra7155h,
  "xeon-6326-2s": xeon63262s,
  "ryzen-9-7950x": ryzen97950x,
  "ryzen-ai-9-hx-370": ryzenAi9Hx370,
  "epyc-9654-nps1": epyc9654Nps1,
  "epyc-9654-nps4": epyc9654Nps4,
  "snapdragon-8-gen-2": snapdragon8Gen2,
  "snapdragon-8-gen-3": snapdragon8Gen3,
  "tensor-g1": tensorG1,
  "raspberry-pi-5": raspberryPi5,
  rk3399: rk3399,
};

export function presetNames(): string[] {
  return Object.keys(MACHINE_PRESETS);
}

/** The `description` of a preset file, read without validating the whole file. */
export function presetDescription(name: string): string {
  const file = MACHINE_PRESETS[name] as { description?: unknown } | undefined;
  return typeof file?.description === "string" ? file.description : "";
}
