// End to end in Chromium (playwright-core + a Vite dev server, as test/web/playground.e2e.test.ts):
// open a lesson, see its check fail with the starting policy, put a working policy in the
// editor, run, and see the check turn green; then step through the run. Browser compiles take
// seconds, so this is one long test. UPDATE_SCREENSHOTS=1 also writes docs/screenshots/.
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
const LONG = 240_000;
const LESSON = "01-fifo-starves";

let server: ViteDevServer;
let browser: Browser;
let page: Page;

async function screenshot(name: string): Promise<void> {
  if (!shots) return;
  mkdirSync(shots, { recursive: true });
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${shots}${name}.png`, fullPage: true });
}

async function idle(): Promise<string> {
  await page.locator("scx-app #status[data-phase=idle]").waitFor({ timeout: LONG });
  return (await page.locator("scx-app #status-text").textContent()) ?? "";
}

/** Clicks and waits until the page has left idle and come back to it. */
async function clickAndSettle(selector: string): Promise<string> {
  await page.locator(selector).click();
  await page
    .locator("scx-app #status[data-phase=idle]")
    .waitFor({ state: "detached", timeout: 5_000 })
    .catch(() => {});
  return idle();
}

function checkState(): Promise<string | null> {
  return page.locator("scx-app lesson-view #lesson-check").getAttribute("data-state");
}

describe.skipIf(!existsSync(CHROMIUM))("a lesson in the browser (Chromium)", () => {
  beforeAll(async () => {
    server = await createServer({
      configFile: `${root}vite.config.ts`,
      logLevel: "error",
      server: { port: 0, hmr: false, watch: null },
    });
    await server.listen();
    const addr = server.httpServer?.address();
    const base = `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}/`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on("pageerror", (e) => console.error("page error:", e.message));
    await page.goto(base);
  }, LONG);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  test(
    "open a lesson, fail, step through the failing run, edit, run, pass",
    async () => {
      await idle(); // the default run on opening
      await page.locator("scx-app #lesson-select").selectOption(LESSON);
      await page.locator("scx-app lesson-view #lesson-title").waitFor({ timeout: LONG });
      expect(await page.locator("scx-app lesson-view #lesson-title").textContent()).toContain(
        "FIFO starves interactive tasks",
      );
      await expect.poll(checkState, { timeout: LONG }).toBe("fail");
      expect(await page.locator("scx-app lesson-view #lesson-check").textContent()).toMatch(
        /p99 wakeup latency of the interactive tasks: [\d.]+ ms — needs < 2 ms/,
      );
      // The lesson page rendered from its Markdown.
      expect(await page.locator("scx-app lesson-view #lesson-body h2").count()).toBeGreaterThan(1);
      await screenshot("lesson");

      // Step mode on the failing run: to the next callbacks, then to an instant.
      await page.locator("scx-app step-panel #step-open").click();
      const stepStatus = page.locator("scx-app step-panel #step-status");
      await stepStatus.waitFor({ timeout: LONG });
      expect(await stepStatus.textContent()).toMatch(/t = 0\.000000 ms · event 0 · ready/);
      await page.locator("scx-app step-panel #step-callback").click();
      await expect.poll(() => stepStatus.textContent()).toMatch(/event [1-9]/);
      await page.locator("scx-app step-panel #run-to").fill("22.4ms");
      await page.locator("scx-app step-panel #step-go").click();
      await expect.poll(() => stepStatus.textContent()).toMatch(/t = 22\.400000 ms/);
      const log = page.locator("scx-app step-panel event-log");
      expect(await log.locator(".row").count()).toBeGreaterThan(20);
      expect(await log.locator(".row[data-name='ops.dispatch']").count()).toBeGreaterThan(3);
      // The queues: interactive tasks wait in SHARED_DSQ while every CPU runs a batch task.
      const dsqs = page.locator("scx-app step-panel dsq-view");
      expect(await dsqs.locator(".cpu").count()).toBe(4);
      expect(await dsqs.locator(".dsq[data-dsq='0'] .task").count()).toBeGreaterThan(0);
      // A task's row: the inspector shows it and its waits, the timeline jumps there.
      await log.locator(".row[data-name='wake']").last().click();
      const inspector = page.locator("scx-app step-panel task-inspector");
      await expect
        .poll(() => inspector.locator("#state-now").textContent())
        .toMatch(/runnable now/);
      expect(await inspector.locator("tr.wait").count()).toBeGreaterThan(0);
      await page.locator("scx-app run-timeline #jump-back").waitFor({ timeout: 10_000 });
      await page.evaluate(() => window.scrollTo(0, 0));
      await screenshot("step-mode");
      // Back re-simulates to the stop before; the next event of the task moves on.
      await page.locator("scx-app step-panel #step-back").click();
      await expect.poll(() => stepStatus.textContent()).not.toMatch(/t = 22\.400000 ms/);
      await page.locator("scx-app step-panel #step-task").click();
      await expect
        .poll(() => page.locator("scx-app step-panel #step-note").textContent())
        .toMatch(/event/);

      // Edit: the reference solution's approach, put into the editor.
      const solution = readFileSync(`${root}lessons/${LESSON}/solution.ts`, "utf8");
      await page.evaluate((t) => {
        const app = document.querySelector("scx-app") as HTMLElement;
        const ed = app.shadowRoot?.querySelector("#policy-editor") as HTMLElement & {
          value: string;
        };
        ed.value = t;
      }, `${solution}\n// my attempt\n`);
      const status = await clickAndSettle("scx-app lesson-view #lesson-run");
      expect(status).toMatch(/^done/);
      await expect.poll(checkState, { timeout: LONG }).toBe("pass");
      expect(await page.locator("scx-app lesson-view #lesson-check").textContent()).toMatch(
        /Passed[\s\S]*p99 wakeup latency of the interactive tasks/,
      );
      // Progress is kept in this browser.
      const progress = await page.evaluate(() => localStorage.getItem("scx-playground:lessons"));
      expect(JSON.parse(progress ?? "{}")[LESSON]?.passed).toBe(true);
      expect(
        await page.locator(`scx-app #lesson-select option[value="${LESSON}"]`).textContent(),
      ).toContain("✓");
      // The new run closed step mode (it belonged to the previous run).
      await page.locator("scx-app step-panel #step-open").waitFor({ timeout: 10_000 });
    },
    LONG * 3,
  );
});
