// End-to-end tests of the browser playground: a Vite dev server with the project's config and
// Debian's Chromium driven by playwright-core. Every compile in the browser takes seconds, so
// the tests share one page where they can, run in order, and wait generously.
// UPDATE_SCREENSHOTS=1 also writes docs/screenshots/*.png.
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";
import { createServer, type ViteDevServer } from "vite";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const ARGS = [
  "--no-sandbox",
  "--headless",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];
const root = fileURLToPath(new URL("../..", import.meta.url));
const shots = process.env.UPDATE_SCREENSHOTS === "1" ? `${root}docs/screenshots/` : null;
const LONG = 120_000;

let server: ViteDevServer;
let browser: Browser;
let base = "";
let page: Page;

async function screenshot(p: Page, name: string): Promise<void> {
  if (!shots) return;
  mkdirSync(shots, { recursive: true });
  await p.waitForTimeout(300);
  await p.screenshot({ path: `${shots}${name}.png`, fullPage: true });
}

async function open(url = base): Promise<Page> {
  const p = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  p.on("pageerror", (e) => console.error("page error:", e.message));
  await p.goto(url);
  return p;
}

/** Waits until nothing compiles or runs, and returns the status line (and any error shown). */
async function settled(p: Page): Promise<string> {
  await p.locator("scx-app #status[data-phase=idle]").waitFor({ timeout: LONG });
  const status = (await p.locator("scx-app #status-text").textContent()) ?? "";
  const error = p.locator("scx-app #run-error");
  return (await error.count()) > 0 ? `${status} — ${await error.textContent()}` : status;
}

async function run(p: Page): Promise<string> {
  await p.locator("scx-app #run").click();
  await p
    .locator("scx-app #status[data-phase=idle]")
    .waitFor({ state: "detached", timeout: 5_000 })
    .catch(() => {});
  return settled(p);
}

function setSource(p: Page, text: string): Promise<void> {
  return p.evaluate((t) => {
    const app = document.querySelector("scx-app") as HTMLElement;
    const ed = app.shadowRoot?.querySelector("#policy-editor") as HTMLElement & { value: string };
    ed.value = t;
  }, text);
}

function getSource(p: Page): Promise<string> {
  return p.evaluate(() => {
    const app = document.querySelector("scx-app") as HTMLElement;
    const ed = app.shadowRoot?.querySelector("#policy-editor") as
      | (HTMLElement & { text: string })
      | null;
    return ed?.text ?? "";
  });
}

/** The summary cards as { key: value text }. */
function cards(p: Page): Promise<Record<string, string>> {
  return p.evaluate(() => {
    const app = document.querySelector("scx-app") as HTMLElement;
    const el = app.shadowRoot?.querySelector("summary-cards");
    const out: Record<string, string> = {};
    for (const c of el?.shadowRoot?.querySelectorAll(".card") ?? []) {
      out[(c as HTMLElement).dataset.key ?? ""] = c.querySelector(".value")?.textContent ?? "";
    }
    return out;
  });
}

/**
 * The template with an endless loop in ops.dispatch (even numbers never reach 1). Whichever
 * stops it — the engine's loop budget or the page's wall-clock budget — says "exceeded its budget".
 */
function looping(template: string, name: string): string {
  const out = template
    .replace("const SHARED_DSQ", `let ${name}: u64 = 0;\nconst SHARED_DSQ`)
    .replace(
      /(dispatch\(cpu: i32, prev: Task \| null\): void \{)/,
      `$1\n    while (${name} != 1) { ${name} = (${name} + 2) & 0xfffe; }`,
    );
  expect(out).toContain(`while (${name} != 1)`);
  return out;
}

async function setField(p: Page, selector: string, value: string): Promise<void> {
  const input = p.locator(selector);
  await input.fill(value);
  await input.dispatchEvent("change");
}

describe.skipIf(!existsSync(CHROMIUM))("browser playground (Chromium)", () => {
  // The editor opens with the built-in policy as its template.
  const template = readFileSync(`${root}assembly/policies/simple.ts`, "utf8");

  beforeAll(async () => {
    server = await createServer({
      configFile: `${root}vite.config.ts`,
      logLevel: "error",
      // Other people's edits must not reload the page under a test.
      server: { port: 0, hmr: false, watch: null },
    });
    await server.listen();
    const addr = server.httpServer?.address();
    base = `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}/`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    page = await open();
  }, LONG);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  test(
    "the page loads and the default run shows a timeline and numbers",
    async () => {
      const status = await settled(page);
      expect(status).toMatch(/^done: 1 s simulated/);
      const slices = Number(
        await page.locator("scx-app run-timeline canvas").getAttribute("data-slices"),
      );
      expect(slices).toBeGreaterThan(100);
      const c = await cards(page);
      expect(c["wakeup-p99"]).toMatch(/\d+(\.\d+)? (ns|µs|ms)/);
      expect(c.utilization).toMatch(/\d+\.\d %/);
      // The timeline really drew something: count non-blank pixels in its middle.
      const inked = await page.evaluate(() => {
        const app = document.querySelector("scx-app") as HTMLElement;
        const tl = app.shadowRoot?.querySelector("run-timeline");
        const canvas = tl?.shadowRoot?.querySelector("canvas") as HTMLCanvasElement;
        const ctx = canvas.getContext("2d") as CanvasRenderingContext2D;
        const d = ctx.getImageData(canvas.width / 2, 0, 50, canvas.height).data;
        let n = 0;
        for (let i = 0; i < d.length; i += 4)
          if ((d[i + 3] as number) > 0 && (d[i] as number) < 200) n++;
        return n;
      });
      expect(inked).toBeGreaterThan(100);
      expect(await getSource(page)).toBe(template);
      await screenshot(page, "main");
    },
    LONG,
  );

  test(
    "the timeline zooms with the keyboard and hover tells the task, CPU, start, duration and stop",
    async () => {
      const canvas = page.locator("scx-app run-timeline canvas");
      await canvas.focus();
      for (let i = 0; i < 6; i++) await page.keyboard.press("+");
      const box = await canvas.boundingBox();
      if (!box) throw new Error("no timeline box");
      // Hover along the first CPU's row until the pointer is over a slice.
      let tip = "";
      for (let x = box.x + 120; x < box.x + box.width - 10 && !tip.includes("stopped"); x += 7) {
        await page.mouse.move(x, box.y + 28);
        tip =
          (await page
            .locator("scx-app run-timeline .tip")
            .textContent()
            .catch(() => "")) ?? "";
      }
      expect(tip).toMatch(/task \d+ · \w+/);
      expect(tip).toMatch(/CPU \d+/);
      expect(tip).toMatch(/start [\d.]+ (ns|µs|ms|s) · ran [\d.]+ (ns|µs|ms)/);
      expect(tip).toMatch(/stopped: (preempted|blocked|exited|yielded|run ended)/);
      await screenshot(page, "timeline-zoom");
      await page.keyboard.press("0");
    },
    LONG,
  );

  test(
    "a custom workload is validated as it is typed and then runs",
    async () => {
      await page.locator("scx-app workload-picker #workload").selectOption("custom");
      const editor = page.locator("scx-app workload-picker code-editor");
      await editor.waitFor();
      const setJson = (text: string) =>
        page.evaluate((t) => {
          const app = document.querySelector("scx-app") as HTMLElement;
          const picker = app.shadowRoot?.querySelector("workload-picker");
          (
            picker?.shadowRoot?.querySelector("code-editor") as HTMLElement & { value: string }
          ).value = t;
        }, text);
      await setJson(
        '{ "name": "mine", "groups": [{ "name": "spinners", "count": 2, "program": [{ "run": "5 parsecs" }] }] }',
      );
      await expect
        .poll(() => page.locator("scx-app workload-picker .error").textContent())
        .toMatch(/groups\[0\]\.program\[0\]/);
      await setJson(
        '{ "name": "mine", "groups": [{ "name": "spinners", "count": 2, "loop": -1, "program": [{ "run": "5ms" }, { "sleep": "1ms" }] }] }',
      );
      await expect.poll(() => page.locator("scx-app workload-picker .ok").count()).toBe(1);
      expect(await run(page)).toMatch(/^done/);
      expect(await page.locator("scx-app .results h2 .meta").first().textContent()).toContain(
        "mine",
      );
      await screenshot(page, "custom-workload");
      await page.locator("scx-app workload-picker #workload").selectOption("desktop");
    },
    LONG,
  );

  test(
    "a compile error shows at its line, in the editor and in the problems list",
    async () => {
      const lines = template.split("\n");
      const at = lines.findIndex((l) => l.startsWith("export let fifo_sched")) + 1; // 1-based
      lines.splice(at, 0, "let broken: i32 = no_such_name;");
      await setSource(page, lines.join("\n"));
      const status = await run(page);
      expect(status).toMatch(/compile failed/);
      const problem = page.locator("scx-app problems-list .problem").first();
      await expect
        .poll(() => problem.textContent())
        .toMatch(new RegExp(`simple\\.ts:${at + 1}:19`));
      await expect.poll(() => problem.textContent()).toMatch(/no_such_name/);
      // The editor underlines it on that line.
      const marked = page
        .locator("scx-app #policy-editor .cm-line")
        .filter({ has: page.locator(".cm-lintRange-error") });
      await expect.poll(() => marked.first().textContent()).toContain("no_such_name");
      await screenshot(page, "compile-error");
    },
    LONG,
  );

  test(
    "a policy that loops forever is stopped with a clear message, and the next run works",
    async () => {
      await setSource(page, looping(template, "spin"));
      const t0 = Date.now();
      const status = await run(page);
      expect(status).toMatch(/^ejected/);
      const banner = page.locator("scx-app eject-banner .banner");
      expect(await banner.textContent()).toMatch(/exceeded its budget/);
      expect(Date.now() - t0).toBeLessThan(60_000);
      // The page stayed responsive and the next run works.
      await screenshot(page, "ejected");
      await setSource(page, template);
      expect(await run(page)).toMatch(/^done/);
      expect(await page.locator("scx-app eject-banner .banner").count()).toBe(0);
    },
    LONG,
  );

  test(
    "a policy that traps is ejected naming its callback, and the next run works",
    async () => {
      const trapping = template.replace(
        "dispatch(cpu: i32, prev: Task | null): void {",
        "dispatch(cpu: i32, prev: Task | null): void {\n    if (cpu >= 0) unreachable();",
      );
      expect(trapping).not.toBe(template);
      await setSource(page, trapping);
      const status = await run(page);
      expect(status).toMatch(/^ejected/);
      const banner = page.locator("scx-app eject-banner .banner");
      expect(await banner.textContent()).toMatch(/ops\.dispatch/);
      await setSource(page, template);
      expect(await run(page)).toMatch(/^done/);
    },
    LONG,
  );

  test(
    "Stop ends a long run, and a compile in progress",
    async () => {
      await setSource(page, template);
      await setField(page, "scx-app run-settings #duration", "100000s");
      await page.locator("scx-app #run").click();
      await page.locator("scx-app #status[data-phase=running]").waitFor({ timeout: LONG });
      await page.waitForTimeout(500);
      await page.locator("scx-app #stop").click();
      expect(await settled(page)).toBe("stopped");
      await setField(page, "scx-app run-settings #duration", "1s");
      // Stop during a compile (a new source is never in the compile cache).
      await setSource(page, `${template}\n// stop me while compiling\n`);
      await page.locator("scx-app #run").click();
      await page.locator("scx-app #status[data-phase=compiling]").waitFor({ timeout: 5_000 });
      await page.locator("scx-app #stop").click();
      expect(await settled(page)).toBe("stopped");
      await setSource(page, template);
      expect(await run(page)).toMatch(/^done/);
    },
    LONG,
  );

  test(
    "a shared URL reproduces the same numbers in a fresh browser",
    async () => {
      await setSource(page, `${template}\n// shared edit\n`);
      await page.locator("scx-app machine-picker #machine").selectOption("i9-12900k");
      await setField(page, "scx-app run-settings #seed", "7");
      await page.locator("scx-app knobs-panel #knob-fifo_sched").check();
      expect(await run(page)).toMatch(/^done/);
      const numbers = await cards(page);
      await expect.poll(() => page.url()).toMatch(/#s=/);
      const url = page.url();
      const ctx = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
      const other = await ctx.newPage();
      await other.goto(url);
      expect(await settled(other)).toMatch(/^done/);
      expect(await cards(other)).toEqual(numbers);
      expect(await getSource(other)).toContain("// shared edit");
      expect(await other.locator("scx-app machine-picker #machine").inputValue()).toBe("i9-12900k");
      await screenshot(other, "shared-link");
      await ctx.close();
    },
    LONG,
  );

  test(
    "a reload keeps the edits typed in the editor",
    async () => {
      const content = page.locator("scx-app #policy-editor .cm-content");
      await content.click();
      await page.keyboard.press("Control+End");
      await page.keyboard.type("\n// typed before the reload");
      await page.reload();
      await settled(page);
      expect(await getSource(page)).toContain("// typed before the reload");
    },
    LONG,
  );

  test(
    "compare shows two pinned runs side by side with deltas",
    async () => {
      await page.locator("scx-app #pin").click();
      await setField(page, "scx-app run-settings #seed", "8");
      expect(await run(page)).toMatch(/^done/);
      await page.locator("scx-app #pin").click();
      const table = page.locator("scx-app compare-table");
      await expect.poll(() => table.locator("th.run").count()).toBe(2);
      expect(await table.locator("th.run").nth(1).textContent()).toContain("seed 8");
      expect(await table.locator(".delta").count()).toBeGreaterThan(3);
      expect(await page.locator("scx-app compare-cdf canvas").count()).toBe(1);
      await screenshot(page, "compare");
    },
    LONG,
  );
});
