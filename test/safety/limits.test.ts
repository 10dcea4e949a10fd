// Resource caps (docs/safety.md "Memory and records"): a policy's memory is bounded — going past
// the limit ejects with a clear reason instead of exhausting the host — and the host keeps a
// bounded number of trace and call-log records, counting the rest.
import { beforeAll, describe, expect, test } from "vitest";
import { InputError } from "../../src/errors.ts";
import { DEFAULT_MEMORY_MIB } from "../../src/sim/limits.ts";
import { runSimulation } from "../../src/sim/run.ts";
import type { CompiledPolicy, RunLimits } from "../../src/sim/types.ts";
import { encodeLoopWorkload, tinyRequest } from "../sim/handEncoded.ts";
import { fixtureLine, loadSafety } from "./policies.ts";

let memhog: CompiledPolicy;
let memhogChecked: CompiledPolicy;
let random: CompiledPolicy;

beforeAll(async () => {
  memhog = await loadSafety("memhog");
  memhogChecked = await loadSafety("memhog", false);
  random = await loadSafety("random");
}, 300_000);

const hog = (policy: CompiledPolicy, mode: number, limits?: RunLimits) =>
  runSimulation(tinyRequest(policy, { params: { mode }, ...(limits ? { limits } : {}) }));

describe("the memory limit", () => {
  test("a policy that keeps memory across callbacks is ejected at the limit, naming it", async () => {
    for (const policy of [memhog, memhogChecked]) {
      const t0 = performance.now();
      const run = await hog(policy, 1, { memoryMiB: 16 });
      expect(performance.now() - t0).toBeLessThan(5000);
      expect(run.exit).toMatchObject({ kind: "ejected", code: 1024, callback: "ops.enqueue" });
      expect(run.exit.reason).toMatch(
        new RegExp(
          `^ops\\.enqueue exceeded its memory limit of 16 MiB at memhog\\.ts:${fixtureLine("memhog", "if (mode == 1)")}:\\d+$`,
        ),
      );
      expect(run.events).toBeGreaterThan(0);
    }
  });

  test("so is one that allocates without end inside one callback", async () => {
    const run = await hog(memhog, 2, { memoryMiB: 64 });
    expect(run.exit).toMatchObject({ kind: "ejected", callback: "ops.enqueue" });
    expect(run.exit.reason).toMatch(
      /^ops\.enqueue exceeded its memory limit of 64 MiB at memhog\.ts:\d+:\d+$/,
    );
  });

  test("memory.grow called by the policy itself fails at the limit, and the policy may carry on", async () => {
    const run = await hog(memhog, 3, { memoryMiB: 8 });
    expect(run.exit.kind).toBe("done");
  });

  test(`the default (${DEFAULT_MEMORY_MIB} MiB) leaves ordinary runs alone`, async () => {
    const run = await hog(memhog, 0);
    expect(run.exit.kind).toBe("done");
  });

  test.each([0, 4097, 2.5, "64"])(
    "memoryMiB %j is an InputError naming limits.memoryMiB",
    async (memoryMiB) => {
      const err = await hog(memhog, 0, { memoryMiB: memoryMiB as number }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InputError);
      expect((err as InputError).field).toBe("limits.memoryMiB");
      expect((err as Error).message).toMatch(
        /^limits\.memoryMiB: expected an integer from 1 to 4096, got /,
      );
    },
  );

  test("an unknown limit is an InputError naming it", async () => {
    const err = await hog(memhog, 0, { memMiB: 3 } as RunLimits).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).field).toBe("limits.memMiB");
  });
});

describe("records kept by the host", () => {
  const busy = (limits?: RunLimits) =>
    tinyRequest(random, {
      trace: true,
      log: true,
      workload: encodeLoopWorkload(4, 50_000, 50_000),
      durationNs: 200_000_000,
      ...(limits ? { limits } : {}),
    });

  test("past limits.traceRecords and limits.logRecords records are counted, not kept", async () => {
    const full = await runSimulation(busy());
    expect(full.traceDropped).toBeUndefined();
    expect(full.logDropped).toBeUndefined();
    const nTrace = full.trace!.byteLength / 32;
    const nLog = full.log!.byteLength / 80;
    expect(nTrace).toBeGreaterThan(2000);
    expect(nLog).toBeGreaterThan(2000);

    const capped = await runSimulation(busy({ traceRecords: 1000, logRecords: 500 }));
    expect(capped.exit).toEqual(full.exit);
    expect(capped.trace!.byteLength).toBe(1000 * 32);
    expect(capped.log!.byteLength).toBe(500 * 80);
    expect(capped.traceDropped).toBe(nTrace - 1000);
    expect(capped.logDropped).toBe(nLog - 500);
    // The records kept are the first ones, unchanged; the results do not depend on the cap.
    expect(Buffer.from(capped.trace!).equals(Buffer.from(full.trace!, 0, 1000 * 32))).toBe(true);
    expect(Array.from(capped.counters)).toEqual(Array.from(full.counters));
  });

  test("a limit of 0 keeps none", async () => {
    const run = await runSimulation(busy({ traceRecords: 0 }));
    expect(run.trace!.byteLength).toBe(0);
    expect(run.traceDropped).toBeGreaterThan(0);
  });
});
