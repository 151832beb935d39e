/**
 * The WebAssembly SIMD (f64x2) matrix–vector kernels behind `gemv.ts`: the two products a
 * blocked Householder reduction still does one column at a time (LAPACK dlabrd's y = Aᵀ·v and
 * x = A·u over the not yet updated trailing matrix), which are half of its flops and cannot be
 * batched into a GEMM. Generated at run time with `wasmEmit.ts`, like the GEMM kernel.
 *
 * Unlike the GEMM, these kernels work on operands that already live in their module's memory:
 * the caller keeps its whole work matrix in a workspace view of that memory (`gemvWorkspace`),
 * so nothing is copied per call. Each kernel does only the vector part — whole groups of four
 * rows and whole pairs of columns — and `gemv.ts` finishes the edges in JavaScript; the summation
 * order is the one its JavaScript fallback uses (f64x2.mul then f64x2.add, no FMA), so both give
 * the same bits on every engine.
 *
 * `addT4(a, lda, groups, pairs, v, y)`: for each group of 4 rows (in order), for each column pair,
 *   y[c] = y[c] + v₀·A[r₀, c] + v₁·A[r₁, c] + v₂·A[r₂, c] + v₃·A[r₃, c] (left to right).
 * `dots4(a, lda, groups, pairs, u, x)`: for each row, lane sums s_even = Σ A[r, 2p]·u[2p] and
 *   s_odd = Σ A[r, 2p+1]·u[2p+1] over the pairs in order, and x[r] = s_even + s_odd.
 * Addresses and lda are in bytes; groups, pairs ≥ 1.
 */
import { PAGE } from './wasmPanelArena.js';
import { Code, I32, V128, wasmModule, wasmModuleImportingMemory } from './wasmEmit.js';
import { wasmSimdSupported } from './gemmWasm.js';

type Kernel = (a: number, lda: number, groups: number, pairs: number, vec: number, out: number) => void;

function addT4Code(): Code {
  const f = new Code([I32, I32, I32, I32, I32, I32]);
  const [a, lda, groups, pairs, v, y] = [0, 1, 2, 3, 4, 5];
  const aEnd = f.local(I32);
  const row = f.local(I32);
  const vp = f.local(I32);
  const p = [f.local(I32), f.local(I32), f.local(I32), f.local(I32)];
  const py = f.local(I32);
  const yEnd = f.local(I32);
  const vs = [f.local(V128), f.local(V128), f.local(V128), f.local(V128)];
  const acc = f.local(V128);
  // aEnd = a + groups·4·lda; yEnd = y + pairs·16
  f.get(a).get(groups).get(lda).i32Mul().i32Const(2).i32Shl().i32Add().set(aEnd);
  f.get(y).get(pairs).i32Const(4).i32Shl().i32Add().set(yEnd);
  f.get(a).set(row);
  f.get(v).set(vp);
  f.loop(); // groups
  for (let r = 0; r < 4; r++) {
    f.get(vp)
      .v128Load64Splat(8 * r)
      .set(vs[r]!);
    if (r === 0) f.get(row).set(p[0]!);
    else
      f.get(p[r - 1]!)
        .get(lda)
        .i32Add()
        .set(p[r]!);
  }
  f.get(y).set(py);
  f.loop(); // pairs
  f.get(py).v128Load().set(acc);
  for (let r = 0; r < 4; r++) {
    f.get(acc).get(vs[r]!).get(p[r]!).v128Load().f64x2Mul().f64x2Add().set(acc);
    f.get(p[r]!).i32Const(16).i32Add().set(p[r]!);
  }
  f.get(py).get(acc).v128Store();
  f.get(py).i32Const(16).i32Add().tee(py);
  f.get(yEnd).i32LtU().brIf(0);
  f.end();
  f.get(vp).i32Const(32).i32Add().set(vp);
  f.get(row).get(lda).i32Const(2).i32Shl().i32Add().tee(row);
  f.get(aEnd).i32LtU().brIf(0);
  f.end();
  return f;
}

function dots4Code(): Code {
  const f = new Code([I32, I32, I32, I32, I32, I32]);
  const [a, lda, groups, pairs, u, x] = [0, 1, 2, 3, 4, 5];
  const aEnd = f.local(I32);
  const row = f.local(I32);
  const xp = f.local(I32);
  const p = [f.local(I32), f.local(I32), f.local(I32), f.local(I32)];
  const pu = f.local(I32);
  const uEnd = f.local(I32);
  const vu = f.local(V128);
  const acc = [f.local(V128), f.local(V128), f.local(V128), f.local(V128)];
  f.get(a).get(groups).get(lda).i32Mul().i32Const(2).i32Shl().i32Add().set(aEnd);
  f.get(u).get(pairs).i32Const(4).i32Shl().i32Add().set(uEnd);
  f.get(a).set(row);
  f.get(x).set(xp);
  f.loop(); // groups
  for (let r = 0; r < 4; r++) {
    f.v128Zero().set(acc[r]!);
    if (r === 0) f.get(row).set(p[0]!);
    else
      f.get(p[r - 1]!)
        .get(lda)
        .i32Add()
        .set(p[r]!);
  }
  f.get(u).set(pu);
  f.loop(); // pairs
  f.get(pu).v128Load().set(vu);
  for (let r = 0; r < 4; r++) {
    f.get(acc[r]!).get(p[r]!).v128Load().get(vu).f64x2Mul().f64x2Add().set(acc[r]!);
    f.get(p[r]!).i32Const(16).i32Add().set(p[r]!);
  }
  f.get(pu).i32Const(16).i32Add().tee(pu);
  f.get(uEnd).i32LtU().brIf(0);
  f.end();
  for (let r = 0; r < 4; r++) {
    f.get(xp)
      .get(acc[r]!)
      .f64x2ExtractLane(0)
      .get(acc[r]!)
      .f64x2ExtractLane(1)
      .f64Add()
      .f64Store(8 * r);
  }
  f.get(xp).i32Const(32).i32Add().set(xp);
  f.get(row).get(lda).i32Const(2).i32Shl().i32Add().tee(row);
  f.get(aEnd).i32LtU().brIf(0);
  f.end();
  return f;
}

/** The instance, its memory and the current workspace view. */
export interface WasmGemv {
  addT4: Kernel;
  dots4: Kernel;
  memory: WebAssembly.Memory;
  view: Float64Array;
}

/** undefined: not tried yet; null: unavailable. */
let state: WasmGemv | null | undefined;
let compiled: WebAssembly.Module | null = null;
/** The same module with shared memory; null where that is not allowed (no SharedArrayBuffer). */
let compiledShared: WebAssembly.Module | null | undefined;

/**
 * Workspaces above this many doubles (64 MiB) get an instance of their own, dropped with its view,
 * so one huge reduction does not pin its memory for the life of the process (wasm memory never
 * shrinks); smaller ones share one instance that grows to the largest request.
 */
const SHARED_MAX_DOUBLES = 8 * 1024 * 1024;
const oneOff = new WeakMap<Float64Array, WasmGemv>();
/** The kept instance's memory when it is shared (worker threads can run the kernels on it). */
let sharedMemory: WebAssembly.Memory | null = null;
let sharedMemoryId = 0;

/**
 * The kept instance's memory is shared memory where the platform allows it (its buffer is then a
 * SharedArrayBuffer): a reduction whose work matrix lives in the workspace (the blocked
 * bidiagonalisation) passes it to the GEMM, and the thread pool's workers update it in place
 * instead of through copies. Declared up to the kept workspace's limit.
 */
const SHARED_MAX_PAGES = Math.ceil((SHARED_MAX_DOUBLES * 8) / PAGE) + 1;

function kernelFunctions(): { name: string; code: Code }[] {
  return [
    { name: 'addT4', code: addT4Code() },
    { name: 'dots4', code: dots4Code() },
  ];
}

function sharedModule(): WebAssembly.Module | null {
  if (compiledShared === undefined) {
    try {
      compiledShared =
        typeof SharedArrayBuffer === 'function'
          ? new WebAssembly.Module(wasmModuleImportingMemory(1, kernelFunctions(), SHARED_MAX_PAGES))
          : null;
    } catch {
      compiledShared = null;
    }
  }
  return compiledShared;
}

function instantiate(doubles: number, shared = false): WasmGemv | null {
  const sharedCompiled = shared ? sharedModule() : null;
  if (sharedCompiled !== null) {
    try {
      const memory = new WebAssembly.Memory({ initial: 1, maximum: SHARED_MAX_PAGES, shared: true });
      const w = wrap(new WebAssembly.Instance(sharedCompiled, { env: { memory } }), doubles);
      sharedMemory = memory;
      sharedMemoryId++;
      return w;
    } catch {
      compiledShared = null; // e.g. shared memory refused: use ordinary memory from now on
    }
  }
  try {
    compiled ??= new WebAssembly.Module(wasmModule(1, kernelFunctions()));
    return wrap(new WebAssembly.Instance(compiled, {}), doubles);
  } catch {
    return null;
  }
}

function wrap(inst: WebAssembly.Instance, doubles: number): WasmGemv {
  const memory = inst.exports.memory as WebAssembly.Memory;
  const need = Math.ceil((doubles * 8 - memory.buffer.byteLength) / PAGE);
  if (need > 0) memory.grow(need);
  return {
    addT4: inst.exports.addT4 as Kernel,
    dots4: inst.exports.dots4 as Kernel,
    memory,
    view: new Float64Array(memory.buffer),
  };
}

/** The kernels with a memory of at least `doubles` doubles, or null without wasm SIMD. */
export function wasmGemv(doubles: number, dedicated = false): WasmGemv | null {
  if (!wasmSimdSupported()) return null;
  if (dedicated || doubles > SHARED_MAX_DOUBLES) {
    const w = instantiate(doubles);
    if (w !== null) oneOff.set(w.view, w);
    return w;
  }
  if (state === undefined) state = instantiate(0, true);
  const w = state;
  if (w === null) return null;
  if (w.view.length < doubles) {
    try {
      w.memory.grow(Math.ceil((doubles * 8 - w.memory.buffer.byteLength) / PAGE));
    } catch {
      return null;
    }
    w.view = new Float64Array(w.memory.buffer);
  }
  return w;
}

/** The kernels if `data` is a current workspace view (else null: the caller runs JS). */
export function gemvFor(data: Float64Array): WasmGemv | null {
  const w = state;
  if (w !== undefined && w !== null && data === w.view) return w;
  return oneOff.get(data) ?? null;
}

/**
 * The shared memory behind `data` when it is the current view of the kept workspace and that
 * memory is shared: pool workers can then run the kernels on it (`threads/parallelGemv.ts`).
 */
export function sharedGemvMemory(data: Float64Array): WebAssembly.Memory | null {
  const w = state;
  if (sharedMemory === null || w === undefined || w === null || data !== w.view) return null;
  return sharedMemory;
}

/** A worker's instance of the kernels on the caller's shared memory (kept while that memory is current). */
let onMemory: { id: number; w: WasmGemv } | null = null;

/**
 * The kernels instantiated on `memory` (the shared workspace memory of another thread, named by
 * `id`), with a view of at least `doubles` doubles that `gemvFor` recognises; null without wasm
 * SIMD or where that fails. A posted memory arrives as a new object each time, hence the id.
 */
export function gemvOnMemory(memory: WebAssembly.Memory, id: number, doubles: number): WasmGemv | null {
  if (onMemory === null || onMemory.id !== id) {
    const mod = wasmSimdSupported() ? sharedModule() : null;
    if (mod === null) return null;
    try {
      const inst = new WebAssembly.Instance(mod, { env: { memory } });
      if (onMemory !== null) oneOff.delete(onMemory.w.view);
      const w: WasmGemv = {
        addT4: inst.exports.addT4 as Kernel,
        dots4: inst.exports.dots4 as Kernel,
        memory,
        view: new Float64Array(memory.buffer),
      };
      oneOff.set(w.view, w);
      onMemory = { id, w };
    } catch {
      return null;
    }
  }
  const w = onMemory.w;
  if (w.view.length < doubles) {
    // the caller grew the memory: a view of the posted object's (current) buffer
    oneOff.delete(w.view);
    w.view = new Float64Array(memory.buffer);
    oneOff.set(w.view, w);
  }
  return w;
}

/** An id for the kept shared memory (a new one whenever it is replaced). */
export function sharedGemvMemoryId(): number {
  return sharedMemoryId;
}
