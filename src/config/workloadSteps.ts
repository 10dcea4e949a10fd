// The steps of a native program, one JSON object each, recognised by the one key that names
// the step (`{"run": "5ms"}`, `{"barrier": "b", "parties": 4}`). Each step has its own strict
// schema, so a typo in an option is reported against that step, not as "no union member matched".

import { z } from "zod";
import { distribution } from "./distribution.ts";
import { durationNs } from "./duration.ts";
import { count } from "./workloadCount.ts";
import { describeValue, FieldError } from "./workloadFieldError.ts";
import type { Step, WakeCount } from "./workloadTypes.ts";
import { leaf, name, strict } from "./workloadZod.ts";

const dist = leaf(distribution);
const wakeCount = leaf((v): WakeCount => (v === "all" ? "all" : count(v)));
const bytes = z.number().int().min(1);

// Keyed by the step's own key, which decides the schema; each schema yields the Step.
const STEPS = {
  run: strict({ run: dist }, "a run step").transform((s): Step => ({ op: "run", work: s.run })),
  runtime: strict({ runtime: dist }, "a runtime step").transform(
    (s): Step => ({ op: "runtime", time: s.runtime }),
  ),
  sleep: strict({ sleep: dist }, "a sleep step").transform(
    (s): Step => ({ op: "sleep", time: s.sleep }),
  ),
  yield: strict({ yield: z.literal(true) }, "a yield step").transform(
    (): Step => ({ op: "yield" }),
  ),
  wait: strict({ wait: name("an event name") }, "a wait step").transform(
    (s): Step => ({ op: "wait", event: s.wait }),
  ),
  signal: strict(
    {
      signal: name("an event name"),
      count: wakeCount.optional(),
      remember: z.boolean().optional(),
    },
    "a signal step",
  ).transform(
    (s): Step => ({
      op: "signal",
      event: s.signal,
      count: s.count ?? 1,
      remember: s.remember ?? true,
    }),
  ),
  suspend: strict({ suspend: z.literal(true) }, "a suspend step").transform(
    (): Step => ({ op: "suspend" }),
  ),
  wake: strict(
    { wake: name("a group name"), count: wakeCount.optional(), remember: z.boolean().optional() },
    "a wake step",
  ).transform(
    (s): Step => ({ op: "wake", group: s.wake, count: s.count ?? 1, remember: s.remember ?? true }),
  ),
  lock: strict({ lock: name("a mutex name") }, "a lock step").transform(
    (s): Step => ({ op: "lock", mutex: s.lock }),
  ),
  unlock: strict({ unlock: name("a mutex name") }, "an unlock step").transform(
    (s): Step => ({ op: "unlock", mutex: s.unlock }),
  ),
  barrier: strict(
    { barrier: name("a barrier name"), parties: leaf(count).optional() },
    "a barrier step",
  ).transform(
    (s): Step =>
      s.parties === undefined
        ? { op: "barrier", barrier: s.barrier }
        : { op: "barrier", barrier: s.barrier, parties: s.parties },
  ),
  period: strict(
    { period: dist, deadline: leaf(durationNs).optional() },
    "a period step",
  ).transform((s): Step => ({ op: "period", period: s.period, deadlineNs: s.deadline ?? 0 })),
  timer: strict(
    {
      timer: dist,
      mode: z.enum(["relative", "absolute"]).optional(),
      ref: name("a timer name").optional(),
    },
    "a timer step",
  ).transform(
    (s): Step => ({
      op: "timer",
      period: s.timer,
      mode: s.mode ?? "relative",
      ref: s.ref ?? "timer",
    }),
  ),
  spawn: strict(
    { spawn: name("a group name"), count: leaf(count).optional() },
    "a spawn step",
  ).transform((s): Step => ({ op: "spawn", group: s.spawn, count: s.count ?? 1 })),
  send: strict({ send: name("a channel name"), bytes }, "a send step").transform(
    (s): Step => ({ op: "send", channel: s.send, bytes: s.bytes }),
  ),
  recv: strict({ recv: name("a channel name"), bytes }, "a recv step").transform(
    (s): Step => ({ op: "recv", channel: s.recv, bytes: s.bytes }),
  ),
  repeat: strict(
    { repeat: z.number().int().min(1), steps: z.array(z.lazy(() => step)).min(1) },
    "a repeat step",
  ).transform((s): Step => ({ op: "repeat", times: s.repeat, steps: s.steps })),
};

type StepKey = keyof typeof STEPS;
const STEP_KEYS = Object.keys(STEPS) as StepKey[];

/** One program step: a JSON object → Step. */
export const step: z.ZodType<Step, unknown> = z.unknown().transform((value, ctx): Step => {
  try {
    const key = stepKey(value);
    const parsed = STEPS[key].safeParse(value);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) ctx.addIssue({ ...issue });
      return z.NEVER;
    }
    return parsed.data;
  } catch (e) {
    if (!(e instanceof FieldError)) throw e;
    ctx.addIssue({ code: "custom", message: e.message, path: [...e.path] });
    return z.NEVER;
  }
});

function stepKey(value: unknown): StepKey {
  const example = `a step object such as {"run": "5ms"} or {"sleep": "1ms"}`;
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new FieldError(`expected ${example}, got ${describeValue(value)}`);
  }
  const keys = Object.keys(value).filter((k): k is StepKey => (STEP_KEYS as string[]).includes(k));
  if (keys.length === 1) return keys[0] as StepKey;
  if (keys.length > 1)
    throw new FieldError(`a step does one thing; found ${keys.join(" and ")} in the same object`);
  throw new FieldError(
    `unknown step ${describeValue(value)}: expected an object with one of ${STEP_KEYS.join(", ")}`,
  );
}
