/**
 * WebAssembly SIMD (f64x2) code of `reflectRows` (accumulateReflectors.ts): rows ← rows·(I − τ·v·vᵀ)
 * on a run of contiguous entries, the inner step of forming Qᵀ and Pᵀ from stored Householder
 * reflectors (LAPACK dorg2r / dorgbr, one dlarf per reflector).
 *
 * Per row, with the entries split into lane pairs (2p, 2p+1) and at most one odd last entry:
 *   dot = (Σ_p x[2p]·v[2p]) + (Σ_p x[2p+1]·v[2p+1])  [+ x[last]·v[last]],   each Σ in order from 0,
 *   s = τ·dot;  if s ≠ 0: x[j] ← x[j] − s·v[j] for every entry.
 * The JavaScript twin in accumulateReflectors.ts does exactly these operations (two partial sums,
 * no FMA), so both paths give the same bits.
 *
 * `reflectRows(x, stride, rows, pairs, odd, v, tau)`: x and v are byte addresses of the first
 * entry (row 0 of the block, and v's matching entry), rows `stride` bytes apart; `pairs` lane
 * pairs and `odd` (0 or 1) last entries per row; rows ≥ 1.
 */

import { kernels } from '@svd/tensor';

const { F64, I32, V128 } = kernels;
type Code = kernels.Code;

const PARAMS: readonly kernels.ValType[] = [I32, I32, I32, I32, I32, I32, F64];
const [X_ADDR, STRIDE, ROWS, PAIRS, ODD, V_ADDR, TAU] = [0, 1, 2, 3, 4, 5, 6];

/** The kernel's code. */
export function reflectRowsCode(): Code {
  const f = new kernels.Code(PARAMS);
  const row = f.local(I32);
  const rowEnd = f.local(I32);
  const px = f.local(I32);
  const pv = f.local(I32);
  const vEnd = f.local(I32);
  const dot = f.local(F64);
  const s = f.local(F64);
  const acc = f.local(V128);
  const sv = f.local(V128);

  f.get(X_ADDR).set(row);
  f.get(X_ADDR).get(ROWS).get(STRIDE).i32Mul().i32Add().set(rowEnd);
  f.get(V_ADDR).get(PAIRS).i32Const(4).i32Shl().i32Add().set(vEnd);
  f.loop(); // rows
  // dot: two lane sums over the pairs, then the odd last entry
  f.v128Zero().set(acc);
  f.get(row).set(px);
  f.get(V_ADDR).set(pv);
  f.block();
  f.get(PAIRS).i32Const(1).i32LtU().brIf(0);
  f.loop();
  f.get(acc).get(px).v128Load().get(pv).v128Load().f64x2Mul().f64x2Add().set(acc);
  f.get(px).i32Const(16).i32Add().set(px);
  f.get(pv).i32Const(16).i32Add().tee(pv);
  f.get(vEnd).i32LtU().brIf(0);
  f.end();
  f.end();
  f.get(acc).f64x2ExtractLane(0).get(acc).f64x2ExtractLane(1).f64Add().set(dot);
  f.get(ODD).if();
  f.get(dot).get(px).f64Load().get(pv).f64Load().f64Mul().f64Add().set(dot);
  f.end();
  f.get(TAU).get(dot).f64Mul().tee(s);
  f.f64Const(0).f64Eq();
  f.if();
  f.else(); // s ≠ 0 (also when NaN, as `s === 0` is false in JavaScript)
  f.get(s).f64x2Splat().set(sv);
  f.get(row).set(px);
  f.get(V_ADDR).set(pv);
  f.block();
  f.get(PAIRS).i32Const(1).i32LtU().brIf(0);
  f.loop();
  f.get(px).get(px).v128Load().get(sv).get(pv).v128Load().f64x2Mul().f64x2Sub().v128Store();
  f.get(px).i32Const(16).i32Add().set(px);
  f.get(pv).i32Const(16).i32Add().tee(pv);
  f.get(vEnd).i32LtU().brIf(0);
  f.end();
  f.end();
  f.get(ODD).if();
  f.get(px).get(px).f64Load().get(s).get(pv).f64Load().f64Mul().f64Sub().f64Store();
  f.end();
  f.end();
  f.get(row).get(STRIDE).i32Add().tee(row);
  f.get(rowEnd).i32LtU().brIf(0);
  f.end(); // rows
  return f;
}
