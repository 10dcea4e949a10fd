import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import buildBuiltins from "../../src/compile/buildBuiltins.ts";
import { listBuiltinPolicies, loadPolicy, PolicyCompileError } from "../../src/compile/index.ts";
import { policyCacheDir } from "../../src/compile/paths.node.ts";
import { InputError } from "../../src/errors.ts";

const tmp = mkdtempSync(join(tmpdir(), "scx-load-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("built-in policies", () => {
  test("are listed with simple first and a one-sentence description", () => {
    const list = listBuiltinPolicies();
    expect(list[0]?.name).toBe("simple");
    expect(list[0]?.description).toMatch(/^A simple scheduler.*\.$/);
    for (const p of list) expect(p.description.length, p.name).toBeGreaterThan(0);
  });

  test("an unknown name is an InputError that lists them", async () => {
    const err = await loadPolicy("no-such-policy").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(
      /unknown policy "no-such-policy".*built-in policies: simple/,
    );
  });

  test("build:wasm builds each once, then finds it up to date", { timeout: 120_000 }, async () => {
    const outDir = join(tmp, "wasm");
    const lines: string[] = [];
    const built = await buildBuiltins({ outDir, log: (l) => lines.push(l) });
    expect(built).toContain("simple");
    const meta = JSON.parse(readFileSync(join(outDir, "simple.json"), "utf8"));
    expect(meta).toMatchObject({
      name: "simple",
      opsMask: expect.any(Number),
      knobs: [{ name: "fifo_sched", type: "bool", defaultValue: false }],
    });
    expect(meta.description).toMatch(/^A simple scheduler/);
    expect(existsSync(join(outDir, "simple.wasm"))).toBe(true);

    const again: string[] = [];
    expect(await buildBuiltins({ outDir, log: (l) => again.push(l) })).toEqual([]);
    expect(again.find((l) => l.includes("simple"))).toMatch(/up to date/);
  });
});

describe("policy files", () => {
  test("a missing file is an InputError naming it", async () => {
    const path = join(tmp, "missing.ts");
    const err = await loadPolicy(path).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).file).toBe(path);
    expect((err as Error).message).toContain(path);
  });

  test("a file is compiled once, then served from the content cache", {
    timeout: 60_000,
  }, async () => {
    const path = join(tmp, "mine.ts");
    writeFileSync(
      path,
      readFileSync(new URL("../fixtures/policies/rr.ts", import.meta.url), "utf8"),
    );
    const first = await loadPolicy(path, { release: false });
    expect(first.name).toBe("mine");
    expect(first.knobs).toEqual([{ name: "slice_ns", type: "u64", defaultValue: 50000 }]);
    expect(existsSync(join(policyCacheDir, `${first.hash}.wasm`))).toBe(true);

    const t0 = performance.now();
    const second = await loadPolicy(path, { release: false });
    expect(performance.now() - t0).toBeLessThan(500);
    expect(second.hash).toBe(first.hash);
    expect(Buffer.from(second.wasm).equals(Buffer.from(first.wasm))).toBe(true);
    expect(second.knobs).toEqual(first.knobs);
    expect(second.opsMask).toBe(first.opsMask);
  });

  test("a file that does not compile is a PolicyCompileError naming the file", {
    timeout: 60_000,
  }, async () => {
    const path = join(tmp, "broken.ts");
    writeFileSync(
      path,
      'import { Ops, register } from "scx";\nclass B extends Ops {\n  init(): i32 { return nope; }\n}\nregister(new B(), "b");\n',
    );
    const err = await loadPolicy(path, { release: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PolicyCompileError);
    expect((err as Error).message).toBe("broken.ts:3:24 error TS2304: Cannot find name 'nope'.");
  });
});
