// AppState ⇄ the URL's hash: `#s=<base64url(deflate-raw(JSON))>`. Only fields that differ from
// the defaults are written, and the policy source only when it is not the built-in template,
// so an unedited setup makes a short link. Decoding checks every field's type and drops what
// it does not know: a link from another version still opens.
import { type AppState, STATE_FIELDS } from "./appState.ts";

export const HASH_KEY = "s";

export async function deflateRaw(bytes: Uint8Array): Promise<Uint8Array> {
  return pipe(bytes, new CompressionStream("deflate-raw"));
}

export async function inflateRaw(bytes: Uint8Array): Promise<Uint8Array> {
  return pipe(bytes, new DecompressionStream("deflate-raw"));
}

async function pipe(
  bytes: Uint8Array,
  stream: CompressionStream | DecompressionStream,
): Promise<Uint8Array> {
  const out = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(out).arrayBuffer());
}

export function toBase64Url(bytes: Uint8Array): string {
  let bin = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function fromBase64Url(text: string): Uint8Array {
  const b64 = text.replace(/-/g, "+").replace(/_/g, "/");
  const bin = atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** The fields of `state` that differ from `defaults` (the source: from the policy's template). */
export function stateDiff(
  state: AppState,
  defaults: AppState,
  template?: string,
): Partial<AppState> {
  const out: Partial<AppState> = {};
  for (const key of Object.keys(STATE_FIELDS) as (keyof AppState)[]) {
    if (key === "source") continue;
    if (JSON.stringify(state[key]) !== JSON.stringify(defaults[key])) {
      (out as Record<string, unknown>)[key] = state[key];
    }
  }
  if (state.source !== template) out.source = state.source;
  return out;
}

/** The hash (without `#`) that encodes `state`. */
export async function encodeState(
  state: AppState,
  defaults: AppState,
  template?: string,
): Promise<string> {
  const json = JSON.stringify(stateDiff(state, defaults, template));
  const packed = await deflateRaw(new TextEncoder().encode(json));
  return `${HASH_KEY}=${toBase64Url(packed)}`;
}

/** The state fields a hash holds, checked; null when it holds none or cannot be read. */
export async function decodeState(hash: string): Promise<Partial<AppState> | null> {
  const params = new URLSearchParams(hash.replace(/^#/, ""));
  const packed = params.get(HASH_KEY);
  if (!packed) return null;
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(await inflateRaw(fromBase64Url(packed))));
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
  const out: Record<string, unknown> = {};
  for (const [key, kind] of Object.entries(STATE_FIELDS)) {
    const v = (value as Record<string, unknown>)[key];
    if (v === undefined) continue;
    if (
      kind === "number"
        ? typeof v === "number" && Number.isFinite(v)
        : kind === "object"
          ? isKnobs(v)
          : typeof v === kind
    ) {
      out[key] = v;
    }
  }
  return out as Partial<AppState>;
}

function isKnobs(v: unknown): v is Record<string, number | boolean> {
  return (
    typeof v === "object" &&
    v !== null &&
    !Array.isArray(v) &&
    Object.values(v).every(
      (x) => typeof x === "boolean" || (typeof x === "number" && Number.isFinite(x)),
    )
  );
}

/** The full state a hash describes, on top of the defaults (the source from its template). */
export function applyDecoded(
  decoded: Partial<AppState>,
  defaults: AppState,
  templateOf: (policy: string) => string | undefined,
): AppState {
  const state = { ...defaults, ...decoded };
  if (decoded.source === undefined) state.source = templateOf(state.policy) ?? defaults.source;
  return state;
}
