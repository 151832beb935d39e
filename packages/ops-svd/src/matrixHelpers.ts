import type * as T from '@svd/tensor';
import { type Var, adjoint, matmul, mul, slice, sub, unsqueeze } from '@svd/tape';

/** Columns [start, stop) of a batch of matrices. */
export function columns(x: Var, start: number, stop: number): Var {
  const specs: T.SliceSpec[] = x.shape.map((_, i) => (i === x.ndim - 1 ? [start, stop] : null));
  return slice(x, ...specs);
}

/** X · diag(d) for a batch (scales columns). */
export function scaleColumns(x: Var, d: Var): Var {
  return mul(x, unsqueeze(d, -2));
}

/** diag(d) · X for a batch (scales rows). */
export function scaleRows(d: Var, x: Var): Var {
  return mul(unsqueeze(d, -1), x);
}

/** Aᴴ·B. */
export function adjointTimes(a: Var, b: Var): Var {
  return matmul(adjoint(a), b);
}

/** The anti-Hermitian part (X − Xᴴ)/2. */
export function antiHermitian(x: Var): Var {
  return mul(sub(x, adjoint(x)), 0.5);
}

export function rowsOf(x: { shape: readonly number[] }): number {
  return x.shape[x.shape.length - 2]!;
}

export function colsOf(x: { shape: readonly number[] }): number {
  return x.shape[x.shape.length - 1]!;
}
