// An rt-app use case → a native Workload plus warnings. Threads become groups (thread name =
// group name); what cannot be simulated is dropped with a warning that names its key; what is
// wrong in the file is an InputError naming its key. The mapping is tabled in docs/workloads.md.

import { InputError } from "../../errors.ts";
import type { Workload, WorkloadGroup } from "../workloadTypes.ts";
import { RtContext } from "./context.ts";
import type { ThreadInfo } from "./events.ts";
import { convertGlobal } from "./global.ts";
import { convertThread } from "./thread.ts";
import { lastEntry, type RtNode, type RtObject } from "./tree.ts";

export interface RtConvertOptions {
  file?: string;
  /** The machine's CPU count: affinities are trimmed to it. */
  ncpus?: number;
  /** The workload's name (default: "rt-app"). */
  name?: string;
}

/** True for a document that is an rt-app use case: an object with a `tasks` object. */
export function isRtApp(root: RtNode): root is RtObject {
  return root.type === "object" && lastEntry(root, "tasks")?.value?.type === "object";
}

export function convertRtApp(
  root: RtObject,
  opts: RtConvertOptions = {},
): { workload: Workload; warnings: string[] } {
  const ctx = new RtContext(opts);
  for (const e of root.entries) {
    if (e.key === "resources")
      ctx.warn(
        [e.key],
        "ignored (legacy: rt-app creates resources from the events that name them)",
      );
    else if (e.key !== "global" && e.key !== "tasks") ctx.warn([e.key], "unknown key, ignored");
  }
  for (const key of ["global", "tasks"]) {
    if (root.entries.filter((e) => e.key === key).length > 1)
      ctx.warn([key], "given more than once; the last one is used");
  }
  const globalEntry = lastEntry(root, "global");
  const global = convertGlobal(
    ctx,
    globalEntry ? ctx.object(globalEntry.value, ["global"]) : undefined,
  );

  const tasks = ctx.object(lastEntry(root, "tasks")?.value, ["tasks"]);
  const groups: WorkloadGroup[] = [];
  const infos: ThreadInfo[] = [];
  const taken = new Set<string>();
  for (const t of tasks.entries) {
    const path = ["tasks", t.key];
    let name = t.key;
    for (let n = 2; taken.has(name); n++) name = `${t.key}-${n}`;
    if (name !== t.key) ctx.warn(path, `a second thread with this name; simulated as "${name}"`);
    taken.add(name);
    const r = convertThread(ctx, name, ctx.object(t.value, path), path, global.defaultPolicy);
    if (r.group) {
      groups.push(r.group);
      infos.push(r.info);
    }
  }
  if (groups.length === 0) {
    throw new InputError("no thread has an event that can be simulated", {
      file: opts.file,
      field: "tasks",
    });
  }
  linkForks(ctx, groups, infos);
  sizeBarriers(ctx, infos);

  const workload: Workload = { name: opts.name ?? "rt-app", groups, channels: {} };
  if (global.durationNs !== undefined) workload.durationNs = global.durationNs;
  return { workload, warnings: ctx.warnings };
}

function linkForks(ctx: RtContext, groups: WorkloadGroup[], infos: ThreadInfo[]): void {
  const names = new Set(groups.map((g) => g.name));
  const forked = new Set<string>();
  for (const info of infos) {
    for (const f of info.forks) {
      if (!names.has(f.target))
        ctx.fail(
          f.path,
          `no thread named "${f.target}" to fork (threads: ${[...names].join(", ")})`,
        );
      forked.add(f.target);
    }
  }
  for (const g of groups) {
    if (g.count === 0 && !forked.has(g.name))
      ctx.warn(["tasks", g.name, "instance"], "0 and no thread forks it: it never runs");
  }
}

// rt-app: a barrier waits for every instance of every thread that names it.
function sizeBarriers(ctx: RtContext, infos: ThreadInfo[]): void {
  const parties = new Map<string, number>();
  const users = new Map<string, ThreadInfo[]>();
  for (const info of infos) {
    for (const name of new Set(info.barriers.map((b) => b.barrier))) {
      parties.set(name, (parties.get(name) ?? 0) + info.instances);
      users.set(name, [...(users.get(name) ?? []), info]);
    }
  }
  for (const [name, list] of users) {
    if (list.some((i) => i.instances === 0)) {
      ctx.warn(
        ["tasks", (list.find((i) => i.instances === 0) as ThreadInfo).name],
        `forked thread uses barrier "${name}": it does not count as a participant (as in rt-app)`,
      );
    }
    if ((parties.get(name) as number) < 1) {
      ctx.warn(
        ["tasks", (list[0] as ThreadInfo).name],
        `barrier "${name}" has no participant; set to 1`,
      );
      parties.set(name, 1);
    }
  }
  for (const info of infos)
    for (const b of info.barriers) b.parties = parties.get(b.barrier) as number;
}
