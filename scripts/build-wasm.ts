import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const entryUrl = new URL("../src/compile/buildBuiltins.ts", import.meta.url);

if (!existsSync(fileURLToPath(entryUrl))) {
  console.log("build-wasm: nothing to build yet");
  process.exit(0);
}

const mod = await import(entryUrl.href);
const buildBuiltins = mod.default ?? mod.buildBuiltins;
if (typeof buildBuiltins !== "function") {
  console.error("build-wasm: src/compile/buildBuiltins.ts must export default buildBuiltins()");
  process.exit(1);
}
await buildBuiltins();
