import {
  type DType,
  ShapeError,
  type Tensor,
  ValueError,
  broadcastShapes,
  broadcastTo,
  describeValue,
  internal,
  isComplex,
  isTensor,
  promoteTypes,
  reshape,
} from '@svd/tensor';

const { fmtShape } = internal;
import { type MatrixBatch, fromTensor } from './batch.js';
import { checkMatrix, checkSquare } from './checkInput.js';

/**
 * The coefficient matrices and right-hand sides of a batched solve, broadcast against each other.
 *
 * B is a single vector when it is 1-D (shape [n]; the result is then [..., n]); otherwise it is
 * a stack of n×k matrices [..., n, k] whose batch axes broadcast with A's (NumPy 2 semantics:
 * for a batch of vectors pass B[..., n, 1]).
 */
export interface SolveOperands {
  a: MatrixBatch;
  /** Right-hand sides, one n×k block per batch element of `a` (k = 1 for a vector B). */
  b: MatrixBatch;
  /** Shape of the solution X. */
  outShape: number[];
  vector: boolean;
  dtype: DType;
}

export function readSolveOperands(op: string, A: Tensor, B: Tensor): SolveOperands {
  const At = checkMatrix(op, A, 'the coefficient matrix');
  checkSquare(op, At);
  const n = At.shape[At.ndim - 1]!;
  const aBatch = At.shape.slice(0, At.ndim - 2);
  if (!isTensor(B)) {
    throw new ValueError(
      op,
      `the right-hand side must be a Tensor, got ${describeValue(B)} (wrap arrays with tensor())`,
    );
  }
  if (B.ndim === 0) {
    throw new ShapeError(
      op,
      `expected the right-hand side to be a vector [n] or a stack of matrices [..., n, k], got shape ${fmtShape(B.shape)}`,
    );
  }
  const dtype = promoteTypes(At.dtype, B.dtype);
  // Mixed real/complex operands: both are read as complex (the real one with zero imaginary parts).
  const cx = isComplex(dtype);
  if (B.ndim === 1) {
    if (B.shape[0] !== n) {
      throw new ShapeError(
        op,
        `the right-hand side has length ${B.shape[0]} but the matrix is ${n}×${n} (shapes ${fmtShape(At.shape)} and ${fmtShape(B.shape)})`,
      );
    }
    const a = fromTensor(op, At, cx);
    const col = reshape(B, [n, 1]);
    // Every batch element shares the one vector: broadcast the batch axes (zero strides).
    const b = fromTensor(op, aBatch.length === 0 ? col : broadcastTo(col, [...aBatch, n, 1]), cx);
    return { a, b, outShape: [...aBatch, n], vector: true, dtype };
  }
  const bRows = B.shape[B.ndim - 2]!;
  const k = B.shape[B.ndim - 1]!;
  if (bRows !== n) {
    throw new ShapeError(
      op,
      `the right-hand side has ${bRows} rows but the matrix is ${n}×${n} (shapes ${fmtShape(At.shape)} and ${fmtShape(B.shape)})`,
    );
  }
  const bBatch = B.shape.slice(0, B.ndim - 2);
  const batch = broadcastShapes(op, aBatch, bBatch);
  const a = fromTensor(op, sameShape(aBatch, batch) ? At : broadcastTo(At, [...batch, n, n]), cx);
  const b = fromTensor(op, sameShape(bBatch, batch) ? B : broadcastTo(B, [...batch, n, k]), cx);
  return { a, b, outShape: [...batch, n, k], vector: false, dtype };
}

function sameShape(x: readonly number[], y: readonly number[]): boolean {
  return x.length === y.length && x.every((d, i) => d === y[i]);
}
