import * as T from '@svd/tensor';
import { type Input, type Var, asVar } from '../Var.js';
import { makeOp } from './makeOp.js';
import { unbroadcast } from './unbroadcast.js';

/**
 * Differentiable views. Forward values are @svd/tensor views (no copy); cotangents flow back
 * through the inverse view, or through a scatter into zeros for slicing and diagonals.
 */

export function reshape(x: Input, shape: readonly number[]): Var {
  const v = asVar(x);
  return makeOp('reshape', [v], (t) => T.reshape(t, shape), (g, ctx) => [reshape(g, ctx.inputs[0]!.shape)]);
}

export function flatten(x: Input): Var {
  return reshape(x, [asVar(x).size]);
}

export function permute(x: Input, axes: readonly number[]): Var {
  const v = asVar(x);
  const norm = axes.map((a) => (a < 0 ? a + v.ndim : a));
  const inverse = new Array<number>(norm.length);
  norm.forEach((a, i) => {
    inverse[a] = i;
  });
  return makeOp('permute', [v], (t) => T.permute(t, axes), (g) => [permute(g, inverse)]);
}

export function transpose(x: Input, axes?: readonly number[]): Var {
  const v = asVar(x);
  return permute(v, axes ?? [...v.shape.keys()].reverse());
}

export function swapAxes(x: Input, a: number, b: number): Var {
  const v = asVar(x);
  const axes = [...v.shape.keys()];
  const i = a < 0 ? a + v.ndim : a;
  const j = b < 0 ? b + v.ndim : b;
  axes[i] = j;
  axes[j] = i;
  return permute(v, axes);
}

/** Transpose of the last two axes. */
export function matrixTranspose(x: Input): Var {
  return swapAxes(x, -1, -2);
}

export function slice(x: Input, ...specs: T.SliceSpec[]): Var {
  const v = asVar(x);
  return makeOp('slice', [v], (t) => T.slice(t, ...specs), (g, ctx) => [sliceScatter(g, ctx.inputs[0]!.shape, specs)]);
}

/** Zeros of `shape` with `g` written into the slice `specs`: the adjoint of `slice`. */
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

export function broadcastTo(x: Input, shape: readonly number[]): Var {
  const v = asVar(x);
  return makeOp('broadcastTo', [v], (t) => T.broadcastTo(t, shape), (g, ctx) => [
    unbroadcast(g, ctx.inputs[0]!.shape, ctx.inputs[0]!.dtype),
  ]);
}

/** PyTorch's expand (-1 keeps a dimension). */
export function expand(x: Input, shape: readonly number[]): Var {
  const v = asVar(x);
  const nd = shape.length;
  return broadcastTo(
    v,
    shape.map((d, i) => (d === -1 ? (v.shape[i - (nd - v.ndim)] ?? 1) : d)),
  );
}

export function unsqueeze(x: Input, axis: number): Var {
  const v = asVar(x);
  return reshape(v, T.unsqueeze(v.value, axis).shape);
}

export function squeeze(x: Input, axes?: readonly number[]): Var {
  const v = asVar(x);
  return reshape(v, T.squeeze(v.value, axes).shape);
}

/** The offset-th diagonal over axes (axis1, axis2), moved to the last axis, as a view. */
export function diagonal(x: Input, offset = 0, axis1 = -2, axis2 = -1): Var {
  const v = asVar(x);
  return makeOp('diagonal', [v], (t) => T.diagonal(t, offset, axis1, axis2), (g, ctx) => [
    diagonalScatter(g, ctx.inputs[0]!.shape, offset, axis1, axis2),
  ]);
}

/** Zeros of `shape` with `g` on the given diagonal: the adjoint of `diagonal`. */
export function diagonalScatter(g: Input, shape: readonly number[], offset = 0, axis1 = -2, axis2 = -1): Var {
  const v = asVar(g);
  return makeOp(
    'diagonalScatter',
    [v],
    (t) => scatterInto(shape, t, (z) => T.diagonal(z, offset, axis1, axis2)),
    (gg) => [diagonal(gg, offset, axis1, axis2)],
  );
}

/** Converts between float64 and float32 (or complex128 and complex64). */
export function castReal(x: Input, dtype: T.DType): Var {
  const v = asVar(x);
  if (v.dtype === dtype) return v;
  const from = v.dtype;
  return makeOp('cast', [v], (t) => castTensor(t, dtype), (g) => [castReal(g, from)]);
}

/** Precision conversion of a tensor (complex stays complex, real stays real). */
export function castTensor(t: T.Tensor, dtype: T.DType): T.Tensor {
  if (t.dtype === dtype) return t;
  if (T.isComplex(t.dtype) !== T.isComplex(dtype)) {
    throw new T.DTypeError('cast', `can only change precision, not ${t.dtype} → ${dtype}`);
  }
  const src = t.toTypedArray(false);
  const out = T.allocate(dtype, t.size);
  out.set(src);
  return new T.Tensor(out, dtype, t.shape);
}

/** A contiguous copy (the identity for differentiation). */
export function contiguous(x: Input): Var {
  const v = asVar(x);
  return makeOp('contiguous', [v], (t) => t.contiguous(), (g) => [g]);
}
