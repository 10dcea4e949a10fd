// `scx-playground list`: the built-in policies, machines and workloads.

import { InputError } from "../../errors.ts";
import { parseOptions } from "../args.ts";
import type { Deps, Listing } from "../deps.ts";
import { table } from "../format.ts";
import type { Io } from "../io.ts";

const KINDS = ["policies", "machines", "workloads"] as const;
type Kind = (typeof KINDS)[number];

function lister(deps: Deps, kind: Kind): () => Promise<Listing[]> {
  if (kind === "policies") return () => deps.listPolicies();
  if (kind === "machines") return () => deps.listMachines();
  return () => deps.listWorkloads();
}

export async function listCommand(argv: string[], io: Io, deps: Deps): Promise<number> {
  const { values, positionals } = parseOptions(
    "list",
    argv,
    {
      detail: { type: "string" },
      json: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
    true,
  );
  if (positionals.length > 1)
    throw new InputError(`list: expected at most one of ${KINDS.join("|")}`);
  const what = positionals[0];
  if (what !== undefined && !(KINDS as readonly string[]).includes(what)) {
    throw new InputError(`list: unknown list "${what}"; expected ${KINDS.join(", ")}`);
  }
  const detail = values.detail as string | undefined;
  if (detail !== undefined) {
    if (what !== "machines") throw new InputError("list: --detail NAME goes with: list machines");
    const machine = await deps.loadMachine(detail);
    const drawing = await deps.drawTopology(machine);
    io.out(drawing.endsWith("\n") ? drawing : `${drawing}\n`);
    return 0;
  }

  const kinds = what === undefined ? KINDS : [what as Kind];
  const lists: Partial<Record<Kind, Listing[]>> = {};
  for (const k of kinds) lists[k] = await lister(deps, k)();
  if (values.json === true) {
    io.out(`${JSON.stringify(what === undefined ? lists : lists[what as Kind], null, 2)}\n`);
    return 0;
  }
  const sections = kinds.map((k) => {
    const rows = (lists[k] ?? []).map((l) => [l.name, l.description]);
    return `${k}\n${rows.length ? table(rows, ["l", "l"], "  ") : "  (none)\n"}`;
  });
  io.out(sections.join("\n"));
  return 0;
}
