import * as T from '@svd/tensor';
import { type Input, type Var, asVar } from '../Var.js';
import { makeOp } from './makeOp.js';
import { sum } from './reductions.js';
import { unbroadcast } from './unbroadcast.js';
import { diagonal, slice, unsqueeze } from './views.js';

/**
 * Concatenation along `axis`; each input's cotangent is its slice of the output cotangent.
 *
 * @example
 * const xy = concat([x, y], 0);
 */
export function concat(xs: readonly Input[], axis = 0): Var {
  const vars = xs.map(asVar);
  return makeOp(
    'concat',
    vars,
    (...ts) => T.concat(ts, axis),
    (g, ctx) => {
      const ax = axis < 0 ? axis + g.ndim : axis;
      let start = 0;
      return ctx.inputs.map((input) => {
        const len = input.shape[ax]!;
        const specs: T.SliceSpec[] = g.shape.map((_, i) => (i === ax ? [start, start + len] : null));
        start += len;
        // A real input concatenated with complex ones gets a real cotangent (and its own precision).
        return input.requiresGrad ? unbroadcast(slice(g, ...specs), input.shape, input.dtype) : null;
      });
    },
  );
}

/**
 * Stacks along a new axis; each input's cotangent is its slice of the output cotangent.
 *
 * @example
 * const S = stack([x, y]); // two [n] → [2, n]
 */
export function stack(xs: readonly Input[], axis = 0): Var {
  const vars = xs.map(asVar);
  const nd = (vars[0]?.ndim ?? 0) + 1;
  const ax = axis < 0 ? axis + nd : axis;
  return concat(
    vars.map((v) => unsqueeze(v, ax)),
    ax,
  );
}

/**
 * Upper triangle of the last two axes (k-th diagonal and above), zeros elsewhere.
 *
 * @example
 * const U = triu(A, 1); // strictly upper
 */
export function triu(x: Input, k = 0): Var {
  return makeOp(
    'triu',
    [asVar(x)],
    (t) => T.triu(t, k),
    (g) => [triu(g, k)],
  );
}

/**
 * Lower triangle of the last two axes (k-th diagonal and below), zeros elsewhere.
 *
 * @example
 * const L = tril(A);
 */
export function tril(x: Input, k = 0): Var {
  return makeOp(
    'tril',
    [asVar(x)],
    (t) => T.tril(t, k),
    (g) => [tril(g, k)],
  );
}

/**
 * Trace of the last two axes (batched).
 *
 * @example
 * const t = trace(matmul(A, B));
 */
export function trace(x: Input): Var {
  return sum(diagonal(x), { axes: -1 });
}

/**
 * Puts the last axis on the `offset`-th diagonal of new last two axes (torch.diag_embed).
 *
 * @example
 * const S = diagEmbed(s); // [k] → [k, k]
 */
export function diagEmbed(v: Input, offset = 0): Var {
  return makeOp(
    'diagEmbed',
    [asVar(v)],
    (t) => T.diagEmbed(t, offset),
    (g) => [diagonal(g, offset, -2, -1)],
  );
}

/**
 * NumPy diag: a 1-D input gives a matrix, a 2-D input its k-th diagonal.
 *
 * @example
 * const A = matmul(matmul(U, diag(s)), adjoint(V)); // U·diag(s)·Vᴴ
 */
export function diag(v: Input, k = 0): Var {
  const x = asVar(v);
  if (x.ndim === 1) return diagEmbed(x, k);
  if (x.ndim === 2) return diagonal(x, k);
  throw new T.ShapeError('diag', `expected a 1-D or 2-D tensor, got rank ${x.ndim}`);
}

/**
 * Reverses the order of entries along `axes` (all by default).
 *
 * @example
 * const r = flip(x, 0);
 */
export function flip(x: Input, axes?: number | readonly number[]): Var {
  return makeOp(
    'flip',
    [asVar(x)],
    (t) => T.flip(t, axes),
    (g) => [flip(g, axes)],
  );
}
