#!/usr/bin/env node
// Runs vitest: unit + browser projects when Chromium is present, only the unit project otherwise
// (REQUIRE_BROWSER=1 turns a missing Chromium into an error). Writes build/vitest.json.
import { spawn } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";

const repoRoot = fileURLToPath(new URL("..", import.meta.url));
const vitestBin = fileURLToPath(new URL("../node_modules/vitest/vitest.mjs", import.meta.url));
const jsonOut = "build/vitest.json";
const chromium = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const hasBrowser = existsSync(chromium);
const requireBrowser = process.env.REQUIRE_BROWSER === "1";

const args = ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${jsonOut}`];

if (!hasBrowser) {
  const bar = "!".repeat(78);
  const lines = [
    "",
    bar,
    `!!! BROWSER TESTS SKIPPED: ${chromium} not found; install Debian's chromium: apt-get install -y chromium`,
    "!!! (or point CHROMIUM_PATH at a Chromium binary)",
    requireBrowser
      ? "!!! REQUIRE_BROWSER=1 is set: failing instead of running only the unit tests."
      : "!!! Running ONLY the unit project (--project unit). Browser tests did NOT run.",
    bar,
    "",
  ];
  process.stderr.write(`${lines.join("\n")}\n`);
  if (requireBrowser) process.exit(1);
  args.push("--project", "unit");
}

args.push(...process.argv.slice(2));

rmSync(new URL(`../${jsonOut}`, import.meta.url), { force: true });

const child = spawn(process.execPath, [vitestBin, ...args], { cwd: repoRoot, stdio: "inherit" });
for (const sig of ["SIGINT", "SIGTERM"]) {
  process.on(sig, () => child.kill(sig));
}
child.on("exit", (code, signal) => {
  process.exit(code ?? (signal ? 1 : 0));
});
