import { IndexError, ShapeError, ValueError, describeValue } from '@svd/tensor';
import { checkBoolean, checkOptions } from './checkInput.js';

/**
 * Matrix norm orders (NumPy's / torch.linalg's `ord` for matrices):
 * 'fro' Frobenius (default) · 'nuc' nuclear (sum of singular values) · 1 / -1 max / min column
 * sum of |a| · Infinity / -Infinity max / min row sum · 2 / -2 largest / smallest singular value.
 */
export type MatrixNormOrd =
  | 'fro'
  | 'nuc'
  | 1
  | -1
  | 2
  | -2
  | typeof Number.POSITIVE_INFINITY
  | typeof Number.NEGATIVE_INFINITY;

export const MATRIX_NORM_ORDS: readonly MatrixNormOrd[] = [
  'fro',
  'nuc',
  1,
  -1,
  2,
  -2,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
];

/** Options of `vectorNorm`: numpy.linalg.norm / torch.linalg.vector_norm's `ord`, axes and keepdims. */
export interface VectorNormOptions {
  /**
   * Any real p (default 2): (Σ|xᵢ|ᵖ)^(1/p); 0 counts the non-zero entries; Infinity / -Infinity
   * are max / min |xᵢ|. Negative p follows the same formula (0 if any entry is 0).
   */
  ord?: number | undefined;
  /** The axes to reduce (a number or a list); null or omitted: every element, as one flattened vector. */
  axes?: number | readonly number[] | null | undefined;
  /** Keep the reduced axes with size 1 (default false). */
  keepdims?: boolean | undefined;
}

/** Options of `matrixNorm`: the matrix `ord`, the two axes holding the matrices, keepdims. */
export interface MatrixNormOptions {
  /** 'fro' (default), 'nuc', 1, -1, 2, -2, Infinity or -Infinity (see `MatrixNormOrd`). */
  ord?: MatrixNormOrd | undefined;
  /** The row and column axes of the matrices (default [-2, -1]); the other axes are a batch. */
  axes?: readonly [number, number] | undefined;
  /** Keep the two reduced axes with size 1 (default false). */
  keepdims?: boolean | undefined;
}

/** Options of `norm`, numpy.linalg.norm's dispatcher: a vector norm over one axis, a matrix norm over two. */
export interface NormOptions {
  /** A vector `ord` (any real p) for one axis, a `MatrixNormOrd` for two; omitted: 2 for vectors, 'fro' for matrices. */
  ord?: number | 'fro' | 'nuc' | undefined;
  /** One axis (vector norm) or two (matrix norm); omitted or null: every axis (see `norm`). */
  axes?: number | readonly number[] | null | undefined;
  /** Keep the reduced axes with size 1 (default false). */
  keepdims?: boolean | undefined;
}

/** What `norm` resolves its arguments to: one vector norm or one matrix norm, with resolved options. */
export type NormPlan =
  | { readonly kind: 'vector'; readonly ord: number; readonly axes: number[] | null; readonly keepdims: boolean }
  | {
      readonly kind: 'matrix';
      readonly ord: MatrixNormOrd;
      readonly axes: [number, number];
      readonly keepdims: boolean;
    };

/**
 * Resolves the `axes` option of a norm to distinct, non-negative axes of a rank-`ndim` tensor,
 * in the order given (matrix norms care which is the row axis). A bad axis is an IndexError,
 * a repeated one a ValueError, both naming `op` and the option.
 */
export function resolveNormAxes(op: string, axes: unknown, ndim: number): number[] {
  const list = typeof axes === 'number' ? [axes] : axes;
  if (!Array.isArray(list)) {
    throw new ValueError(op, `option axes must be a number, an array of numbers or null, got ${describeValue(axes)}`);
  }
  const out = list.map((a: unknown) => {
    if (typeof a !== 'number' || !Number.isInteger(a) || a < -ndim || a >= ndim) {
      throw new IndexError(
        op,
        `option axes: axis ${describeValue(a)} is out of range for a tensor of rank ${ndim} (expected integers -${ndim} ≤ axis < ${ndim})`,
      );
    }
    return a < 0 ? a + ndim : a;
  });
  if (new Set(out).size !== out.length) {
    throw new ValueError(op, `option axes must be distinct, got [${list.join(', ')}] (duplicate axes)`);
  }
  return out;
}

/** A vector `ord`: any real number or ±Infinity, never NaN or a string. */
export function checkVectorOrd(op: string, ord: unknown): number {
  if (ord === undefined) return 2;
  if (typeof ord === 'number' && !Number.isNaN(ord)) return ord;
  throw new ValueError(
    op,
    `option ord of a vector norm must be a real number (p, 0, Infinity or -Infinity), got ${describeValue(ord)}`,
  );
}

/** A matrix `ord`: one of MATRIX_NORM_ORDS. */
export function checkMatrixOrd(op: string, ord: unknown): MatrixNormOrd {
  if (ord === undefined) return 'fro';
  if ((MATRIX_NORM_ORDS as readonly unknown[]).includes(ord)) return ord as MatrixNormOrd;
  throw new ValueError(
    op,
    `option ord of a matrix norm must be one of 'fro', 'nuc', 1, -1, 2, -2, Infinity, -Infinity, got ${describeValue(ord)}`,
  );
}

/**
 * The options object of a norm; a bare second argument is the pre-0.x-family positional `ord`
 * (`norm(A, 'nuc')`), which gets a message saying what replaced it.
 */
export function checkNormOptions(op: string, options: unknown, allowed: readonly string[]): Record<string, unknown> {
  if (typeof options === 'string' || typeof options === 'number') {
    throw new ValueError(
      op,
      `options must be an object { ${allowed.join(', ')} }, got ${describeValue(options)}: ${op}(x, ord) became ${op}(x, { ord })` +
        (op === 'norm' ? ', and matrixNorm(A, { ord }) is the batched matrix norm of the last two axes' : ''),
    );
  }
  return checkOptions(op, options, allowed);
}

/**
 * `vectorNorm`'s options, validated: the ord, the reduced axes (null = all), keepdims.
 *
 * @example
 * kernels.resolveVectorNormArgs('vectorNorm', 2, { ord: 1, axes: -1 }); // { ord: 1, axes: [1], keepdims: false }
 */
export function resolveVectorNormArgs(
  op: string,
  ndim: number,
  options: unknown,
): { ord: number; axes: number[] | null; keepdims: boolean } {
  const opts = checkNormOptions(op, options, ['ord', 'axes', 'keepdims']);
  const ord = checkVectorOrd(op, opts.ord);
  const keepdims = checkBoolean(op, 'keepdims', opts.keepdims, false);
  const axes = opts.axes === undefined || opts.axes === null ? null : resolveNormAxes(op, opts.axes, ndim);
  return { ord, axes, keepdims };
}

/**
 * `matrixNorm`'s options, validated: the ord, the [row, column] axes (default the last two), keepdims.
 *
 * @example
 * kernels.resolveMatrixNormArgs('matrixNorm', 3, { ord: 'nuc' }); // { ord: 'nuc', axes: [1, 2], keepdims: false }
 */
export function resolveMatrixNormArgs(
  op: string,
  ndim: number,
  options: unknown,
): { ord: MatrixNormOrd; axes: [number, number]; keepdims: boolean } {
  const opts = checkNormOptions(op, options, ['ord', 'axes', 'keepdims']);
  const ord = checkMatrixOrd(op, opts.ord);
  const keepdims = checkBoolean(op, 'keepdims', opts.keepdims, false);
  if (ndim < 2) {
    throw new ShapeError(
      op,
      `expected the input to have at least 2 dimensions (a matrix or a batch of matrices), got rank ${ndim}`,
    );
  }
  const axes = opts.axes === undefined ? [ndim - 2, ndim - 1] : resolveNormAxes(op, opts.axes, ndim);
  if (axes.length !== 2) {
    throw new ValueError(op, `option axes must be two axes [row, column], got ${describeValue(opts.axes)}`);
  }
  return { ord, axes: [axes[0]!, axes[1]!], keepdims };
}

/**
 * How numpy.linalg.norm dispatches, for a tensor of rank `ndim`:
 * - no `axes`, no `ord`: the 2-norm of all elements, flattened (the Frobenius norm of a matrix);
 * - no `axes`, an `ord`: a vector norm of a 1-D tensor, a matrix norm of a 2-D one; other ranks
 *   are a ShapeError (pass `axes`);
 * - one axis: a vector norm (`ord` 'fro' / 'nuc' are a ValueError there);
 * - two axes: a matrix norm (a vector-only `ord` such as 3 is a ValueError);
 * - three or more axes: a ShapeError.
 * Shared by @svd/linalg's and @svd/ops-svd's `norm`, so both dispatch identically.
 *
 * @example
 * normDispatch('norm', 2, { ord: 1 }); // { kind: 'matrix', ord: 1, axes: [0, 1], keepdims: false }
 */
export function normDispatch(op: string, ndim: number, options: unknown): NormPlan {
  const opts = checkNormOptions(op, options, ['ord', 'axes', 'keepdims']);
  const keepdims = checkBoolean(op, 'keepdims', opts.keepdims, false);
  const ord = opts.ord;
  if (opts.axes === undefined || opts.axes === null) {
    if (ord === undefined || (ord === 'fro' && ndim === 2) || (ord === 2 && ndim === 1)) {
      return { kind: 'vector', ord: 2, axes: null, keepdims };
    }
  }
  const axes =
    opts.axes === undefined || opts.axes === null ? [...Array(ndim).keys()] : resolveNormAxes(op, opts.axes, ndim);
  if (axes.length === 1) {
    if (ord === 'fro' || ord === 'nuc') {
      throw new ValueError(op, `option ord '${ord}' is a matrix norm, invalid for a vector norm over one axis`);
    }
    return { kind: 'vector', ord: checkVectorOrd(op, ord), axes, keepdims };
  }
  if (axes.length === 2) {
    return { kind: 'matrix', ord: checkMatrixOrd(op, ord), axes: [axes[0]!, axes[1]!], keepdims };
  }
  throw new ShapeError(
    op,
    opts.axes === undefined || opts.axes === null
      ? `improper number of dimensions to norm: an ord needs a 1-D or 2-D input when axes is omitted, got rank ${ndim} (pass axes)`
      : `option axes must name one axis (vector norm) or two (matrix norm), got ${axes.length}`,
  );
}
