// The lessons of lessons/*/ bundled by Vite (every file of every folder as text), parsed once.
// A teacher adds a folder and the page lists it: nothing here names a lesson.
import { type Lesson, parseLessons } from "../../src/lessons/lesson.ts";

const files = import.meta.glob("../../lessons/*/*", {
  query: "?raw",
  import: "default",
  eager: true,
}) as Record<string, string>;

function folders(): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const [path, text] of Object.entries(files)) {
    const parts = path.split("/");
    const name = parts.pop() as string;
    const id = parts.pop() as string;
    out[id] ??= {};
    (out[id] as Record<string, string>)[name] = text;
  }
  return out;
}

const parsed = parseLessons(folders());

export const LESSONS: readonly Lesson[] = parsed.lessons;
/** Folders that do not parse, with why (shown in the lesson list). */
export const LESSON_ERRORS: readonly { id: string; message: string }[] = parsed.errors;

export function lessonById(id: string): Lesson | undefined {
  return LESSONS.find((l) => l.id === id);
}
