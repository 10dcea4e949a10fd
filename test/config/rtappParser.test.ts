import { describe, expect, it } from "vitest";
import { eventOf } from "../../src/config/rtapp/events.ts";
import { parseRtJson } from "../../src/config/rtapp/parser.ts";
import { plain, type RtNode } from "../../src/config/rtapp/tree.ts";
import { InputError } from "../../src/errors.ts";

const keys = (node: RtNode) => (node.type === "object" ? node.entries.map((e) => e.key) : []);
const obj = (node: RtNode | undefined) => {
  if (node?.type !== "object") throw new Error("not an object");
  return node;
};

describe("rt-app JSON dialect", () => {
  it("keeps duplicate keys, in file order, with their own values", () => {
    const root = obj(parseRtJson('{ "run": 1, "sleep": 2, "run": 3, "run": 4 }'));
    expect(root.entries.map((e) => [e.key, plain(e.value)])).toEqual([
      ["run", 1],
      ["sleep", 2],
      ["run", 3],
      ["run", 4],
    ]);
  });

  it("skips line and block comments, also between tokens and across lines", () => {
    const root = parseRtJson(`/* head
      comment */ { // line
        "a" /* in */ : /* between */ 1, // after
        "b": "not // a comment /* either */"
      } // tail`);
    expect(plain(root)).toEqual({ a: 1, b: "not // a comment /* either */" });
  });

  it("accepts trailing commas in objects and lists", () => {
    expect(plain(parseRtJson('{ "a": [1, 2, ], "b": { "c": true, }, }'))).toEqual({
      a: [1, 2],
      b: { c: true },
    });
  });

  it("keeps value-less keys as entries without a value", () => {
    const root = obj(parseRtJson('{ "loop": -1, "suspend", "run": 5, "yield" }'));
    expect(keys(root)).toEqual(["loop", "suspend", "run", "yield"]);
    expect(root.entries[1]?.value).toBeUndefined();
    expect(root.entries[3]?.value).toBeUndefined();
  });

  it("reads strings with escapes, single quotes, numbers, booleans and null", () => {
    expect(
      plain(
        parseRtJson(
          `{ "e": "a\\"b\\u0041\\n", 's': 'x', "n": [-1.5e3, 0, 12], "t": true, "f": false, "z": null }`,
        ),
      ),
    ).toEqual({
      e: 'a"bA\n',
      s: "x",
      n: [-1500, 0, 12],
      t: true,
      f: false,
      z: null,
    });
  });

  it("records the line of every entry", () => {
    const root = obj(parseRtJson('{\n  "a": 1,\n  /* two\n lines */ "b": 2\n}'));
    expect(root.entries.map((e) => e.line)).toEqual([2, 4]);
  });

  it.each([
    [
      '{ "a": 1 "b": 2 }',
      /line 1, column 10: expected ',' or '}' in the object opened at line 1, found "b"/,
    ],
    ['{ "a": }', /line 1, column 8: expected a value, found "}"/],
    ['{ "a": 1 ', /expected ',' or '}'.*found the end of the file/],
    ["{ a: 1 }", /expected a key in quotes or '}', found "a"/],
    ['{ "a": "x\n" }', /line 1, column \d+: line break inside a string/],
    ["{ /* open", /comment opened here is never closed/],
    ['{ "a": 1 } {', /expected the end of the file/],
    ['{ "a": tru }', /expected a value, found "tru"/],
    ['{ "a": @ }', /unexpected character "@"/],
    ['["a" "b"]', /expected ',' or ']' in the list/],
  ])("reports %j with its line and column", (text, message) => {
    try {
      parseRtJson(text, "bad.json");
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      expect((e as InputError).file).toBe("bad.json");
      expect((e as Error).message).toMatch(message);
    }
  });
});

describe("rt-app event keys match by prefix", () => {
  it.each([
    ["run", "run"],
    ["run1", "run"],
    ["run_fast", "run"],
    ["runtime", "runtime"],
    ["runtime2", "runtime"],
    ["sleep_long", "sleep"],
    ["memrun", "memrun"],
    ["mem1", "mem"],
    ["lockstep", "lock"],
    ["unlock0", "unlock"],
    ["sem_post", "sem_post"],
    ["barrier3", "barrier"],
    ["timer0", "timer"],
    ["resume_b", "resume"],
  ])("%s is the %s event", (key, event) => {
    expect(eventOf(key)).toBe(event);
  });

  it.each(["loop", "priority", "policy", "cpus", "delay", "instance", "phases", "period", "Run"])(
    "%s is not an event",
    (key) => {
      expect(eventOf(key)).toBeUndefined();
    },
  );
});
