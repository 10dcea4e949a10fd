// A student's progress through the lessons, kept in this browser (localStorage): which lessons
// passed their check, and the code last written for each, so that coming back to a lesson
// shows one's own attempt.

const PROGRESS_KEY = "scx-playground:lessons";
const CODE_PREFIX = "scx-playground:lesson-code:";

export interface LessonProgress {
  passed: boolean;
  /** When it first passed (ms since the epoch), 0 if never. */
  passedAt: number;
  /** The student looked at the reference solution. */
  sawSolution: boolean;
}

function readAll(storage: Storage): Record<string, LessonProgress> {
  try {
    const raw = storage.getItem(PROGRESS_KEY);
    const v = raw ? (JSON.parse(raw) as unknown) : {};
    return typeof v === "object" && v !== null && !Array.isArray(v)
      ? (v as Record<string, LessonProgress>)
      : {};
  } catch {
    return {};
  }
}

export function allProgress(storage: Storage = localStorage): Record<string, LessonProgress> {
  return readAll(storage);
}

/** Ids of the lessons this browser has passed (the lesson list marks them). */
export function passedLessons(storage: Storage = localStorage): ReadonlySet<string> {
  return new Set(
    Object.entries(readAll(storage))
      .filter(([, p]) => p.passed)
      .map(([id]) => id),
  );
}

export function progressOf(id: string, storage: Storage = localStorage): LessonProgress {
  return readAll(storage)[id] ?? { passed: false, passedAt: 0, sawSolution: false };
}

export function updateProgress(
  id: string,
  patch: Partial<LessonProgress>,
  storage: Storage = localStorage,
): LessonProgress {
  const all = readAll(storage);
  const cur = all[id] ?? { passed: false, passedAt: 0, sawSolution: false };
  const next = { ...cur, ...patch };
  if (next.passed && !cur.passed) next.passedAt = Date.now();
  all[id] = next;
  try {
    storage.setItem(PROGRESS_KEY, JSON.stringify(all));
  } catch {
    // Storage full or disabled: progress is not kept, nothing else breaks.
  }
  return next;
}

export function savedLessonCode(id: string, storage: Storage = localStorage): string | null {
  try {
    return storage.getItem(CODE_PREFIX + id);
  } catch {
    return null;
  }
}

export function saveLessonCode(id: string, source: string, storage: Storage = localStorage): void {
  try {
    storage.setItem(CODE_PREFIX + id, source);
  } catch {
    // see updateProgress
  }
}

export function forgetLessonCode(id: string, storage: Storage = localStorage): void {
  try {
    storage.removeItem(CODE_PREFIX + id);
  } catch {
    // see updateProgress
  }
}
