import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadWorkload, parseWorkloadText, workloadDurationNs } from "../../src/config/workload.ts";
import { InputError } from "../../src/errors.ts";

const dir = mkdtempSync(join(tmpdir(), "scx-workload-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
async function loadError(nameOrFile: string, ncpus = 4): Promise<InputError> {
  try {
    await loadWorkload(nameOrFile, { ncpus });
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error("expected an InputError");
}

describe("loadWorkload", () => {
  it("loads a preset by name, without warnings", async () => {
    const { workload, warnings } = await loadWorkload("mm1", { ncpus: 1 });
    expect(workload.name).toBe("mm1");
    expect(warnings).toEqual([]);
    expect(workloadDurationNs(workload)).toBe(60e9);
  });

  it("returns a fresh copy of a preset each time", async () => {
    const a = (await loadWorkload("hogs", { ncpus: 4 })).workload;
    a.groups.pop();
    expect((await loadWorkload("hogs", { ncpus: 4 })).workload.groups).toHaveLength(1);
  });

  it("loads a native file written as JSONC (comments, trailing commas), named after the file", async () => {
    const p = file(
      "mine.json",
      `{ // the contract's example is JSONC
        "groups": [ { "name": "g", "program": [ { "run": "1ms" }, ], }, ],
      }`,
    );
    const { workload, warnings } = await loadWorkload(p, { ncpus: 4 });
    expect(workload.name).toBe("mine");
    expect(workload.groups[0]?.program).toEqual([{ op: "run", work: { kind: "const", ns: 1e6 } }]);
    expect(workloadDurationNs(workload)).toBeUndefined();
    expect(warnings).toEqual([]);
  });

  it("detects an rt-app file by its tasks object and converts it", async () => {
    const p = file(
      "uc.json",
      '{ "global": { "duration": 2, "calibration": 90 }, "tasks": { "t": { "run": 100, "sleep": 900 } } }',
    );
    const { workload, warnings } = await loadWorkload(p, { ncpus: 4 });
    expect(workload.name).toBe("uc");
    expect(workload.durationNs).toBe(2e9);
    expect(workload.groups[0]?.loop).toBe(-1);
    expect(warnings).toEqual([expect.stringMatching(/^global\.calibration: ignored/)]);
    expect(parseWorkloadText('{"tasks": {"t": {"run": 1}}}').format).toBe("rt-app");
  });

  it("refuses a name that is neither a preset nor a file, listing the presets", async () => {
    const e = await loadError("no-such-thing");
    expect(e.field).toBe("--workload");
    expect(e.message).toMatch(
      /no workload preset or file named "no-such-thing" \(presets: hogs, desktop, server/,
    );
  });

  it.each([
    [
      "dup.json",
      '{ "groups": [ { "name": "g", "name": "h", "program": [ { "run": "1ms" } ] } ] }',
      "groups[0].name",
      /duplicate key \(line 1\)/,
    ],
    [
      "novalue.json",
      '{ "groups": [ { "name": "g", "program": [ { "yield" } ] } ] }',
      "groups[0].program[0].yield",
      /key without a value/,
    ],
    [
      "syntax.json",
      '{ "groups": [ ',
      undefined,
      /line 1, column 15: expected a value, found the end of the file/,
    ],
    [
      "tasks-list.json",
      '{ "tasks": [], "groups": [ { "name": "g", "program": [ { "run": "1ms" } ] } ] }',
      "tasks",
      /unknown field "tasks" in a workload/,
    ],
    [
      "cpus.json",
      '{ "groups": [ { "name": "g", "cpus": [9], "program": [ { "run": "1ms" } ] } ] }',
      "groups[0].cpus[0]",
      /CPU 9 does not exist/,
    ],
  ])("names the file and field of a bad native file (%s)", async (name, text, field, message) => {
    const p = file(name, text);
    const e = await loadError(p);
    expect(e.file).toBe(p);
    expect(e.field).toBe(field);
    expect(e.message).toMatch(message);
  });
});
