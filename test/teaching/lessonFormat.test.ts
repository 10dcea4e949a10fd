// The lesson format (src/lessons/): the JSON header in front of the Markdown, its fields and
// the messages that name a broken one; check evaluation against fixed bounds, ratios and a
// baseline run; and the Markdown renderer, which must not let a page inject markup.
import { describe, expect, test } from "vitest";
import { evaluateChecks, metricValue } from "../../src/lessons/checks.ts";
import { splitFrontMatter } from "../../src/lessons/frontMatter.ts";
import { parseLesson, parseLessons } from "../../src/lessons/lesson.ts";
import { renderMarkdown } from "../../src/lessons/markdown.ts";
import type { RunResult } from "../../src/sim/types.ts";

const header = (h: object) => `---\n${JSON.stringify(h, null, 2)}\n---\n# Title\n\nSome *text*.\n`;
const base = {
  title: "T",
  goal: "Do the thing well.",
  machine: "raspberry-pi-5",
  workload: "w.json",
  duration: "50ms",
  policy: "start.ts",
  solution: "solution.ts",
  checks: [{ metric: "groups.x.wakeup_latency_ns.p99", op: "<", value: "2ms" }],
};
const files = (h: object = base) => ({
  "lesson.md": header(h),
  "start.ts": "// start",
  "solution.ts": "// solution",
  "w.json": '{ "name": "w", "groups": [] }',
});

describe("lesson header", () => {
  test("a lesson reads its header, its files and its body", () => {
    const l = parseLesson("07-x", files());
    expect(l).toMatchObject({
      id: "07-x",
      order: 7,
      title: "T",
      durationNs: 50_000_000,
      seed: 1,
      machine: { preset: "raspberry-pi-5" },
      workload: { file: "w.json", text: '{ "name": "w", "groups": [] }' },
      policyName: "start",
      policySource: "// start",
      solutionName: "solution",
      checks: [{ metric: "groups.x.wakeup_latency_ns.p99", op: "<", value: 2_000_000 }],
    });
    expect(l.body.trim()).toBe("# Title\n\nSome *text*.");
  });

  test("the header may have comments and trailing commas", () => {
    const text = `---\n{\n  // a comment\n  "title": "T", "goal": "Do the thing well.", "machine": "m", "workload": "w",\n  "policy": "start.ts", "solution": "solution.ts",\n  "checks": [{ "metric": "a.b", "op": ">=", "baseline": 1.5, }],\n}\n---\nbody`;
    expect(splitFrontMatter(text, "f").header).toMatchObject({ title: "T" });
    const l = parseLesson("x", { ...files(), "lesson.md": text });
    expect(l.checks).toEqual([{ metric: "a.b", op: ">=", baseline: 1.5 }]);
  });

  test("mistakes are named by file and field", () => {
    const bad = (h: object) => () => parseLesson("x", files(h));
    expect(bad({ ...base, policy: "nope.ts" })).toThrow(
      /lessons\/x\/lesson\.md: policy: no file "nope.ts"/,
    );
    expect(bad({ ...base, checks: [{ metric: "a", op: "~", value: 1 }] })).toThrow(
      /checks\[0\]\.op/,
    );
    expect(bad({ ...base, checks: [{ metric: "a", op: "<" }] })).toThrow(
      /checks\[0\]: give either value/,
    );
    expect(bad({ ...base, duration: "soon" })).toThrow(/duration/);
    expect(bad({ ...base, colour: "red" })).toThrow(/colour: unknown field/);
    expect(() => parseLesson("x", { ...files(), "lesson.md": "# no header" })).toThrow(
      /JSON header/,
    );
    const { lessons, errors } = parseLessons({
      good: files(),
      broken: { "lesson.md": "---\n{}\n---" },
    });
    expect(lessons.map((l) => l.id)).toEqual(["good"]);
    expect(errors[0]?.id).toBe("broken");
  });
});

describe("checks", () => {
  const result = (p99: number, a: number, b: number, kind: "done" | "ejected" = "done") =>
    ({
      exit: { kind, reason: kind === "ejected" ? "boom" : undefined },
      summary: { energy_j: 2 },
      groups: {
        x: { wakeup_latency_ns: { p99 }, cpu_time_ns: a },
        y: { cpu_time_ns: b },
      },
    }) as unknown as RunResult;

  test("metric paths and ratios", () => {
    const r = result(5, 300, 100);
    expect(metricValue(r, "groups.x.wakeup_latency_ns.p99")).toBe(5);
    expect(metricValue(r, "groups.x.cpu_time_ns / groups.y.cpu_time_ns")).toBe(3);
    expect(metricValue(r, "groups.nope.cpu_time_ns")).toBeNaN();
  });

  test("fixed bounds, between, baseline factors; a missing metric or an ejection fails", () => {
    const checks = [
      { metric: "groups.x.wakeup_latency_ns.p99", op: "<" as const, value: 2_000_000 },
      {
        metric: "groups.x.cpu_time_ns / groups.y.cpu_time_ns",
        op: "between" as const,
        value: [2.7, 3.3] as [number, number],
      },
      { metric: "summary.energy_j", op: "<=" as const, baseline: 0.5 },
    ];
    const good = evaluateChecks(checks, result(1_000_000, 300, 100), {
      summary: { energy_j: 4 },
    } as unknown as RunResult);
    expect(good.outcomes.map((o) => o.pass)).toEqual([true, true, true]);
    expect(good.outcomes[0]?.text).toBe("groups.x.wakeup_latency_ns.p99: 1 ms — needs < 2 ms");
    expect(good.outcomes[2]?.bound).toBe(2);
    const worse = evaluateChecks(checks, result(3_000_000, 100, 100), {
      summary: { energy_j: 3 },
    } as unknown as RunResult);
    expect(worse.outcomes.map((o) => o.pass)).toEqual([false, false, false]);
    expect(evaluateChecks([{ metric: "nope", op: ">", value: 0 }], result(0, 1, 1)).pass).toBe(
      false,
    );
    const ejected = evaluateChecks(checks.slice(0, 1), result(1, 1, 1, "ejected"));
    expect(ejected).toMatchObject({ pass: false, ejected: "boom" });
  });
});

describe("markdown", () => {
  test("the subset lessons use", () => {
    const html = renderMarkdown(
      "# Head\n\nA *b* **c** `d<e>` [f](https://x.org/?a=1&b=2).\n\n- one\n- two\n\n1. x\n2. y\n\n```ts\nlet a = 1 < 2;\n```\n\n> note\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
    );
    expect(html).toContain("<h1>Head</h1>");
    expect(html).toContain("<em>b</em> <strong>c</strong> <code>d&lt;e&gt;</code>");
    expect(html).toContain(
      '<a href="https://x.org/?a=1&amp;b=2" target="_blank" rel="noopener">f</a>',
    );
    expect(html).toContain("<ul><li>one</li><li>two</li></ul>");
    expect(html).toContain("<ol><li>x</li><li>y</li></ol>");
    expect(html).toContain('<pre><code class="language-ts">let a = 1 &lt; 2;</code></pre>');
    expect(html).toContain("<blockquote><p>note</p></blockquote>");
    expect(html).toContain(
      "<table><thead><tr><th>a</th><th>b</th></tr></thead><tbody><tr><td>1</td><td>2</td></tr></tbody></table>",
    );
  });

  test("a page cannot inject markup or script links", () => {
    const html = renderMarkdown('<img src=x onerror=alert(1)> [x](javascript:alert(1)) "q"');
    expect(html).not.toContain("<img");
    expect(html).not.toContain('href="javascript');
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
  });
});
