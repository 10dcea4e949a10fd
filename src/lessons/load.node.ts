// Node side of lesson loading: every folder of lessons/ with a lesson.md, its files read as
// text. (The browser gets the same files through Vite's import.meta.glob: web/lib/lessons.ts.)
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { LESSON_FILE, type Lesson, parseLessons } from "./lesson.ts";

export const lessonsDir = fileURLToPath(new URL("../../lessons/", import.meta.url));

/** id → (file name → text) for every lesson folder. */
export function readLessonFolders(dir = lessonsDir): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  if (!existsSync(dir)) return out;
  for (const id of readdirSync(dir).sort()) {
    const folder = join(dir, id);
    if (!statSync(folder).isDirectory() || !existsSync(join(folder, LESSON_FILE))) continue;
    const files: Record<string, string> = {};
    for (const f of readdirSync(folder)) {
      const p = join(folder, f);
      if (statSync(p).isFile()) files[f] = readFileSync(p, "utf8");
    }
    out[id] = files;
  }
  return out;
}

export function loadLessons(dir = lessonsDir): {
  lessons: Lesson[];
  errors: { id: string; message: string }[];
} {
  return parseLessons(readLessonFolders(dir));
}
