// Compiled policies on disk: a .wasm and a .json of metadata (./compilePolicy.ts
// PolicyMetadata) side by side. The same format serves the prebuilt built-ins
// (build/wasm/NAME.*) and the content-addressed cache of user files (.cache/policies/HASH.*).
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { CompiledPolicy } from "../sim/types.ts";
import type { PolicyMetadata } from "./compilePolicy.ts";

/** The build stored under `stem` if its hash is `hash`, else null (missing, stale or unreadable). */
export function readStored(
  dir: string,
  stem: string,
  hash: string,
  source: string,
): CompiledPolicy | null {
  try {
    const meta = JSON.parse(readFileSync(join(dir, `${stem}.json`), "utf8")) as PolicyMetadata;
    if (meta.hash !== hash) return null;
    const wasm = new Uint8Array(readFileSync(join(dir, `${stem}.wasm`)));
    return {
      name: meta.name,
      hash,
      wasm,
      opsMask: meta.opsMask,
      knobs: meta.knobs,
      source,
      description: meta.description,
    };
  } catch {
    return null;
  }
}

export function writeStored(
  dir: string,
  stem: string,
  policy: CompiledPolicy,
  flags: string[],
  compilerVersion: string,
): void {
  mkdirSync(dir, { recursive: true });
  const meta: PolicyMetadata = {
    name: policy.name,
    hash: policy.hash,
    opsMask: policy.opsMask,
    knobs: policy.knobs,
    description: policy.description ?? "",
    flags,
    compilerVersion,
  };
  // The wasm first, the metadata (which readStored checks) last, each written to a temporary
  // name and renamed, so a concurrent reader never sees a half-written pair as up to date.
  atomicWrite(join(dir, `${stem}.wasm`), policy.wasm);
  atomicWrite(join(dir, `${stem}.json`), `${JSON.stringify(meta, null, 2)}\n`);
}

function atomicWrite(path: string, data: Uint8Array | string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}
