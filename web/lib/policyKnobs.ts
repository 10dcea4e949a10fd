// The knobs the knobs panel lists. The compiled module knows them exactly (with defaults), but
// it lags behind the editor by a compile; a scan of the source follows every keystroke. So:
// the module's list when it was built from this very source, else the scan, with the defaults
// the last compile gave for knobs that kept their name and type.
import { scanKnobs } from "../../src/compile/scanOps.ts";
import type { CompiledPolicy, KnobInfo } from "../../src/sim/types.ts";

export type ListedKnob = Omit<KnobInfo, "defaultValue"> & { defaultValue?: number | boolean };

export function knobsToList(source: string, compiled: CompiledPolicy | null): ListedKnob[] {
  if (compiled && compiled.source === source) return compiled.knobs;
  return scanKnobs(source).map((k) => ({
    ...k,
    defaultValue: compiled?.knobs.find((x) => x.name === k.name && x.type === k.type)?.defaultValue,
  }));
}
