// The source a policy starts from: the open lesson's starting policy, or a built-in template.
// The link leaves out a source equal to its template and the editor marks one that differs as
// "edited", so both ask this one place what "unedited" means.
import { builtinSource, DEFAULT_POLICY } from "./builtinPolicies.ts";
import { lessonById } from "./lessons.ts";

/** What the editor holds when neither a link nor a draft says otherwise. */
export const DEFAULT_TEMPLATE = builtinSource(DEFAULT_POLICY) ?? "";

export function templateOf(policy: string, lessonId: string): string | undefined {
  const lesson = lessonId ? lessonById(lessonId) : undefined;
  if (lesson && policy === lesson.policyName) return lesson.policySource;
  return builtinSource(policy);
}
