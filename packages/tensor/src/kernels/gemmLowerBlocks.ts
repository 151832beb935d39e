/**
 * The lower block triangle of a product, as the blocked symmetric reductions need it (dsytrd's
 * trailing update A₂₂ −= V·Wᵀ + W·Vᵀ is symmetric, so only the lower triangle is formed): for
 * each block of `block` rows from r0 = 0, block, 2·block, …
 *
 *   C[r0 : r0+block, 0 : r0+block] ← alpha · A[r0 : r0+block, :] · B[:, 0 : r0+block] + beta · C[…],
 *
 * one `gemm` call per block (so the diagonal blocks are formed in full, above the diagonal too).
 * As one call it runs on the thread pool when large enough, split by whole blocks: every block is
 * the same serial call for every thread count, so the bits do not depend on it.
 */
import { checkDims, checkOperand, type GemmOutput, type StridedOperand } from './gemmOperand.js';
import { gemm } from './gemm.js';
import { complexGemm } from './complexGemm.js';
import { ValueError } from '../errors.js';
import { lowerBlockRows } from '../threads/gemmTask.js';
import { parallelGemm } from '../threads/parallelGemm.js';

/**
 * C ← alpha·A·B + beta·C on the lower block triangle of the m×n C (see the module comment);
 * A is m×k, B is k×n, real.
 *
 * @throws ValueError when the sizes or the block are not whole numbers ≥ 0 (block ≥ 1), or an operand is out of range
 *
 * @example
 * // lower 64-row blocks of C (m×m) −= [V W]·[W V]ᵀ (k2 = 2·nb)
 * gemmLowerBlocks(m, m, k2, 64, -1, rowMajor(vw, k2), transposed(rowMajor(wv, k2)), 1, rowMajor(c, ldc, off));
 */
export function gemmLowerBlocks(
  m: number,
  n: number,
  k: number,
  block: number,
  alpha: number,
  a: StridedOperand,
  b: StridedOperand,
  beta: number,
  c: GemmOutput,
): void {
  checkDims('gemmLowerBlocks', m, n, k);
  if (!Number.isInteger(block) || block < 1) {
    throw new ValueError('gemmLowerBlocks', `block must be a whole number ≥ 1, got ${block}`);
  }
  if (m === 0 || n === 0) return;
  checkOperand('gemmLowerBlocks', 'c', c, m, n, 1);
  checkOperand('gemmLowerBlocks', 'a', a, m, k, 1);
  checkOperand('gemmLowerBlocks', 'b', b, k, n, 1);
  if (k > 0 && alpha !== 0 && parallelGemm(false, m, n, k, [alpha, 0], a, b, [beta, 0], c, block)) return;
  const job = { complex: false, n, k, alpha: [alpha, 0] as const, beta: [beta, 0] as const, lowerBlock: block };
  lowerBlockRows(job, 0, m, { gemm, complexGemm }, a, b, c);
}
