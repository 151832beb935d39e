import * as T from '@svd/tensor';
import { type Input, type Var, asVar } from '../Var.js';
import { makeOp } from './makeOp.js';
import { unbroadcast } from './unbroadcast.js';

/**
 * Differentiable views. Forward values are @svd/tensor views (no copy); cotangents flow back
 * through the inverse view, or through a scatter into zeros for slicing and diagonals.
 */

/**
 * A view with a new shape of the same size (-1 infers one dimension); the cotangent is
 * reshaped back.
 *
 * @example
 * const M = reshape(x, [2, -1]);
 */
export function reshape(x: Input, shape: readonly number[]): Var {
  const v = asVar(x);
  return makeOp(
    'reshape',
    [v],
    (t) => T.reshape(t, shape),
    (g, ctx) => [reshape(g, ctx.inputs[0]!.shape)],
  );
}

/**
 * Reshapes to one dimension.
 *
 * @example
 * const v = flatten(A); // [2, 3] → [6]
 */
export function flatten(x: Input): Var {
  return reshape(x, [asVar(x).size]);
}

/**
 * Reorders the axes (a view); the cotangent is permuted back.
 *
 * @example
 * const y = permute(x, [2, 0, 1]);
 */
export function permute(x: Input, axes: readonly number[]): Var {
  const v = asVar(x);
  const norm = axes.map((a) => (a < 0 ? a + v.ndim : a));
  const inverse = new Array<number>(norm.length);
  norm.forEach((a, i) => {
    inverse[a] = i;
  });
  return makeOp(
    'permute',
    [v],
    (t) => T.permute(t, axes),
    (g) => [permute(g, inverse)],
  );
}

/**
 * Reverses the axes, or permutes them by `axes` when given (NumPy transpose).
 *
 * @example
 * const At = transpose(A); // [m, n] → [n, m]
 */
export function transpose(x: Input, axes?: readonly number[]): Var {
  const v = asVar(x);
  return permute(v, axes ?? [...v.shape.keys()].reverse());
}

/**
 * Exchanges two axes (a view).
 *
 * @example
 * const y = swapAxes(x, 0, -1);
 */
export function swapAxes(x: Input, a: number, b: number): Var {
  const v = asVar(x);
  const axes = [...v.shape.keys()];
  const i = a < 0 ? a + v.ndim : a;
  const j = b < 0 ? b + v.ndim : b;
  axes[i] = j;
  axes[j] = i;
  return permute(v, axes);
}

/**
 * Transpose of the last two axes (batched, no conjugation; see `adjoint` for Aᴴ).
 *
 * @example
 * const Bt = matrixTranspose(B); // [k, m, n] → [k, n, m]
 */
export function matrixTranspose(x: Input): Var {
  return swapAxes(x, -1, -2);
}

/**
 * NumPy-style basic slicing as a view (specs as in @svd/tensor's `slice`); the cotangent is
 * scattered into zeros of the input's shape.
 *
 * @example
 * const firstRow = slice(A, 0);        // A[0]
 * const evens = slice(x, [0, null, 2]); // x[0::2]
 */
export function slice(x: Input, ...specs: T.SliceSpec[]): Var {
  const v = asVar(x);
  return makeOp(
    'slice',
    [v],
    (t) => T.slice(t, ...specs),
    (g, ctx) => [sliceScatter(g, ctx.inputs[0]!.shape, specs)],
  );
}

/**
 * Zeros of `shape` with `g` written into the slice `specs`: the adjoint of `slice`.
 *
 * @example
 * const full = sliceScatter(g, [4, 3], [0]); // g: [3] placed in row 0
 */
export function sliceScatter(g: Input, shape: readonly number[], specs: readonly T.SliceSpec[]): Var {
  const v = asVar(g);
  return makeOp(
    'sliceScatter',
    [v],
    (t) => scatterInto(shape, t, (z) => T.slice(z, ...specs)),
    (gg) => [slice(gg, ...specs)],
  );
}

function scatterInto(shape: readonly number[], values: T.Tensor, view: (z: T.Tensor) => T.Tensor): T.Tensor {
  const z = T.zeros(shape, { dtype: values.dtype });
  const target = view(z);
  const offs = target.offsets();
  const src = values.toTypedArray(false);
  if (values.isComplex) {
    for (let i = 0; i < offs.length; i++) {
      z.data[2 * offs[i]!] = src[2 * i]!;
      z.data[2 * offs[i]! + 1] = src[2 * i + 1]!;
    }
  } else {
    for (let i = 0; i < offs.length; i++) z.data[offs[i]!] = src[i]!;
  }
  return z;
}

/**
 * Broadcasts to `shape` (a zero-stride view); the cotangent is summed back to the input's shape.
 *
 * @example
 * const B = broadcastTo(bias, [8, 3]); // bias: [3]
 */
export function broadcastTo(x: Input, shape: readonly number[]): Var {
  const v = asVar(x);
  return makeOp(
    'broadcastTo',
    [v],
    (t) => T.broadcastTo(t, shape),
    (g, ctx) => [unbroadcast(g, ctx.inputs[0]!.shape, ctx.inputs[0]!.dtype)],
  );
}

/**
 * PyTorch's expand: like `broadcastTo`, with -1 keeping a dimension.
 *
 * @example
 * const y = expand(x, [4, -1]); // x: [1, 3] → [4, 3]
 */
export function expand(x: Input, shape: readonly number[]): Var {
  const v = asVar(x);
  const nd = shape.length;
  return broadcastTo(
    v,
    shape.map((d, i) => (d === -1 ? (v.shape[i - (nd - v.ndim)] ?? 1) : d)),
  );
}

/**
 * Inserts a length-1 axis at `axis`.
 *
 * @example
 * const col = unsqueeze(x, -1); // [n] → [n, 1]
 */
export function unsqueeze(x: Input, axis: number): Var {
  const v = asVar(x);
  return reshape(v, T.unsqueeze(v.value, axis).shape);
}

/**
 * Removes length-1 axes (all of them, or those in `axes`).
 *
 * @example
 * const v = squeeze(col); // [n, 1] → [n]
 */
export function squeeze(x: Input, axes?: readonly number[]): Var {
  const v = asVar(x);
  return reshape(v, T.squeeze(v.value, axes).shape);
}

/**
 * The offset-th diagonal over axes (axis1, axis2), moved to the last axis, as a view.
 *
 * @example
 * const d = diagonal(A); // [n, n] → [n]
 */
export function diagonal(x: Input, offset = 0, axis1 = -2, axis2 = -1): Var {
  const v = asVar(x);
  return makeOp(
    'diagonal',
    [v],
    (t) => T.diagonal(t, offset, axis1, axis2),
    (g, ctx) => [diagonalScatter(g, ctx.inputs[0]!.shape, offset, axis1, axis2)],
  );
}

/**
 * Zeros of `shape` with `g` on the given diagonal: the adjoint of `diagonal`.
 *
 * @example
 * const D = diagonalScatter(s, [3, 3]); // s: [3] on the main diagonal
 */
export function diagonalScatter(g: Input, shape: readonly number[], offset = 0, axis1 = -2, axis2 = -1): Var {
  const v = asVar(g);
  return makeOp(
    'diagonalScatter',
    [v],
    (t) => scatterInto(shape, t, (z) => T.diagonal(z, offset, axis1, axis2)),
    (gg) => [diagonal(gg, offset, axis1, axis2)],
  );
}

/**
 * Converts between float64 and float32 (or complex128 and complex64); the cotangent is cast
 * back to the input's precision.
 *
 * @example
 * const x32 = castReal(x, 'float32');
 */
export function castReal(x: Input, dtype: T.DType): Var {
  const v = asVar(x);
  if (v.dtype === dtype) return v;
  const from = v.dtype;
  return makeOp(
    'cast',
    [v],
    (t) => castTensor(t, dtype),
    (g) => [castReal(g, from)],
  );
}

/**
 * Precision conversion of a plain tensor (complex stays complex, real stays real): the forward
 * of `castReal`, exported for rules that need it.
 *
 * @example
 * const t32 = castTensor(tensor([1, 2]), 'float32');
 */
export function castTensor(t: T.Tensor, dtype: T.DType): T.Tensor {
  if (t.dtype === dtype) return t;
  if (T.isComplex(t.dtype) !== T.isComplex(dtype)) {
    throw new T.DTypeError('cast', `can only change precision, not ${t.dtype} → ${dtype}`);
  }
  const src = t.toTypedArray(false);
  const out = T.internal.allocate(dtype, t.size);
  out.set(src);
  return new T.Tensor(out, dtype, t.shape);
}

/**
 * A contiguous copy (the identity for differentiation).
 *
 * @example
 * const y = contiguous(transpose(A));
 */
export function contiguous(x: Input): Var {
  const v = asVar(x);
  return makeOp(
    'contiguous',
    [v],
    (t) => t.contiguous(),
    (g) => [g],
  );
}
