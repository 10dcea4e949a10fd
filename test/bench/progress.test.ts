// Progress goes to stderr: plain lines when stderr is not a terminal (CI logs, pipes), a bar
// redrawn in place when it is.

import { describe, expect, test } from "vitest";
import { clock, createProgress } from "../../src/bench/progress.ts";
import { memoryIo } from "../../src/cli/io.ts";
import { exec } from "./helpers.ts";

const BENCH = [
  "bench",
  "--policy",
  "simple,fifo",
  "--cpus",
  "2,4",
  "--workload",
  "desktop",
  "--seeds",
  "1..5",
];
/** Control characters other than the newline (ESC, CR, backspace, …). */
function controls(text: string): string[] {
  return [...text].filter((c) => {
    const k = c.charCodeAt(0);
    return (k < 32 && k !== 10) || k === 127;
  });
}

describe("progress", () => {
  test("piped (not a TTY): readable lines, no control characters", async () => {
    const { status, stderr } = await exec(BENCH);
    expect(status).toBe(0);
    expect(controls(stderr)).toEqual([]);
    const lines = stderr.trimEnd().split("\n");
    expect(lines[0]).toBe("bench: 20 cells to run");
    for (const l of lines) expect(l).toMatch(/^bench: /);
    expect(
      lines.some((l) => /^bench: 10\/20 cells \(50 %\), elapsed \d+:\d\d, ETA \d+:\d\d$/.test(l)),
    ).toBe(true);
    expect(lines.at(-1)).toMatch(/^bench: 20\/20 cells \(100 %\), took \d+:\d\d$/);
  });

  test("on a terminal: a bar redrawn in place, cleared at the end", async () => {
    const io = Object.assign(memoryIo(), { errIsTTY: true, errColumns: 100 });
    const { status, stderr } = await exec(BENCH, undefined, io);
    expect(status).toBe(0);
    expect(stderr).toMatch(/\rbench \[[#-]+\]\s+\d+ % {2}\d+\/20/);
    // The last thing written: "clear the line" (CR, ESC [K), then the final plain line.
    const end = stderr.slice(stderr.lastIndexOf("\r"));
    expect(end).toMatch(/^\r.\[Kbench: 20\/20 cells \(100 %\), took \d+:\d\d\n$/);
    expect(end.charCodeAt(1)).toBe(27);
    // --progress plain forces lines even there; none prints nothing.
    const plain = await exec(
      [...BENCH, "--progress", "plain"],
      undefined,
      Object.assign(memoryIo(), { errIsTTY: true }),
    );
    expect(controls(plain.stderr)).toEqual([]);
    const none = await exec([...BENCH, "--progress", "none"]);
    expect(none.stderr).toBe("");
  });

  test("ETA from the simulated time done, with running cells counted in part", () => {
    let t = 0;
    const out: string[] = [];
    const p = createProgress("plain", (s) => out.push(s), { now: () => t, intervalMs: 1 });
    const cell = (i: number) => ({ durationNs: 1e9, index: i }) as never;
    const cells = [cell(0), cell(1), cell(2), cell(3)];
    p.start(cells, 0);
    p.cellStarted(cells[0]);
    t = 10_000;
    p.cellProgress(cells[0], 0.5e9);
    t = 20_000;
    p.cellDone({ cell: cells[0], result: { exit: { kind: "done" } } as never, wallMs: 20_000 });
    // 1 of 4 s simulated in 20 s: 60 s to go.
    expect(out.at(-1)).toBe("bench: 1/4 cells (25 %), elapsed 0:20, ETA 1:00\n");
    expect(clock(3_723_000)).toBe("1:02:03");
  });
});
