// Where things live in the repository, resolved from this file so that the CLI works from any
// working directory.
import { fileURLToPath } from "node:url";

export const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
export const engineDir = fileURLToPath(new URL("../../assembly/scx/", import.meta.url));
export const builtinPoliciesDir = fileURLToPath(
  new URL("../../assembly/policies/", import.meta.url),
);
export const builtWasmDir = fileURLToPath(new URL("../../build/wasm/", import.meta.url));
export const policyCacheDir = fileURLToPath(new URL("../../.cache/policies/", import.meta.url));
