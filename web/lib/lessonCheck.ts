// The check of a run against the open lesson's goal (src/lessons/checks.ts). Some goals are
// relative ("half the starting policy's p99"): those need a run of the lesson's starting
// policy on the same setup, which is compiled and run once per page and kept.
import { type CheckReport, evaluateChecks } from "../../src/lessons/checks.ts";
import { type Lesson, needsBaseline } from "../../src/lessons/lesson.ts";
import { lessonRequest } from "../../src/lessons/lessonRun.ts";
import { summarize } from "../../src/metrics/summary.ts";
import type { RunResult } from "../../src/sim/types.ts";
import type { CompilerClient } from "./compilerClient.ts";
import type { SimClient } from "./simClient.ts";

/** What the lesson view shows about the check of the last run. */
export type CheckState =
  | { kind: "unchecked" }
  | { kind: "checking"; what: string }
  | { kind: "done"; report: CheckReport; policy: string }
  | { kind: "error"; message: string };

export class LessonChecker {
  /** Runs of each lesson's starting policy, by lesson id; a failed one is forgotten. */
  private readonly baselines = new Map<string, Promise<RunResult>>();

  constructor(
    private readonly compiler: CompilerClient,
    private readonly sim: SimClient,
  ) {}

  /**
   * Checks `result` (a run of the student's policy `policyName`) against the lesson: against
   * fixed bounds, or against the starting policy's run. `onBaseline` is called before the
   * starting policy has to run (it takes a moment). Null when `signal` stopped the check.
   */
  async check(
    lesson: Lesson,
    result: RunResult,
    policyName: string,
    signal: AbortSignal,
    onBaseline: () => void,
  ): Promise<CheckState | null> {
    let baseline: RunResult | undefined;
    if (needsBaseline(lesson)) {
      onBaseline();
      try {
        baseline = await this.baseline(lesson, signal);
      } catch (e) {
        if (signal.aborted) return null;
        return {
          kind: "error",
          message: `the starting policy's run failed: ${(e as Error).message}`,
        };
      }
    }
    const report = evaluateChecks(lesson.checks, result, baseline);
    return { kind: "done", report, policy: `${policyName}.ts` };
  }

  /** The starting policy's result on the lesson (compiled and run once per page). */
  private baseline(lesson: Lesson, signal: AbortSignal): Promise<RunResult> {
    let p = this.baselines.get(lesson.id);
    if (!p) {
      p = (async () => {
        const out = await this.compiler.compile(lesson.policySource, lesson.policyName, signal);
        if (!out.ok) throw new Error(`the starting policy does not compile: ${out.message}`);
        const raw = await this.sim.run(lessonRequest(lesson, out.policy), { signal });
        return summarize(raw);
      })();
      this.baselines.set(lesson.id, p);
      p.catch(() => this.baselines.delete(lesson.id));
    }
    return p;
  }
}
