import { defineConfig } from "vite";

// Self-contained ESM bundle of the AssemblyScript compiler for browsers: public/asc/asc.js,
// served verbatim at /asc/asc.js (TOOLCHAIN.md §3c). Run: npm run build:asc
export default defineConfig({
  publicDir: false,
  logLevel: "warn",
  build: {
    outDir: "public/asc",
    emptyOutDir: true,
    target: "es2022",
    minify: true,
    sourcemap: false,
    reportCompressedSize: false,
    lib: { entry: "scripts/asc-entry.js", formats: ["es"], fileName: () => "asc.js" },
    // asc.js / binaryen only import these inside `if (isNode)` branches
    rolldownOptions: { external: [/^node:/, "fs", "module", "path", "url"] },
  },
});
