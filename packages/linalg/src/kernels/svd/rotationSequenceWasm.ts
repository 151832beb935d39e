/**
 * WebAssembly SIMD (f64x2) code of the rotation sweeps of rotationSequence.ts (LAPACK dlasr,
 * PIVOT='V', on rows): a sequence of plane rotations applied to consecutive rows of a row-major
 * matrix, two columns per f64x2 lane pair. Generated at run time with the tensor package's
 * emitter (like its GEMM and gemv kernels).
 *
 * Each column is independent and sees exactly the operations of the JavaScript loop, in the same
 * order (c·x + s·y and c·y − s·x as f64x2.mul then f64x2.add/sub, no FMA; identity rotations
 * c = 1, s = 0 skipped), so both give the same bits on every engine. Like the JS loop the sweep
 * is fused: a block of columns is carried down (or up) the rows in registers, so every element
 * is read and written once per sweep.
 *
 * `rotF(x, stride, count, blocks, pairs, cs, sn)`: rotation j (j = 0 … count−1) acts on rows j
 * and j+1 of the matrix at byte address x (rows `stride` bytes apart), first on `blocks` blocks
 * of 2·SWEEP_BLOCK_PAIRS columns, then on `pairs` blocks of 2 columns after them; cs and sn are
 * the byte addresses of the count cosines and sines. `rotB` is the same in backward order (j = count−1 … 0).
 * count ≥ 1.
 */

import { kernels } from '@svd/tensor';

const { F64, I32, V128 } = kernels;
type Code = kernels.Code;

const PARAMS: readonly kernels.ValType[] = [I32, I32, I32, I32, I32, I32, I32];
const [X_ADDR, STRIDE, COUNT, BLOCKS, PAIRS, CS, SN] = [0, 1, 2, 3, 4, 5, 6];

/**
 * Lane pairs (f64x2 registers) per column block of the main loop: 2·SWEEP_BLOCK_PAIRS columns.
 * 8 (16 columns, 16 carried and fresh registers) measured within noise of 4 at 32² and 64²
 * (CPU time, [64, 32, 32] 8.8–9.4 vs 9.1–9.3 ms), so the smaller register footprint is kept.
 */
export const SWEEP_BLOCK_PAIRS = 4;

interface Locals {
  col: number;
  colEnd: number;
  p: number;
  q: number;
  ci: number;
  si: number;
  csEnd: number;
  c: number;
  s: number;
  cv: number;
  sv: number;
  carried: number[];
  fresh: number[];
}

function declareLocals(f: Code): Locals {
  return {
    col: f.local(I32),
    colEnd: f.local(I32),
    p: f.local(I32),
    q: f.local(I32),
    ci: f.local(I32),
    si: f.local(I32),
    csEnd: f.local(I32),
    c: f.local(F64),
    s: f.local(F64),
    cv: f.local(V128),
    sv: f.local(V128),
    carried: Array.from({ length: SWEEP_BLOCK_PAIRS }, () => f.local(V128)),
    fresh: Array.from({ length: SWEEP_BLOCK_PAIRS }, () => f.local(V128)),
  };
}

/** Pushes (c == 1) & (s == 0) after loading c, s from ci, si. */
function loadRotationIsIdentity(f: Code, L: Locals): void {
  f.get(L.ci).f64Load().set(L.c);
  f.get(L.si).f64Load().set(L.s);
  f.get(L.c).f64Const(1).f64Eq().get(L.s).f64Const(0).f64Eq().i32And();
}

/**
 * Forward sweep over `blocks` (a param) column blocks of `g` f64x2 lanes, starting at column
 * byte offset L.col (advanced past them).
 */
function forwardBlocks(f: Code, L: Locals, g: number, blocks: number): void {
  const X = L.carried;
  const Y = L.fresh;
  f.block();
  f.get(blocks).i32Const(1).i32LtU().brIf(0); // no blocks: skip
  f.get(L.col)
    .get(blocks)
    .i32Const(4 + Math.log2(g))
    .i32Shl()
    .i32Add()
    .set(L.colEnd);
  f.loop(); // column blocks
  f.get(L.col).set(L.p);
  for (let k = 0; k < g; k++)
    f.get(L.p)
      .v128Load(16 * k)
      .set(X[k]!);
  f.get(CS).set(L.ci);
  f.get(SN).set(L.si);
  f.loop(); // rotations
  f.get(L.p).get(STRIDE).i32Add().set(L.q);
  for (let k = 0; k < g; k++)
    f.get(L.q)
      .v128Load(16 * k)
      .set(Y[k]!);
  rotateInto(f, L, g, L.p, X, Y, true);
  f.get(L.q).set(L.p);
  f.get(L.si).i32Const(8).i32Add().set(L.si);
  f.get(L.ci).i32Const(8).i32Add().tee(L.ci);
  f.get(L.csEnd).i32LtU().brIf(0);
  f.end(); // rotations
  for (let k = 0; k < g; k++)
    f.get(L.p)
      .get(X[k]!)
      .v128Store(16 * k);
  f.get(L.col)
    .i32Const(16 * g)
    .i32Add()
    .tee(L.col);
  f.get(L.colEnd).i32LtU().brIf(0);
  f.end(); // column blocks
  f.end(); // block
}

/**
 * One rotation of a column block: the carried rows `a` and the freshly loaded rows `b` give the
 * row stored at `row` and the new carried rows. Forward (`plus`): row ← c·a + s·b, a ← c·b − s·a;
 * backward: row ← c·a − s·b, a ← c·b + s·a. An identity rotation stores a and carries b. The
 * operations are the JavaScript sweeps' (rotationSequence.ts), in their order, so the bits match.
 */
function rotateInto(
  f: Code,
  L: Locals,
  g: number,
  row: number,
  a: readonly number[],
  b: readonly number[],
  plus: boolean,
): void {
  loadRotationIsIdentity(f, L);
  f.if();
  for (let k = 0; k < g; k++) {
    f.get(row)
      .get(a[k]!)
      .v128Store(16 * k);
    f.get(b[k]!).set(a[k]!);
  }
  f.else();
  f.get(L.c).f64x2Splat().set(L.cv);
  f.get(L.s).f64x2Splat().set(L.sv);
  for (let k = 0; k < g; k++) {
    f.get(row).get(L.cv).get(a[k]!).f64x2Mul().get(L.sv).get(b[k]!).f64x2Mul();
    (plus ? f.f64x2Add() : f.f64x2Sub()).v128Store(16 * k);
    f.get(L.cv).get(b[k]!).f64x2Mul().get(L.sv).get(a[k]!).f64x2Mul();
    (plus ? f.f64x2Sub() : f.f64x2Add()).set(a[k]!);
  }
  f.end();
}

/** Backward sweep: carries the columns up from row `count`, rotation count−1 first. */
function backwardBlocks(f: Code, L: Locals, g: number, blocks: number): void {
  const Y = L.carried;
  const X = L.fresh;
  f.block();
  f.get(blocks).i32Const(1).i32LtU().brIf(0); // no blocks: skip
  f.get(L.col)
    .get(blocks)
    .i32Const(4 + Math.log2(g))
    .i32Shl()
    .i32Add()
    .set(L.colEnd);
  f.loop(); // column blocks
  // q = col + count·stride (the last row)
  f.get(L.col).get(COUNT).get(STRIDE).i32Mul().i32Add().set(L.q);
  for (let k = 0; k < g; k++)
    f.get(L.q)
      .v128Load(16 * k)
      .set(Y[k]!);
  f.get(L.csEnd).i32Const(8).i32Sub().set(L.ci);
  f.get(SN).get(L.csEnd).i32Add().get(CS).i32Sub().i32Const(8).i32Sub().set(L.si);
  f.loop(); // rotations
  f.get(L.q).get(STRIDE).i32Sub().set(L.p);
  for (let k = 0; k < g; k++)
    f.get(L.p)
      .v128Load(16 * k)
      .set(X[k]!);
  rotateInto(f, L, g, L.q, Y, X, false);
  f.get(L.p).set(L.q);
  f.get(L.si).i32Const(8).i32Sub().set(L.si);
  f.get(L.ci).i32Const(8).i32Sub().tee(L.ci);
  f.get(CS).i32GeS().brIf(0);
  f.end(); // rotations
  for (let k = 0; k < g; k++)
    f.get(L.q)
      .get(Y[k]!)
      .v128Store(16 * k);
  f.get(L.col)
    .i32Const(16 * g)
    .i32Add()
    .tee(L.col);
  f.get(L.colEnd).i32LtU().brIf(0);
  f.end(); // column blocks
  f.end(); // block
}

function sweepCode(forward: boolean): Code {
  const f = new kernels.Code(PARAMS);
  const L = declareLocals(f);
  f.get(X_ADDR).set(L.col);
  f.get(CS).get(COUNT).i32Const(3).i32Shl().i32Add().set(L.csEnd);
  const blocks = forward ? forwardBlocks : backwardBlocks;
  blocks(f, L, SWEEP_BLOCK_PAIRS, BLOCKS);
  blocks(f, L, 1, PAIRS);
  return f;
}

/** The forward (dlasr DIRECT='F') sweep kernel's code. */
export function forwardSweepCode(): Code {
  return sweepCode(true);
}

/** The backward (dlasr DIRECT='B') sweep kernel's code. */
export function backwardSweepCode(): Code {
  return sweepCode(false);
}
