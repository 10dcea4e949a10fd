import { playwright } from "@vitest/browser-playwright";
import { defineConfig, mergeConfig } from "vitest/config";
import viteConfig, { repoRoot } from "./vite.config.ts";

const CHROMIUM_PATH = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--headless",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

// Vite's root is web/; tests are discovered from the repo root (test.root below).
export default mergeConfig(
  viteConfig,
  defineConfig({
    test: {
      root: repoRoot,
      projects: [
        {
          extends: true,
          test: {
            name: "unit",
            root: repoRoot,
            environment: "node",
            include: ["test/**/*.test.ts"],
            exclude: ["test/**/*.browser.test.ts"],
            testTimeout: 30_000,
          },
        },
        {
          extends: true,
          test: {
            name: "browser",
            root: repoRoot,
            include: ["test/**/*.browser.test.ts"],
            testTimeout: 60_000,
            browser: {
              enabled: true,
              headless: true,
              provider: playwright({
                launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
              }),
              instances: [{ browser: "chromium" }],
            },
          },
        },
      ],
    },
  }),
);
