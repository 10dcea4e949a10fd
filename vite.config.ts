import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

// Repo root (absolute). Vite's root is web/, but src/ and assembly/ live beside it,
// and vitest projects (vitest.config.ts) run with the repo root as their root, so
// directories are given as absolute paths that hold under either root.
export const repoRoot = fileURLToPath(new URL(".", import.meta.url));
const fromRoot = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  root: fromRoot("web"),
  // public/ (incl. the prebuilt compiler bundle public/asc/asc.js) is served at /, so /asc/asc.js
  publicDir: fromRoot("public"),
  build: {
    outDir: fromRoot("dist"),
    emptyOutDir: true,
    target: "es2022",
  },
  worker: { format: "es" },
  optimizeDeps: { include: ["comlink", "lit"] },
  server: {
    host: "127.0.0.1",
    fs: { allow: [repoRoot] },
  },
  preview: { host: "127.0.0.1" },
});
