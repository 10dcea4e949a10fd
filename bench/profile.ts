// `npm run profile`: where the engine's instructions go, per event, on the bench scenario.
// Wall-clock profiles on a small shared VM swing by ±10 %, too much to judge a change of a
// few percent; instruction counts do not. The engine is built as the release build but with
// function names, run under valgrind's callgrind twice — for PROFILE_SHORT_S and
// PROFILE_LONG_S simulated seconds — and the two counts are subtracted, which removes start-up
// (Node, compilation, the initial burst of 2,048 wakeups) and leaves the steady state. V8's
// perf map (--perf-basic-prof) names the machine code of each wasm function; --no-liftoff makes
// every function optimized code from the start, as in a long run.
//
// Needs valgrind (Debian's `valgrind`); takes about a minute. Prints instructions per event in
// all and per function (self), and how often each function is entered per event.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compilePolicySource } from "../src/compile/compilePolicy.ts";
import { engineSources, loadAsc } from "../src/compile/index.ts";
import { benchRequest } from "./scenario.ts";

const SHORT_S = Number(process.env.PROFILE_SHORT_S ?? 3);
const LONG_S = Number(process.env.PROFILE_LONG_S ?? 13);
const TOP = Number(process.env.PROFILE_TOP ?? 30);

/** Function names by index (imports first), from the name section. */
function functionNames(wasm: Uint8Array): string[] {
  const [section] = WebAssembly.Module.customSections(new WebAssembly.Module(wasm.slice()), "name");
  const names: string[] = [];
  if (!section) return names;
  const b = new Uint8Array(section);
  let at = 0;
  const leb = () => {
    let v = 0;
    let shift = 0;
    for (;;) {
      const byte = b[at++] as number;
      v += (byte & 0x7f) * 2 ** shift;
      shift += 7;
      if (byte < 0x80) return v;
    }
  };
  while (at < b.length) {
    const id = b[at++];
    const size = leb();
    const end = at + size;
    if (id === 1) {
      const n = leb();
      for (let k = 0; k < n; k++) {
        const idx = leb();
        const len = leb();
        names[idx] = new TextDecoder().decode(b.subarray(at, at + len));
        at += len;
      }
    }
    at = end;
  }
  return names;
}

/** The driver valgrind runs: plain Node, no TypeScript, the engine ABI only. */
const DRIVER = `
import { readFileSync } from "node:fs";
const [wasmFile, machFile, wlFile, seconds, opsMask] = process.argv.slice(2);
const mod = new WebAssembly.Module(readFileSync(wasmFile));
let mem;
const inst = new WebAssembly.Instance(mod, { env: { abort() { throw new Error("abort"); }, trace() {}, seed() { return 1; }, "console.log"() {} } });
const x = inst.exports; mem = x.memory;
x._start();
const put = (file) => { const b = readFileSync(file); const a = new Float64Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength)); const p = x.abi_alloc(a.length * 8); new Float64Array(mem.buffer, p, a.length).set(a); return [p, a.length]; };
const [mp, ml] = put(machFile);
const [wp, wl] = put(wlFile);
if (x.abi_setup(mp, ml, wp, wl, 1, Number(seconds) * 1e9, Number(opsMask), 0) !== 0) {
  const p = x.abi_exit_msg();
  const len = new Uint32Array(mem.buffer, p - 4, 1)[0];
  throw new Error("setup failed: " + String.fromCharCode(...new Uint16Array(mem.buffer, p, len / 2)));
}
x.abi_start();
let st;
do { st = x.abi_run(1e18, 65536); x.__collect(); } while (st === 0);
console.log("events", x.abi_events());
`;

interface Count {
  events: number;
  self: Map<string, number>;
  entries: Map<string, number>;
}

function callgrind(dir: string, seconds: number, opsMask: number, names: string[]): Count {
  for (const f of readdirSync("/tmp"))
    if (/^perf-\d+\.map$/.test(f)) rmSync(join("/tmp", f), { force: true });
  const out = join(dir, `cg.${seconds}.out`);
  const run = spawnSync(
    "valgrind",
    [
      "--tool=callgrind",
      "--dump-instr=yes",
      `--callgrind-out-file=${out}`,
      process.execPath,
      "--no-liftoff",
      "--single-threaded",
      "--perf-basic-prof",
      join(dir, "driver.mjs"),
      join(dir, "engine.wasm"),
      join(dir, "machine.f64"),
      join(dir, "workload.f64"),
      String(seconds),
      String(opsMask),
    ],
    // V8 also writes an isolate log into the working directory: keep it in the scratch one.
    { encoding: "utf8", maxBuffer: 1 << 26, cwd: dir },
  );
  const m = /events (\d+)/.exec(run.stdout);
  if (run.status !== 0 || !m) throw new Error(`valgrind failed: ${run.stderr.slice(-2000)}`);
  const maps = readdirSync("/tmp").filter((f) => /^perf-\d+\.map$/.test(f));
  return {
    events: Number(m[1]),
    ...attribute(
      out,
      maps.map((f) => join("/tmp", f)),
      names,
    ),
  };
}

/** Self instructions and entries per named function, from callgrind's per-instruction counts. */
function attribute(cgFile: string, mapFiles: string[], names: string[]) {
  const ranges: { start: number; end: number; name: string }[] = [];
  for (const f of mapFiles) {
    for (const line of readFileSync(f, "utf8").split("\n")) {
      const [a, sz, ...rest] = line.split(" ");
      // "JS:<name or wasm-function[i]>-<i>-turbofan": the function index is the number.
      const m = /^JS:.*-(\d+)-turbofan$/.exec(rest.join(" "));
      if (!a || !sz || !m) continue;
      const start = Number.parseInt(a, 16);
      ranges.push({
        start,
        end: start + Number.parseInt(sz, 16),
        name: names[Number(m[1])] ?? rest.join(" "),
      });
    }
  }
  ranges.sort((p, q) => p.start - q.start);
  const find = (addr: number) => {
    let lo = 0;
    let hi = ranges.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const r = ranges[mid] as (typeof ranges)[number];
      if (addr < r.start) hi = mid - 1;
      else if (addr >= r.end) lo = mid + 1;
      else return r;
    }
    return null;
  };
  const self = new Map<string, number>();
  const entries = new Map<string, number>();
  let addr = 0;
  let skipNext = false;
  for (const line of readFileSync(cgFile, "utf8").split("\n")) {
    if (line.startsWith("calls=")) {
      skipNext = true; // the next line is the call's inclusive cost
      continue;
    }
    const c = line[0];
    if (c === undefined || !"+-0123456789".includes(c)) continue;
    const parts = line.split(" ");
    const p = parts[0] as string;
    if (p.startsWith("0x")) addr = Number.parseInt(p, 16);
    else if (p.startsWith("+")) addr += Number(p.slice(1));
    else if (p.startsWith("-")) addr -= Number(p.slice(1));
    if (parts.length < 3) continue;
    if (skipNext) {
      skipNext = false;
      continue;
    }
    const r = find(addr);
    if (!r) continue;
    const n = Number(parts[2]);
    self.set(r.name, (self.get(r.name) ?? 0) + n);
    if (addr === r.start) entries.set(r.name, (entries.get(r.name) ?? 0) + n);
  }
  return { self, entries };
}

async function main() {
  const which = spawnSync("valgrind", ["--version"], { encoding: "utf8" });
  if (which.status !== 0) {
    console.error("npm run profile needs valgrind (apt-get install valgrind)");
    process.exit(1);
  }
  const req = await benchRequest(LONG_S * 1e9);
  // The release build as the bench runs it, with a name section for the profile.
  const { wasm } = await compilePolicySource(
    await loadAsc(),
    req.policy.source,
    "simple",
    engineSources(),
    {
      release: true,
      names: true,
    },
  );
  const dir = mkdtempSync(join(tmpdir(), "scx-profile-"));
  try {
    writeFileSync(join(dir, "engine.wasm"), wasm);
    const names = functionNames(wasm);
    writeFileSync(
      join(dir, "machine.f64"),
      new Uint8Array(req.machine.buffer, req.machine.byteOffset, req.machine.byteLength),
    );
    writeFileSync(
      join(dir, "workload.f64"),
      new Uint8Array(req.workload.buffer, req.workload.byteOffset, req.workload.byteLength),
    );
    writeFileSync(join(dir, "driver.mjs"), DRIVER);
    const a = callgrind(dir, SHORT_S, req.policy.opsMask, names);
    const b = callgrind(dir, LONG_S, req.policy.opsMask, names);
    const events = b.events - a.events;
    const per = (m: Map<string, number>, n: Map<string, number>) =>
      new Map([...m].map(([k, v]) => [k, (v - (n.get(k) ?? 0)) / events]));
    const self = per(b.self, a.self);
    const entries = per(b.entries, a.entries);
    const total = [...self.values()].reduce((s, v) => s + v, 0);
    console.log(
      `bench scenario, ${SHORT_S} s → ${LONG_S} s simulated: ${events} events, ` +
        `${total.toFixed(0)} wasm instructions per event (${execFileSync(process.execPath, ["--version"]).toString().trim()})`,
    );
    console.log("instr/event  share  calls/event  function");
    for (const [name, v] of [...self].sort((p, q) => q[1] - p[1]).slice(0, TOP)) {
      console.log(
        `${v.toFixed(1).padStart(11)}  ${((100 * v) / total).toFixed(1).padStart(4)}%  ${(entries.get(name) ?? 0).toFixed(2).padStart(11)}  ${name}`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
