// rt-app recognises an event by the *prefix* of its key (`run1`, `sleep_long` and, unluckily,
// `lockstep` are events), so that one phase can list the same event many times. This file says
// which event a key is and turns one event into native steps.

import { constant } from "../distribution.ts";
import type { FieldPath } from "../workloadFieldError.ts";
import type { Step } from "../workloadTypes.ts";
import type { RtContext } from "./context.ts";
import { lastEntry, type RtEntry } from "./tree.ts";

// rt-app.md §1; matched longest first so `runtime` is not `run` and `memrun` is not `mem`.
const EVENTS = [
  "lock",
  "unlock",
  "wait",
  "signal",
  "broad",
  "sync",
  "sleep",
  "runtime",
  "run",
  "timer",
  "suspend",
  "resume",
  "memrun",
  "mem",
  "iorun",
  "yield",
  "barrier",
  "fork",
  "sem_post",
  "sem_wait",
] as const;
export type RtEvent = (typeof EVENTS)[number];
const LONGEST_FIRST = [...EVENTS].sort((a, b) => b.length - a.length);

export function eventOf(key: string): RtEvent | undefined {
  return LONGEST_FIRST.find((e) => key.startsWith(e));
}

/** Per-thread facts an event needs: its name (value-less suspend), instances, timers seen. */
export interface ThreadInfo {
  name: string;
  instances: number;
  /** Barrier steps, filled with their parties once every thread is known. */
  barriers: Extract<Step, { op: "barrier" }>[];
  /** Fork targets with the path that names them, checked once every thread is known. */
  forks: { target: string; path: FieldPath }[];
}

// Names are kept apart by kind in the encoding; semaphores get a prefix because rt-app keeps
// them apart from condition variables of the same name.
const SEM = "sem:";

export function convertEvent(
  ctx: RtContext,
  entry: RtEntry,
  event: RtEvent,
  path: FieldPath,
  t: ThreadInfo,
): Step[] {
  const v = entry.value;
  if (v === undefined && event !== "suspend" && event !== "yield") {
    ctx.fail(path, `the ${event} event needs a value`, { type: "null", line: entry.line });
  }
  switch (event) {
    case "run":
      return [{ op: "run", work: constant(ctx.micros(v, path)) }];
    case "runtime":
      return [{ op: "runtime", time: constant(ctx.micros(v, path)) }];
    case "sleep":
      return [{ op: "sleep", time: constant(ctx.micros(v, path)) }];
    case "timer":
      return [timer(ctx, entry, path, t)];
    case "lock":
      return [{ op: "lock", mutex: ctx.string(v, path) }];
    case "unlock":
      return [{ op: "unlock", mutex: ctx.string(v, path) }];
    case "wait":
    case "sync":
      return condWait(ctx, entry, event, path);
    case "signal":
      return [{ op: "signal", event: ctx.string(v, path), count: 1, remember: false }];
    case "broad":
      return [{ op: "signal", event: ctx.string(v, path), count: "all", remember: false }];
    case "suspend": {
      if (v === undefined) {
        ctx.warn(
          path,
          `no value: suspends on "${t.name}", the thread's own name, as workgen would fill in`,
        );
        return [{ op: "wait", event: t.name }];
      }
      return [{ op: "wait", event: ctx.string(v, path) }];
    }
    case "resume":
      // rt-app resumes with a broadcast on the named condition: every suspended waiter wakes, and
      // nobody suspended means nothing happens.
      return [{ op: "signal", event: ctx.string(v, path), count: "all", remember: false }];
    case "barrier": {
      const step: Extract<Step, { op: "barrier" }> = {
        op: "barrier",
        barrier: ctx.string(v, path),
      };
      t.barriers.push(step);
      return [step];
    }
    case "yield":
      if (v === undefined) ctx.warn(path, "no value: yields (rt-app ignores the value anyway)");
      return [{ op: "yield" }];
    case "fork": {
      const target = ctx.string(v, path);
      t.forks.push({ target, path });
      return [{ op: "spawn", group: target, count: 1 }];
    }
    case "sem_post":
      return [{ op: "signal", event: SEM + ctx.string(v, path), count: 1, remember: true }];
    case "sem_wait":
      return [{ op: "wait", event: SEM + ctx.string(v, path) }];
    case "mem":
      ctx.warn(path, "not simulated (memory bandwidth); event dropped");
      return [];
    case "memrun":
      ctx.warn(path, "not simulated (memory access pattern); event dropped");
      return [];
    case "iorun":
      ctx.warn(path, "not simulated (I/O device writes); event dropped");
      return [];
  }
}

function timer(ctx: RtContext, entry: RtEntry, path: FieldPath, t: ThreadInfo): Step {
  const obj = ctx.object(entry.value, path);
  let ref = "timer";
  let period: number | undefined;
  let mode: "relative" | "absolute" = "relative";
  for (const e of obj.entries) {
    const p = [...path, e.key];
    if (e.key === "ref") ref = ctx.string(e.value, p);
    else if (e.key === "period") period = ctx.micros(e.value, p);
    else if (e.key === "mode") {
      const m = ctx.string(e.value, p);
      if (m !== "relative" && m !== "absolute")
        ctx.fail(p, `expected "relative" or "absolute", got "${m}"`, e.value);
      mode = m as typeof mode;
    } else ctx.warn(p, "unknown timer field, ignored");
  }
  if (period === undefined) ctx.fail([...path, "period"], "a timer needs a period (µs)", obj);
  if (t.instances > 1 && !ref.startsWith("unique")) {
    ctx.warn(
      [...path, "ref"],
      `timer "${ref}" is shared by the ${t.instances} instances in rt-app; simulated as one timer per instance (name it "unique…" to say so)`,
    );
  }
  return { op: "timer", period: constant(period as number), mode, ref };
}

// pthread_cond_wait: release the mutex, block on the condition, take the mutex back. The three
// steps happen at one instant, so nothing can slip between the release and the block. `sync`
// signals the condition first (pthread_cond_signal + wait), with the mutex already held.
function condWait(ctx: RtContext, entry: RtEntry, event: "wait" | "sync", path: FieldPath): Step[] {
  if (entry.value?.type === "string" && event === "wait") {
    ctx.warn(path, 'a plain name: waits without a mutex (rt-app expects {"ref": …, "mutex": …})');
    return [{ op: "wait", event: entry.value.value }];
  }
  const obj = ctx.object(entry.value, path);
  for (const e of obj.entries) {
    if (e.key !== "ref" && e.key !== "mutex")
      ctx.warn([...path, e.key], `unknown ${event} field, ignored`);
  }
  const ref = ctx.string(lastEntry(obj, "ref")?.value, [...path, "ref"]);
  const mutexEntry = lastEntry(obj, "mutex");
  const steps: Step[] =
    event === "sync" ? [{ op: "signal", event: ref, count: 1, remember: false }] : [];
  if (!mutexEntry) {
    ctx.warn(path, "no mutex: waits without releasing one");
    return [...steps, { op: "wait", event: ref }];
  }
  const mutex = ctx.string(mutexEntry.value, [...path, "mutex"]);
  return [...steps, { op: "unlock", mutex }, { op: "wait", event: ref }, { op: "lock", mutex }];
}
