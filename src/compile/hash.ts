// The identity of a build: everything that changes the module goes into one sha256, so a
// prebuilt or cached .wasm is reused exactly when it would be rebuilt identically.
// Web Crypto is global in Node ≥ 20 and in browsers, so this stays environment-neutral.
import type { EngineSources } from "./sources.ts";

export async function sha256Hex(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

export function buildHash(
  policySource: string,
  engine: EngineSources,
  flags: readonly string[],
  compilerVersion: string,
): Promise<string> {
  // JSON keeps the parts apart (no ambiguity between "ab"+"c" and "a"+"bc").
  const engineParts = Object.keys(engine)
    .sort()
    .map((k) => [k, engine[k]]);
  return sha256Hex(
    JSON.stringify({ compilerVersion, flags, policy: policySource, engine: engineParts }),
  );
}
