// rt-app's own examples, as the Debian package `rt-app` installs them. The suite never depends
// on the package: without it these tests are skipped, and the skip says how to get them.

import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import type { Workload } from "../../src/config/workload.ts";
import { encodeWorkload, parseWorkloadText } from "../../src/config/workload.ts";
import { InputError } from "../../src/errors.ts";

const DOC = "/usr/share/doc/rt-app";
const installed = existsSync(join(DOC, "examples"));

function jsonFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = join(dir, d.name);
    if (d.isDirectory()) return jsonFiles(p);
    return /\.json(\.gz)?$/.test(d.name) ? [p] : [];
  });
}
const read = (p: string) =>
  p.endsWith(".gz") ? gunzipSync(readFileSync(p)).toString("utf8") : readFileSync(p, "utf8");
const files = installed
  ? [
      ...jsonFiles(join(DOC, "examples")),
      ...jsonFiles(DOC).filter((p) => !p.includes("/examples/")),
    ]
  : [];
const name = (p: string) => relative(DOC, p).replace(/\.gz$/, "");
// Files in rt-app's pre-1.0 format (exec/period/lock_order/resources), which current rt-app rejects
// too, and merge.py's fragments without a tasks object.
const isLegacy = (text: string) => /"(exec|lock_order)"\s*:/.test(text);
const hasTasks = (text: string) => /"tasks"\s*:/.test(text);

function convert(rel: string, ncpus = 8): { workload: Workload; warnings: string[] } {
  const file = files.find((p) => name(p) === rel);
  if (!file) throw new Error(`${rel} is not in this version of the rt-app package`);
  return parseWorkloadText(read(file), { file: rel, ncpus });
}

if (!installed) {
  it.skip("rt-app's examples: skipped, the Debian package rt-app is not installed (apt-get install -y rt-app)", () => {});
} else {
  describe(`rt-app's examples from the Debian package (${DOC})`, () => {
    it("finds the examples", () => {
      expect(files.length).toBeGreaterThan(10);
    });

    it.each(files.map(name))("%s converts and encodes, or is refused by name", (rel) => {
      const text = read(files.find((p) => name(p) === rel) as string);
      if (!hasTasks(text) || isLegacy(text)) {
        let error: unknown;
        try {
          parseWorkloadText(text, { file: rel, ncpus: 8 });
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(InputError);
        expect((error as InputError).file).toBe(rel);
        return;
      }
      const { workload, warnings } = convert(rel);
      expect(workload.groups.length).toBeGreaterThan(0);
      for (const w of warnings) expect(w).toMatch(/^[\w.[\]"-]+(, [\w.[\]"-]+)*: \S/);
      for (const ncpus of [1, 4, 64]) {
        const { data } = encodeWorkload(parseWorkloadText(text, { file: rel, ncpus }).workload, {
          ncpus,
          cpuTypeNames: ["P"],
        });
        expect(data[1]).toBe(workload.groups.length);
      }
    });

    it("tutorial/example7.json: each barrier waits for both tasks", () => {
      const { workload } = convert("examples/tutorial/example7.json");
      const barriers = workload.groups.flatMap((g) => g.program.filter((s) => s.op === "barrier"));
      expect(barriers).toHaveLength(6);
      for (const b of barriers) expect(b).toMatchObject({ parties: 2 });
      expect(workload.groups[0]?.program.map((s) => s.op)).toEqual([
        "runtime",
        "sleep",
        "barrier",
        "runtime",
        "barrier",
        "runtime",
        "sleep",
        "barrier",
      ]);
    });

    it("tutorial/example5.json: duplicate keys are all kept, in order", () => {
      const { workload } = convert("examples/tutorial/example5.json");
      const t0 = workload.groups[0];
      expect(t0?.program[1]).toMatchObject({ op: "repeat", times: 8 });
      const p1 = t0?.program[1]?.op === "repeat" ? t0.program[1].steps : [];
      expect(p1.map((s) => s.op)).toEqual([
        "lock",
        "run",
        "signal",
        "run",
        "unlock",
        "run",
        "signal",
        "timer",
      ]);
      expect(workload.groups[1]?.program.filter((s) => s.op === "run")).toHaveLength(3);
    });

    it("spreading-tasks.json: a repeated phase name is a second phase", () => {
      const { workload } = convert("examples/spreading-tasks.json");
      const t2 = workload.groups.find((g) => g.name === "thread2");
      expect(t2?.program.map((s) => (s.op === "repeat" ? s.times : 1))).toEqual([
        900, 600, 300, 600,
      ]);
    });

    it("video-short.json: value-less suspends wait on the thread's own name, with a warning", () => {
      const { workload, warnings } = convert("examples/video-short.json");
      expect(workload.groups.find((g) => g.name === "surfaceflinger")?.program[0]).toEqual({
        op: "wait",
        event: "surfaceflinger",
      });
      expect(warnings).toContain(
        'tasks.surfaceflinger.suspend: no value: suspends on "surfaceflinger", the thread\'s own name, as workgen would fill in',
      );
    });

    it("mp3-short.json: a periodic tick drives a wake chain through mutex-protected conditions", () => {
      const { workload, warnings } = convert("examples/mp3-short.json");
      expect(workload.durationNs).toBe(6e9);
      expect(
        workload.groups.find((g) => g.name === "mp3.decoder")?.program.map((s) => s.op),
      ).toEqual(["wait", "run", "lock", "signal", "unlock", "wait", "lock", "unlock", "run"]);
      expect(warnings.some((w) => w.startsWith("global.calibration: ignored"))).toBe(true);
    });

    it("tutorial/example6.json: mem and iorun are named as not simulated", () => {
      expect(convert("examples/tutorial/example6.json").warnings).toEqual(
        expect.arrayContaining([
          "tasks.thread0.mem: not simulated (memory bandwidth); event dropped",
          "tasks.thread0.iorun: not simulated (I/O device writes); event dropped",
        ]),
      );
    });
  });
}
