import * as T from '@svd/tensor';
import { type Input, type Var, asVar } from '../Var.js';
import { makeOp } from './makeOp.js';
import { sum } from './reductions.js';
import { unbroadcast } from './unbroadcast.js';
import { diagonal, slice, unsqueeze } from './views.js';

/** Concatenation along `axis`; each input's cotangent is its slice of the output cotangent. */
export function concat(xs: readonly Input[], axis = 0): Var {
  const vars = xs.map(asVar);
  return makeOp('concat', vars, (...ts) => T.concat(ts, axis), (g, ctx) => {
    const ax = axis < 0 ? axis + g.ndim : axis;
    let start = 0;
    return ctx.inputs.map((input) => {
      const len = input.shape[ax]!;
      const specs: T.SliceSpec[] = g.shape.map((_, i) => (i === ax ? [start, start + len] : null));
      start += len;
      // A real input concatenated with complex ones gets a real cotangent (and its own precision).
      return input.requiresGrad ? unbroadcast(slice(g, ...specs), input.shape, input.dtype) : null;
    });
  });
}

/** Stacks along a new axis. */
export function stack(xs: readonly Input[], axis = 0): Var {
  const vars = xs.map(asVar);
  const nd = (vars[0]?.ndim ?? 0) + 1;
  const ax = axis < 0 ? axis + nd : axis;
  return concat(
    vars.map((v) => unsqueeze(v, ax)),
    ax,
  );
}

/** Upper triangle of the last two axes (k-th diagonal and above). */
export function triu(x: Input, k = 0): Var {
  return makeOp('triu', [asVar(x)], (t) => T.triu(t, k), (g) => [triu(g, k)]);
}

/** Lower triangle of the last two axes. */
export function tril(x: Input, k = 0): Var {
  return makeOp('tril', [asVar(x)], (t) => T.tril(t, k), (g) => [tril(g, k)]);
}

/** Trace of the last two axes (batched). */
export function trace(x: Input): Var {
  return sum(diagonal(x), { axes: -1 });
}

/** Puts the last axis on the `offset`-th diagonal of new last two axes (torch.diag_embed). */
export function diagEmbed(v: Input, offset = 0): Var {
  return makeOp('diagEmbed', [asVar(v)], (t) => T.diagEmbed(t, offset), (g) => [diagonal(g, offset, -2, -1)]);
}

/** NumPy diag: a 1-D input gives a matrix, a 2-D input its k-th diagonal. */
export function diag(v: Input, k = 0): Var {
  const x = asVar(v);
  if (x.ndim === 1) return diagEmbed(x, k);
  if (x.ndim === 2) return diagonal(x, k);
  throw new T.ShapeError('diag', `expected a 1-D or 2-D tensor, got rank ${x.ndim}`);
}

/** Reverses the order of entries along `axes` (all by default). */
export function flip(x: Input, axes?: number | readonly number[]): Var {
  return makeOp('flip', [asVar(x)], (t) => T.flip(t, axes), (g) => [flip(g, axes)]);
}
