// The page's side of the compiler worker. One worker lives for the whole session (its compiler
// stays warm); Stop terminates it mid-compile and the next compile starts a fresh one.
import * as Comlink from "comlink";
import type { CompiledPolicy } from "../../src/sim/types.ts";
import type {
  BrowserCompileApi,
  BrowserCompileOutcome,
} from "../../src/worker/browserCompileApi.ts";

export class CompileAborted extends Error {
  constructor() {
    super("compilation stopped");
    this.name = "CompileAborted";
  }
}

export class CompilerClient {
  private worker: Worker | null = null;
  private api: Comlink.Remote<BrowserCompileApi> | null = null;
  private warm: Promise<number> | null = null;
  private readonly cache = new Map<string, Promise<BrowserCompileOutcome>>();
  private readonly pending = new Set<(err: Error) => void>();

  constructor(private readonly warmupSource: string) {}

  private ensure(): Comlink.Remote<BrowserCompileApi> {
    if (!this.api) {
      this.worker = new Worker(
        new URL("../../src/worker/browserCompile.worker.ts", import.meta.url),
        {
          type: "module",
          name: "compiler",
        },
      );
      this.api = Comlink.wrap<BrowserCompileApi>(this.worker);
      this.warm = null;
    }
    return this.api;
  }

  /** Starts the compiler and one throw-away compile; resolves when it is warm. */
  warmup(): Promise<number> {
    const api = this.ensure();
    this.warm ??= api.warmup(this.warmupSource);
    return this.warm;
  }

  /**
   * Compiles, or joins the compile of the same source and name already done or under way.
   * Aborting `signal` terminates the worker: every compile under way rejects with CompileAborted.
   */
  compile(source: string, name: string, signal?: AbortSignal): Promise<BrowserCompileOutcome> {
    const key = `${name}\u0000${source}`;
    const shared = this.cache.get(key) ?? this.start(source, name, key);
    if (!signal) return shared;
    return new Promise<BrowserCompileOutcome>((resolve, reject) => {
      const onAbort = () => {
        this.terminate();
        reject(new CompileAborted());
      };
      if (signal.aborted) return onAbort();
      signal.addEventListener("abort", onAbort, { once: true });
      shared.then(
        (out) => {
          signal.removeEventListener("abort", onAbort);
          resolve(out);
        },
        (err: unknown) => {
          signal.removeEventListener("abort", onAbort);
          reject(err);
        },
      );
    });
  }

  private start(source: string, name: string, key: string): Promise<BrowserCompileOutcome> {
    const api = this.ensure();
    const p = new Promise<BrowserCompileOutcome>((resolve, reject) => {
      // A terminated worker never answers: terminate() rejects what is still pending.
      this.pending.add(reject);
      api
        .compile(source, name)
        .then(resolve, reject)
        .finally(() => this.pending.delete(reject));
    });
    this.cache.set(key, p);
    p.then(
      () => this.trimCache(),
      () => this.cache.delete(key),
    );
    return p;
  }

  /** The last compiled policy for a source, if compiled already (no waiting). */
  cached(source: string, name: string): Promise<BrowserCompileOutcome> | undefined {
    return this.cache.get(`${name}\u0000${source}`);
  }

  private trimCache(): void {
    while (this.cache.size > 8) this.cache.delete(this.cache.keys().next().value as string);
  }

  terminate(): void {
    this.api?.[Comlink.releaseProxy]();
    this.worker?.terminate();
    this.worker = null;
    this.api = null;
    this.warm = null;
    for (const reject of this.pending) reject(new CompileAborted());
    this.pending.clear();
  }
}

export function policyOf(out: BrowserCompileOutcome): CompiledPolicy | null {
  return out.ok ? out.policy : null;
}
