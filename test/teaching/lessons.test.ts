// Every lesson of lessons/ is a working exercise: its header parses, its machine and workload
// load, its starting policy fails the check and its reference solution passes it. Both are
// compiled as the browser compiles them (checked build) and run for the lesson's duration.
import { describe, expect, test } from "vitest";
import { loadPolicy } from "../../src/compile/index.ts";
import { evaluateChecks } from "../../src/lessons/checks.ts";
import { type Lesson, needsBaseline } from "../../src/lessons/lesson.ts";
import { lessonRequest } from "../../src/lessons/lessonRun.ts";
import { lessonsDir, loadLessons } from "../../src/lessons/load.node.ts";
import { summarize } from "../../src/metrics/summary.ts";
import { runSimulation } from "../../src/sim/run.ts";
import type { RunResult } from "../../src/sim/types.ts";

const LONG = 600_000;
const { lessons, errors } = loadLessons();

async function runOf(lesson: Lesson, file: string): Promise<RunResult> {
  const policy = await loadPolicy(`${lessonsDir}${lesson.id}/${file}.ts`, { release: false });
  return summarize(await runSimulation(lessonRequest(lesson, policy)));
}

describe("lessons", () => {
  test("at least 8 lessons, all of which parse", () => {
    expect(errors).toEqual([]);
    expect(lessons.length).toBeGreaterThanOrEqual(8);
    expect(new Set(lessons.map((l) => l.order)).size).toBe(lessons.length);
  });

  test("every lesson page explains, and says what to do", () => {
    for (const l of lessons) {
      expect(l.body.length, l.id).toBeGreaterThan(800);
      expect(l.body, l.id).not.toMatch(/\bTODO\b/);
      expect(l.goal.length, l.id).toBeGreaterThan(20);
    }
  });

  for (const lesson of lessons) {
    test(
      `${lesson.id}: the starting policy fails the check and the reference solution passes it`,
      async () => {
        const start = await runOf(lesson, lesson.policyName);
        const solution = await runOf(lesson, lesson.solutionName);
        const baseline = needsBaseline(lesson) ? start : undefined;
        const startReport = evaluateChecks(lesson.checks, start, baseline);
        const solutionReport = evaluateChecks(lesson.checks, solution, baseline);
        const show = (r: typeof startReport) =>
          r.outcomes.map((o) => `${o.pass ? "ok" : "FAIL"} ${o.text}`).join("\n");
        expect(start.exit.kind, "starting policy ejected").toBe("done");
        expect(solution.exit.kind, `solution ejected: ${solution.exit.reason}`).toBe("done");
        expect(startReport.pass, `starting policy:\n${show(startReport)}`).toBe(false);
        expect(solutionReport.pass, `solution:\n${show(solutionReport)}`).toBe(true);
      },
      LONG,
    );
  }
});
