// rt-app's `global` object: the use case's duration (seconds; -1 = until every thread ends) and
// the default policy matter to a simulation; calibration, logging and host options do not, and
// each ignored key is named in a warning.

import type { FieldPath } from "../workloadFieldError.ts";
import type { RtContext } from "./context.ts";
import { type RtPolicy, readPolicy } from "./policy.ts";
import type { RtObject } from "./tree.ts";

const HOST_OPTIONS = new Set([
  "lock_pages",
  "logdir",
  "log_basename",
  "log_size",
  "ftrace",
  "gnuplot",
  "io_device",
  "mem_buffer_size",
  "cumulative_slack",
  "frag",
]);

export interface RtGlobal {
  durationNs?: number;
  defaultPolicy: RtPolicy;
}

export function convertGlobal(ctx: RtContext, node: RtObject | undefined): RtGlobal {
  const out: RtGlobal = { defaultPolicy: "SCHED_OTHER" };
  if (!node) return out;
  const ignored: string[] = [];
  for (const e of node.entries) {
    const p: FieldPath = ["global", e.key];
    switch (e.key) {
      case "duration": {
        const s = ctx.int(e.value, p, -1);
        if (s > 0) out.durationNs = s * 1e9;
        else if (s === 0) ctx.warn(p, "0 s: ignored; the run's own --duration (or 10 s) applies");
        break;
      }
      case "default_policy":
        out.defaultPolicy = readPolicy(ctx, ctx.string(e.value, p), p);
        break;
      case "calibration":
        ctx.warn(
          p,
          "ignored: run events are work on a reference CPU (capacity 1024, full speed), no calibration needed",
        );
        break;
      case "pi_enabled":
        if (ctx.bool(e.value, p))
          ctx.warn(p, "not simulated (priority inheritance): a mutex owner is not boosted");
        break;
      default:
        if (HOST_OPTIONS.has(e.key)) ignored.push(e.key);
        else ctx.warn(p, "unknown key, ignored");
    }
  }
  if (ignored.length > 0) {
    ctx.warnings.push(
      `${ignored.map((k) => `global.${k}`).join(", ")}: ignored (logging and host options)`,
    );
  }
  return out;
}
