// The machine files shown in docs/machines.md load, and its error examples are the real messages.

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseMachine } from "../../src/config/machine.ts";

const doc = readFileSync(new URL("../../docs/machines.md", import.meta.url), "utf8");
const jsonBlocks = [...doc.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => m[1] as string);

describe("docs/machines.md", () => {
  it("shows at least two machine files", () => {
    expect(jsonBlocks.length).toBeGreaterThanOrEqual(2);
  });

  jsonBlocks.forEach((block, i) => {
    it(`machine file example ${i + 1} loads`, () => {
      expect(() => parseMachine(JSON.parse(block), `example ${i + 1}`)).not.toThrow();
    });
  });

  it("quotes error messages the parser really gives", () => {
    const phone = JSON.parse(jsonBlocks[1] as string);
    phone.cpus[3].capacity = 2000;
    expect(() => parseMachine(phone, "my-box.json")).toThrow(
      "my-box.json: cpus[3].capacity: expected a number from 1 to 1024, got 2000",
    );
    expect(doc).toContain(
      "my-box.json: cpus[3].capacity: expected a number from 1 to 1024, got 2000",
    );
  });
});
