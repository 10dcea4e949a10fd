// The playground's state with a lesson open. The lesson fixes what its goal is measured on —
// machine and workload come from the lesson by its id (web/lib/runSetup.ts), duration, seed and
// starting knob values from its file — so the student changes only the policy.
import type { Lesson } from "../../src/lessons/lesson.ts";
import type { AppState } from "./appState.ts";
import { savedLessonCode } from "./lessonProgress.ts";

/** The state a lesson opens with: this browser's last attempt at it, else its starting policy. */
export function lessonOpeningState(lesson: Lesson, defaults: AppState): AppState {
  return {
    ...defaults,
    lesson: lesson.id,
    policy: lesson.policyName,
    source: savedLessonCode(lesson.id) ?? lesson.policySource,
    durationNs: lesson.durationNs,
    seed: lesson.seed,
    knobs: { ...lesson.params },
  };
}
