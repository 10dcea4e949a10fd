// Bounds on what a policy may do, compiled into its module (docs/safety.md). After asc has
// compiled the policy with the engine and before it optimizes, this pass rewrites the module
// with the compiler's own Binaryen instance (an asc transform, so it runs the same in Node, a
// worker thread and a Web Worker):
//
// - Budget: at every loop header of the policy's own functions, and at the entry of those that
//   call policy code (leaves need no check: every cycle of calls passes through the others),
//   one unit is taken from the engine's global `budgetLeft` (assembly/scx/exit.ts); below zero the
//   module traps (`unreachable`). The engine refills the budget when a callback starts, so a
//   callback that loops forever ends within `limit` units, like the BPF verifier's bound on a
//   program. The check is a few instructions and lets the optimizer inline policy code as before.
// - Memory: every `memory.grow` (the allocator's, or the policy's own) asks a helper first,
//   which refuses growth past a page limit the host sets and remembers that it refused; the
//   allocator then traps and the host reports the limit instead of "unreachable".
//
// The host reaches both through functions this pass exports (BUDGET_EXPORTS).
import type binaryenNs from "binaryen";
import { DEFAULT_MEMORY_MIB } from "../sim/limits.ts";

type Binaryen = typeof binaryenNs;
type BinaryenModule = binaryenNs.Module;
type ExpressionRef = number;
/**
 * binaryen.js's expression and function wrappers (`binaryen.Loop.getBody(ref)`, …), which its
 * type declarations leave out.
 */
type Wrappers = Record<string, Record<string, (ref: number, arg?: number) => number & number[]>>;

/** What the instrumented module exports for the host. */
export const BUDGET_EXPORTS = {
  /** `(limit: i32) => void`: the budget of each callback (and of the top-level code, if called before `_start`). */
  setBudget: "__scx_set_budget",
  /** `() => i32`: units left; negative right after the budget trap. */
  budgetLeft: "__scx_budget_left",
  /** `() => f64`: units used by every callback that returned. */
  budgetUsed: "__scx_budget_used",
  /** `(pages: i32) => void`: the most linear memory may grow to, in 64 KiB pages. */
  setMemoryLimit: "__scx_set_memory_limit",
  /** `() => i32`: 1 if the last `memory.grow` was refused for the limit. */
  memoryRefused: "__scx_memory_refused",
} as const;

/** Names of the engine's globals the instrumentation uses (assembly/scx/exit.ts). */
const ENGINE_GLOBALS = {
  left: "~lib/scx/exit/budgetLeft",
  limit: "~lib/scx/exit/budgetLimit",
  used: "~lib/scx/exit/budgetUsed",
};
const MEM_LIMIT = "~scx/memoryLimitPages";
const MEM_REFUSED = "~scx/memoryRefused";
const GROW_CHECK = "~scx/growCheck";

/** The policy file is `policy.ts` to the compiler, so its functions are `policy/…`. */
export function isPolicyFunction(name: string): boolean {
  if (name === "start:policy") return true; // the top-level code
  // GC visitors (`policy/X~visit`) only walk an object's fields: no need to count them.
  return name.startsWith("policy/") && !name.endsWith("~visit");
}

export interface InstrumentStats {
  /** The engine has the budget globals, so policy code is counted. */
  budget: boolean;
  /** Policy functions given an entry check (those that call policy code). */
  functions: number;
  /** Loops given a header check. */
  loops: number;
  /** `memory.grow` sites routed through the limit. */
  grows: number;
}

/** Rewrites `module` in place (see the file comment). */
export function instrumentModule(b: Binaryen, module: BinaryenModule): InstrumentStats {
  // An engine without the budget globals (the compile tests' fake engine) gets the memory
  // limit only; the host sees that the budget exports are missing.
  const budget = Object.values(ENGINE_GLOBALS).every((name) => module.getGlobal(name) !== 0);
  const stats: InstrumentStats = { budget, functions: 0, loops: 0, grows: 0 };
  const w = b as unknown as Wrappers;
  const left = ENGINE_GLOBALS.left;
  // left = left - 1 through a local of the function, so that the global is read once.
  const take = (tmp: number): ExpressionRef[] => [
    module.local.set(tmp, module.i32.sub(module.global.get(left, b.i32), module.i32.const(1))),
    module.global.set(left, module.local.get(tmp, b.i32)),
    module.if(
      module.i32.lt_s(module.local.get(tmp, b.i32), module.i32.const(0)),
      module.unreachable(),
    ),
  ];
  const addVar = (b as unknown as { _BinaryenFunctionAddVar(f: number, t: number): number })
    ._BinaryenFunctionAddVar;

  // Collect first, then rewrite: the functions added below must not be walked.
  const funcs: { ref: number; name: string; body: ExpressionRef }[] = [];
  for (let i = 0, n = module.getNumFunctions(); i < n; i++) {
    const ref = module.getFunctionByIndex(i);
    const info = b.getFunctionInfo(ref);
    if (info.module || !info.body) continue; // an import
    funcs.push({ ref, name: info.name, body: info.body });
  }
  for (const f of funcs) {
    const policy = isPolicyFunction(f.name);
    const loops: ExpressionRef[] = [];
    const grows: ExpressionRef[] = [];
    // Whether the function may call policy code (directly, or indirectly through a closure or
    // a function reference): only such a function can take part in recursion.
    let callsPolicy = false;
    walk(b, f.body, (e, id) => {
      if (id === b.LoopId) loops.push(e);
      else if (id === b.MemoryGrowId) grows.push(e);
      else if (id === b.CallId) {
        if (isPolicyFunction(w.Call.getTarget(e) as unknown as string)) callsPolicy = true;
      } else if (id === b.CallIndirectId || id === b.CallRefId) callsPolicy = true;
    });
    for (const g of grows) {
      w.MemoryGrow.setDelta(g, module.call(GROW_CHECK, [w.MemoryGrow.getDelta(g)], b.i32));
      stats.grows++;
    }
    if (!policy || !budget) continue;
    if (loops.length === 0 && !callsPolicy) continue;
    const tmp = addVar(f.ref, b.i32);
    for (const loop of loops) {
      const body = w.Loop.getBody(loop);
      w.Loop.setBody(loop, module.block(null, [...take(tmp), body], b.auto));
      stats.loops++;
    }
    // A leaf (it calls no policy code) is bounded by its loops: no entry check, so small
    // helpers stay free once inlined. Every cycle of calls passes through checked functions.
    if (!callsPolicy) continue;
    w.Function.setBody(f.ref, module.block(null, [...take(tmp), f.body], b.auto));
    stats.functions++;
  }

  // Memory: growth by `delta` pages is allowed while the total stays within the limit.
  // The default bounds any instance, also one the host does not configure (knob defaults).
  module.addGlobal(MEM_LIMIT, b.i32, true, module.i32.const(DEFAULT_MEMORY_MIB * 16));
  module.addGlobal(MEM_REFUSED, b.i32, true, module.i32.const(0));
  const delta = () => module.local.get(0, b.i32);
  const limit = () => module.global.get(MEM_LIMIT, b.i32);
  module.addFunction(
    GROW_CHECK,
    b.i32,
    b.i32,
    [],
    module.if(
      // delta <= limit keeps the sum below 2^32 (both are at most 65536 then).
      module.i32.or(
        module.i32.gt_u(delta(), limit()),
        module.i32.gt_u(module.i32.add(module.memory.size(), delta()), limit()),
      ),
      module.block(
        null,
        [module.global.set(MEM_REFUSED, module.i32.const(1)), module.i32.const(-1)],
        b.i32,
      ),
      module.block(null, [module.global.set(MEM_REFUSED, module.i32.const(0)), delta()], b.i32),
    ),
  );

  // The host's handles.
  const exported = (name: string, params: number, results: number, body: ExpressionRef) => {
    module.addFunction(name, params, results, [], body);
    module.addFunctionExport(name, name);
  };
  const arg = () => module.local.get(0, b.i32);
  exported(BUDGET_EXPORTS.setMemoryLimit, b.i32, b.none, module.global.set(MEM_LIMIT, arg()));
  exported(BUDGET_EXPORTS.memoryRefused, b.none, b.i32, module.global.get(MEM_REFUSED, b.i32));
  if (!budget) return stats;
  exported(
    BUDGET_EXPORTS.setBudget,
    b.i32,
    b.none,
    module.block(null, [
      module.global.set(ENGINE_GLOBALS.limit, arg()),
      module.global.set(ENGINE_GLOBALS.left, arg()),
    ]),
  );
  exported(BUDGET_EXPORTS.budgetLeft, b.none, b.i32, module.global.get(left, b.i32));
  exported(BUDGET_EXPORTS.budgetUsed, b.none, b.f64, module.global.get(ENGINE_GLOBALS.used, b.f64));
  return stats;
}

/**
 * Calls `visit` on every expression under `root`. Children are listed per expression kind; a
 * kind this walker does not know stops the build rather than leave a loop unchecked.
 */
function walk(
  b: Binaryen,
  root: ExpressionRef,
  visit: (e: ExpressionRef, id: number) => void,
): void {
  const stack: ExpressionRef[] = [root];
  while (stack.length > 0) {
    const e = stack.pop() as ExpressionRef;
    if (!e) continue;
    const id = b.getExpressionId(e);
    visit(e, id);
    for (const c of children(b, e, id)) if (c) stack.push(c);
  }
}

function children(b: Binaryen, e: ExpressionRef, id: number): ExpressionRef[] {
  const w = b as unknown as Wrappers;
  switch (id) {
    case b.BlockId:
      return w.Block.getChildren(e);
    case b.IfId:
      return [w.If.getCondition(e), w.If.getIfTrue(e), w.If.getIfFalse(e)];
    case b.LoopId:
      return [w.Loop.getBody(e)];
    case b.BreakId:
      return [w.Break.getCondition(e), w.Break.getValue(e)];
    case b.SwitchId:
      return [w.Switch.getCondition(e), w.Switch.getValue(e)];
    case b.CallId:
      return w.Call.getOperands(e);
    case b.CallIndirectId:
      return [w.CallIndirect.getTarget(e), ...w.CallIndirect.getOperands(e)];
    case b.LocalSetId:
      return [w.LocalSet.getValue(e)];
    case b.GlobalSetId:
      return [w.GlobalSet.getValue(e)];
    case b.LoadId:
      return [w.Load.getPtr(e)];
    case b.StoreId:
      return [w.Store.getPtr(e), w.Store.getValue(e)];
    case b.UnaryId:
      return [w.Unary.getValue(e)];
    case b.BinaryId:
      return [w.Binary.getLeft(e), w.Binary.getRight(e)];
    case b.SelectId:
      return [w.Select.getIfTrue(e), w.Select.getIfFalse(e), w.Select.getCondition(e)];
    case b.DropId:
      return [w.Drop.getValue(e)];
    case b.ReturnId:
      return [w.Return.getValue(e)];
    case b.MemoryGrowId:
      return [w.MemoryGrow.getDelta(e)];
    case b.AtomicRMWId:
      return [w.AtomicRMW.getPtr(e), w.AtomicRMW.getValue(e)];
    case b.AtomicCmpxchgId:
      return [
        w.AtomicCmpxchg.getPtr(e),
        w.AtomicCmpxchg.getExpected(e),
        w.AtomicCmpxchg.getReplacement(e),
      ];
    case b.AtomicWaitId:
      return [w.AtomicWait.getPtr(e), w.AtomicWait.getExpected(e), w.AtomicWait.getTimeout(e)];
    case b.AtomicNotifyId:
      return [w.AtomicNotify.getPtr(e), w.AtomicNotify.getNotifyCount(e)];
    case b.SIMDExtractId:
      return [w.SIMDExtract.getVec(e)];
    case b.SIMDReplaceId:
      return [w.SIMDReplace.getVec(e), w.SIMDReplace.getValue(e)];
    case b.SIMDShuffleId:
      return [w.SIMDShuffle.getLeft(e), w.SIMDShuffle.getRight(e)];
    case b.SIMDTernaryId:
      return [w.SIMDTernary.getA(e), w.SIMDTernary.getB(e), w.SIMDTernary.getC(e)];
    case b.SIMDShiftId:
      return [w.SIMDShift.getVec(e), w.SIMDShift.getShift(e)];
    case b.SIMDLoadId:
      return [w.SIMDLoad.getPtr(e)];
    case b.SIMDLoadStoreLaneId:
      return [w.SIMDLoadStoreLane.getPtr(e), w.SIMDLoadStoreLane.getVec(e)];
    case b.MemoryInitId:
      return [w.MemoryInit.getDest(e), w.MemoryInit.getOffset(e), w.MemoryInit.getSize(e)];
    case b.MemoryCopyId:
      return [w.MemoryCopy.getDest(e), w.MemoryCopy.getSource(e), w.MemoryCopy.getSize(e)];
    case b.MemoryFillId:
      return [w.MemoryFill.getDest(e), w.MemoryFill.getValue(e), w.MemoryFill.getSize(e)];
    case b.RefIsNullId:
      return [w.RefIsNull.getValue(e)];
    case b.RefAsId:
      return [w.RefAs.getValue(e)];
    case b.RefEqId:
      return [w.RefEq.getLeft(e), w.RefEq.getRight(e)];
    case b.TableGetId:
      return [w.TableGet.getIndex(e)];
    case b.TableSetId:
      return [w.TableSet.getIndex(e), w.TableSet.getValue(e)];
    case b.TableGrowId:
      return [w.TableGrow.getValue(e), w.TableGrow.getDelta(e)];
    case b.TryId:
      return [w.Try.getBody(e), ...w.Try.getCatchBodies(e)];
    case b.ThrowId:
      return w.Throw.getOperands(e);
    case b.TupleMakeId:
      return w.TupleMake.getOperands(e);
    case b.TupleExtractId:
      return [w.TupleExtract.getTuple(e)];
    case b.NopId:
    case b.UnreachableId:
    case b.ConstId:
    case b.LocalGetId:
    case b.GlobalGetId:
    case b.MemorySizeId:
    case b.AtomicFenceId:
    case b.DataDropId:
    case b.RefNullId:
    case b.RefFuncId:
    case b.TableSizeId:
    case b.RethrowId:
    case b.PopId:
      return [];
    default:
      throw new Error(`budget instrumentation: unknown expression id ${id}`);
  }
}

/**
 * An asc transform (asc.main's `transforms` option) that instruments the module after it is
 * compiled and before it is optimized. A class, not an object: asc gives a class's instances
 * its Binaryen instance (`this.binaryen`), the one the module lives in.
 */
export function budgetTransform(onDone?: (stats: InstrumentStats) => void) {
  return class BudgetTransform {
    declare binaryen: Binaryen;
    afterCompile(module: BinaryenModule): void {
      const stats = instrumentModule(this.binaryen, module);
      onDone?.(stats);
    }
  };
}
