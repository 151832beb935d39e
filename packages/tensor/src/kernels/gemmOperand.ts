/**
 * How `gemm` and `complexGemm` address their operands: a matrix is a flat buffer, an offset and
 * two strides, so one record describes a row-major block, its transpose, a broadcast row or a
 * column-major block alike, and the kernels need no transpose flags. Offsets and strides count
 * elements — complex elements (two reals each) for `complexGemm`.
 */
import { ValueError } from '../errors.js';

/** A real buffer the kernels read or write. */
export type RealArray = Float64Array | Float32Array;

/**
 * An m×k (or k×n) input matrix X[i, j] = data[offset + i·rowStride + j·colStride]. Strides may
 * be anything (0 broadcasts, negative walks backwards) as long as every element read lies inside
 * `data`. `conj` (complexGemm only) reads the complex conjugate of every element.
 *
 * @example
 * // the 2×3 row-major matrix in a[0..5], and its transpose, as operands
 * const x: StridedOperand = { data: a, offset: 0, rowStride: 3, colStride: 1 };
 * const xt: StridedOperand = transposed(x); // rowStride 1, colStride 3
 */
export interface StridedOperand {
  readonly data: RealArray;
  readonly offset: number;
  readonly rowStride: number;
  readonly colStride: number;
  readonly conj?: boolean;
}

/**
 * The m×n output C[i, j] = data[offset + i·rowStride + j] (rows contiguous; must not overlap
 * the inputs).
 *
 * @example
 * const c: GemmOutput = { data: new Float64Array(6), offset: 0, rowStride: 3 };
 */
export interface GemmOutput {
  readonly data: RealArray;
  readonly offset: number;
  readonly rowStride: number;
}

/**
 * The row-major matrix with leading dimension `ld` starting at `offset` of `data`.
 *
 * @example
 * gemm(2, 2, 3, 1, rowMajor(a, 3), rowMajor(b, 2), 0, rowMajor(c, 2)); // C = A·B
 */
export function rowMajor(data: RealArray, ld: number, offset = 0): StridedOperand {
  return { data, offset, rowStride: ld, colStride: 1 };
}

/**
 * The same elements read as the transposed matrix (strides swapped).
 *
 * @example
 * gemm(3, 3, 2, 1, transposed(rowMajor(a, 3)), rowMajor(a, 3), 0, rowMajor(c, 3)); // C = AᵀA
 */
export function transposed(x: StridedOperand): StridedOperand {
  return { ...x, rowStride: x.colStride, colStride: x.rowStride };
}

/**
 * The same elements read conjugated (complexGemm; `adjoint(x)` is `conjugated(transposed(x))`).
 *
 * @example
 * complexGemm(m, n, k, ONE, conjugated(transposed(rowMajor(a, m))), rowMajor(b, n), ZERO, rowMajor(c, n));
 */
export function conjugated(x: StridedOperand): StridedOperand {
  return { ...x, conj: x.conj !== true };
}

export function checkDims(op: string, m: number, n: number, k: number): void {
  for (const [name, v] of [
    ['m', m],
    ['n', n],
    ['k', k],
  ] as const) {
    if (!Number.isInteger(v) || v < 0) throw new ValueError(op, `${name} must be a non-negative integer, got ${v}`);
  }
}

/**
 * Checks that the rows×cols block of `x` lies inside its buffer; `width` is the number of reals
 * per element (2 for complex), so bounds are in elements.
 */
export function checkOperand(
  op: string,
  name: string,
  x: StridedOperand | GemmOutput,
  rows: number,
  cols: number,
  width: number,
): void {
  const colStride = 'colStride' in x ? x.colStride : 1;
  checkRange(op, name, Math.floor(x.data.length / width), x.offset, rows, x.rowStride, cols, colStride);
}

/**
 * Checks that a rows×cols block with row stride `rs` and column stride `cs` starting at `off`
 * lies inside an array of `length` elements.
 */
export function checkRange(
  op: string,
  name: string,
  length: number,
  off: number,
  rows: number,
  rs: number,
  cols: number,
  cs: number,
): void {
  if (rows === 0 || cols === 0) return;
  const r = (rows - 1) * rs;
  const q = (cols - 1) * cs;
  const lo = off + Math.min(0, r) + Math.min(0, q);
  const hi = off + Math.max(0, r) + Math.max(0, q);
  if (!Number.isInteger(off) || !Number.isInteger(rs) || !Number.isInteger(cs) || lo < 0 || hi >= length) {
    throw new ValueError(
      op,
      `${name}: a ${rows}×${cols} block at offset ${off} with strides (${rs}, ${cs}) reaches elements ` +
        `${lo}..${hi}, outside the array of length ${length}`,
    );
  }
}

/** A complex scalar as a (re, im) pair (complexGemm's alpha and beta). */
export type ComplexScalar = readonly [re: number, im: number];
