/**
 * WebAssembly SIMD (f64x2) code of the two trailing-matrix loops of the unblocked Householder
 * bidiagonalisation (householderBidiagonalize.ts, LAPACK dgebd2), for a work matrix that lives in
 * the SVD's wasm memory. Each has a JavaScript twin there with the same operations in the same
 * order (no FMA), so the path never changes the bits.
 *
 * `columnProducts(a, stride, rows, pairs, odd, w)` — w += Σ_r v_r·A[r, :] (w = vᵀA of the left
 *   reflector), rows in groups of four added left to right into w
 *   (w ← w + v₀·a₀ + v₁·a₁ + v₂·a₂ + v₃·a₃), then the remaining rows one at a time, skipped where
 *   v_r = 0. v_r is the entry just left of each row's first entry (the reflector's column).
 * `trailingRows(a, stride, rows, pairs, odd, w, u, tq, tp)` — per row: t = τ_Q·v_r,
 *   x ← a − t·w (stored), dot = (even-lane Σ x·u) + (odd-lane Σ x·u) [+ last odd entry], and
 *   unless τ_P = 0: a ← x − (τ_P·dot)·u. u is the right reflector with its unit entry stored.
 *
 * a is the byte address of (first row, first trailing column), rows `stride` bytes apart; w and
 * u are byte addresses of the matching entries; `pairs` lane pairs and `odd` (0 or 1) last
 * entries per row; rows ≥ 1.
 */

import { kernels } from '@svd/tensor';

const { F64, I32, V128 } = kernels;
type Code = kernels.Code;

const [A_ADDR, STRIDE, ROWS, PAIRS, ODD, W_ADDR] = [0, 1, 2, 3, 4, 5];

/** The columnProducts kernel's code. */
export function columnProductsCode(): Code {
  const f = new kernels.Code([I32, I32, I32, I32, I32, I32]);
  const row = f.local(I32);
  const groupEnd = f.local(I32);
  const rowEnd = f.local(I32);
  const p = [f.local(I32), f.local(I32), f.local(I32), f.local(I32)];
  const pw = f.local(I32);
  const wEnd = f.local(I32);
  const vr = [f.local(F64), f.local(F64), f.local(F64), f.local(F64)];
  const vs = [f.local(V128), f.local(V128), f.local(V128), f.local(V128)];
  const acc = f.local(V128);
  const scalar = f.local(F64);

  f.get(A_ADDR).set(row);
  f.get(A_ADDR).get(ROWS).get(STRIDE).i32Mul().i32Add().set(rowEnd);
  // groupEnd = a + (rows & ~3)·stride
  f.get(A_ADDR).get(ROWS).i32Const(-4).i32And().get(STRIDE).i32Mul().i32Add().set(groupEnd);
  f.get(W_ADDR).get(PAIRS).i32Const(4).i32Shl().i32Add().set(wEnd);

  // groups of four rows
  f.block();
  f.get(row).get(groupEnd).i32LtU().i32Const(1).i32LtU().brIf(0); // row ≥ groupEnd: none
  f.loop();
  for (let k = 0; k < 4; k++) {
    if (k === 0) f.get(row).set(p[0]!);
    else
      f.get(p[k - 1]!)
        .get(STRIDE)
        .i32Add()
        .set(p[k]!);
    // v_r: the reflector's entry, just left of the row's first trailing entry
    f.get(p[k]!).i32Const(8).i32Sub().f64Load().set(vr[k]!);
    f.get(vr[k]!).f64x2Splat().set(vs[k]!);
  }
  f.get(W_ADDR).set(pw);
  f.block();
  f.get(PAIRS).i32Const(1).i32LtU().brIf(0);
  f.loop();
  f.get(pw).v128Load().set(acc);
  for (let k = 0; k < 4; k++) {
    f.get(acc).get(vs[k]!).get(p[k]!).v128Load().f64x2Mul().f64x2Add().set(acc);
    f.get(p[k]!).i32Const(16).i32Add().set(p[k]!);
  }
  f.get(pw).get(acc).v128Store();
  f.get(pw).i32Const(16).i32Add().tee(pw);
  f.get(wEnd).i32LtU().brIf(0);
  f.end();
  f.end();
  f.get(ODD).if();
  f.get(pw).f64Load().set(scalar);
  for (let k = 0; k < 4; k++) {
    f.get(scalar).get(vr[k]!).get(p[k]!).f64Load().f64Mul().f64Add().set(scalar);
  }
  f.get(pw).get(scalar).f64Store();
  f.end();
  f.get(row).get(STRIDE).i32Const(2).i32Shl().i32Add().tee(row);
  f.get(groupEnd).i32LtU().brIf(0);
  f.end();
  f.end();

  // remaining rows, one at a time (skipped where v_r = 0)
  f.block();
  f.get(row).get(rowEnd).i32LtU().i32Const(1).i32LtU().brIf(0);
  f.loop();
  f.get(row).i32Const(8).i32Sub().f64Load().tee(vr[0]!);
  f.f64Const(0).f64Eq();
  f.if();
  f.else();
  f.get(vr[0]!).f64x2Splat().set(vs[0]!);
  f.get(row).set(p[0]!);
  f.get(W_ADDR).set(pw);
  f.block();
  f.get(PAIRS).i32Const(1).i32LtU().brIf(0);
  f.loop();
  f.get(pw).get(pw).v128Load().get(vs[0]!).get(p[0]!).v128Load().f64x2Mul().f64x2Add().v128Store();
  f.get(p[0]!).i32Const(16).i32Add().set(p[0]!);
  f.get(pw).i32Const(16).i32Add().tee(pw);
  f.get(wEnd).i32LtU().brIf(0);
  f.end();
  f.end();
  f.get(ODD).if();
  f.get(pw).get(pw).f64Load().get(vr[0]!).get(p[0]!).f64Load().f64Mul().f64Add().f64Store();
  f.end();
  f.end();
  f.get(row).get(STRIDE).i32Add().tee(row);
  f.get(rowEnd).i32LtU().brIf(0);
  f.end();
  f.end();
  return f;
}

/** The trailingRows kernel's code. */
export function trailingRowsCode(): Code {
  const [U_ADDR, TQ, TP] = [6, 7, 8];
  const f = new kernels.Code([I32, I32, I32, I32, I32, I32, I32, F64, F64]);
  const row = f.local(I32);
  const rowEnd = f.local(I32);
  const px = f.local(I32);
  const pw = f.local(I32);
  const pu = f.local(I32);
  const wEnd = f.local(I32);
  const t = f.local(F64);
  const x = f.local(F64);
  const dot = f.local(F64);
  const s = f.local(F64);
  const tv = f.local(V128);
  const sv = f.local(V128);
  const xv = f.local(V128);
  const acc = f.local(V128);

  f.get(A_ADDR).set(row);
  f.get(A_ADDR).get(ROWS).get(STRIDE).i32Mul().i32Add().set(rowEnd);
  f.get(W_ADDR).get(PAIRS).i32Const(4).i32Shl().i32Add().set(wEnd);
  f.loop(); // rows
  f.get(TQ).get(row).i32Const(8).i32Sub().f64Load().f64Mul().tee(t);
  f.f64x2Splat().set(tv);
  f.v128Zero().set(acc);
  f.get(row).set(px);
  f.get(W_ADDR).set(pw);
  f.get(U_ADDR).set(pu);
  f.block();
  f.get(PAIRS).i32Const(1).i32LtU().brIf(0);
  f.loop();
  f.get(px).v128Load().get(tv).get(pw).v128Load().f64x2Mul().f64x2Sub().set(xv);
  f.get(px).get(xv).v128Store();
  f.get(acc).get(xv).get(pu).v128Load().f64x2Mul().f64x2Add().set(acc);
  f.get(px).i32Const(16).i32Add().set(px);
  f.get(pu).i32Const(16).i32Add().set(pu);
  f.get(pw).i32Const(16).i32Add().tee(pw);
  f.get(wEnd).i32LtU().brIf(0);
  f.end();
  f.end();
  f.get(acc).f64x2ExtractLane(0).get(acc).f64x2ExtractLane(1).f64Add().set(dot);
  f.get(ODD).if();
  f.get(px).f64Load().get(t).get(pw).f64Load().f64Mul().f64Sub().set(x);
  f.get(px).get(x).f64Store();
  f.get(dot).get(x).get(pu).f64Load().f64Mul().f64Add().set(dot);
  f.end();
  f.get(TP).f64Const(0).f64Eq();
  f.if();
  f.else();
  f.get(TP).get(dot).f64Mul().tee(s);
  f.f64x2Splat().set(sv);
  f.get(row).set(px);
  f.get(U_ADDR).set(pu);
  f.block();
  f.get(PAIRS).i32Const(1).i32LtU().brIf(0);
  f.loop();
  f.get(px).get(px).v128Load().get(sv).get(pu).v128Load().f64x2Mul().f64x2Sub().v128Store();
  f.get(px).i32Const(16).i32Add().set(px);
  f.get(pu).i32Const(16).i32Add().tee(pu);
  f.get(U_ADDR).get(PAIRS).i32Const(4).i32Shl().i32Add().i32LtU().brIf(0);
  f.end();
  f.end();
  f.get(ODD).if();
  f.get(px).get(px).f64Load().get(s).get(pu).f64Load().f64Mul().f64Sub().f64Store();
  f.end();
  f.end();
  f.get(row).get(STRIDE).i32Add().tee(row);
  f.get(rowEnd).i32LtU().brIf(0);
  f.end(); // rows
  return f;
}
