import * as asc from "assemblyscript/asc";
import { describe, expect, test } from "vitest";
import { compilePolicySource, lineColumn } from "../../src/compile/compilePolicy.ts";
import { PolicyCompileError } from "../../src/compile/PolicyCompileError.ts";
import { InputError } from "../../src/errors.ts";
import { fakeEngine } from "./fakeEngine.ts";

async function compileError(source: string, fileName = "my.ts"): Promise<PolicyCompileError> {
  try {
    await compilePolicySource(asc, source, "my", fakeEngine, { fileName });
  } catch (e) {
    if (e instanceof PolicyCompileError) return e;
    throw e;
  }
  throw new Error("expected a compile error");
}

describe("compile errors", () => {
  test("carry file, 1-based line and column, code and message, listed in the message", async () => {
    const src = [
      'import { Ops, Task, register } from "scx";',
      "class P extends Ops {",
      "  init(): i32 {",
      "    return missing_name;",
      "  }",
      "  enqueue(p: Task, enq_flags: u64): void {",
      '    let x: i32 = "str";',
      "  }",
      "}",
      'register(new P(), "p");',
    ].join("\n");
    const err = await compileError(src);
    expect(err).toBeInstanceOf(InputError);
    expect(err.diagnostics).toEqual([
      {
        file: "my.ts",
        line: 4,
        column: 12,
        code: 2304,
        message: "Cannot find name 'missing_name'.",
      },
      {
        file: "my.ts",
        line: 7,
        column: 18,
        code: 2322,
        message: "Type '~lib/string/String' is not assignable to type 'i32'.",
      },
    ]);
    expect(err.message).toBe(
      "my.ts:4:12 error TS2304: Cannot find name 'missing_name'.\n" +
        "my.ts:7:18 error TS2322: Type '~lib/string/String' is not assignable to type 'i32'.",
    );
  });

  test("a syntax error", async () => {
    const err = await compileError(
      'import { Ops } from "scx";\nclass P extends Ops {\n  init(): i32 { return 0 }\n  oops(\n}\n',
    );
    expect(err.message).toBe(
      "my.ts:4:7 error TS1003: Identifier expected.\nmy.ts:5:2 error TS1005: '}' expected.",
    );
  });

  test("an import the engine does not have", async () => {
    const err = await compileError(
      'import { no_such_helper } from "scx";\nno_such_helper();\n',
      "x.ts",
    );
    expect(err.message).toMatch(/^x\.ts:1:\d+ error TS\d+: .*no_such_helper/);
  });

  test("lineColumn counts lines from 1 and columns from 1 (CRLF too)", () => {
    expect(lineColumn("abc", 0)).toEqual({ line: 1, column: 1 });
    expect(lineColumn("ab\ncd", 4)).toEqual({ line: 2, column: 2 });
    expect(lineColumn("ab\r\ncd", 5)).toEqual({ line: 2, column: 2 });
  });
});
