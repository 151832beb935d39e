import * as T from '@svd/tensor';
import { TapeError } from '../errors.js';
import { isRecording } from '../gradMode.js';
import { type Input, type Var, asVar, constant } from '../Var.js';
import { abs, div, mul, pow, where } from './arithmetic.js';
import { conj } from './complexParts.js';
import { makeOp } from './makeOp.js';
import { broadcastTo, reshape } from './views.js';

/**
 * Differentiable reductions. Their cotangents broadcast the output cotangent back over the
 * reduced axes (as a zero-stride view: no copy).
 */

export interface ReduceOptions {
  axes?: number | readonly number[];
  keepdims?: boolean;
}

function reducedAxes(ndim: number, axes: number | readonly number[] | undefined): number[] {
  if (axes === undefined) return [...Array(ndim).keys()];
  const list = typeof axes === 'number' ? [axes] : [...axes];
  return list.map((a) => (a < 0 ? a + ndim : a));
}

/** The output cotangent reshaped to keepdims form and broadcast to the input's shape. */
function spread(g: Var, input: Var, opts: ReduceOptions): Var {
  const axes = new Set(reducedAxes(input.ndim, opts.axes));
  const kept = input.shape.map((d, i) => (axes.has(i) ? 1 : d));
  return broadcastTo(reshape(g, kept), input.shape);
}

function count(input: Var, opts: ReduceOptions): number {
  return reducedAxes(input.ndim, opts.axes).reduce((n, a) => n * input.shape[a]!, 1);
}

/** Sum over `axes` (all by default). @example sum(x, { axes: -1, keepdims: true }) */
export function sum(x: Input, opts: ReduceOptions = {}): Var {
  const v = asVar(x);
  return makeOp(
    'sum',
    [v],
    (t) => T.sum(t, opts),
    (g, ctx) => [spread(g, ctx.inputs[0]!, opts)],
  );
}

/**
 * Mean over `axes` (all by default); `keepdims` keeps the reduced axes with length 1.
 *
 * @example
 * const mse = mean(square(sub(pred, target)));
 */
export function mean(x: Input, opts: ReduceOptions = {}): Var {
  const v = asVar(x);
  return div(sum(v, opts), count(v, opts));
}

/**
 * Product over `axes`. The cotangent is ḡ·conj(prod/x); with zeros in the input it is computed
 * exactly (product of the other entries) but cannot be differentiated again.
 *
 * @example
 * const p = prod(x, { axes: 0 });
 */
export function prod(x: Input, opts: ReduceOptions = {}): Var {
  const v = asVar(x);
  return makeOp(
    'prod',
    [v],
    (t) => T.prod(t, opts),
    (g, ctx) => {
      const input = ctx.inputs[0]!;
      const out = spread(ctx.outputs[0]!, input, opts);
      const hasZero = T.sum(T.equal(input.value, 0)).item() > 0;
      if (!hasZero) return [mul(spread(g, input, opts), conj(div(out, input)))];
      if (isRecording()) {
        throw new TapeError('prod', 'second derivatives of prod at inputs containing exact zeros are not supported');
      }
      return [mul(spread(g, input, opts), constant(conj(productOfOthers(input.value, opts)).value))];
    },
  );
}

/** For each entry, the product of the other entries in its reduction group (zeros allowed). */
function productOfOthers(t: T.Tensor, opts: ReduceOptions): T.Tensor {
  const axes = reducedAxes(t.ndim, opts.axes);
  const keptAxes = [...t.shape.keys()].filter((a) => !axes.includes(a));
  const perm = [...keptAxes, ...axes];
  const moved = T.permute(t, perm).contiguous();
  const group = axes.reduce((n, a) => n * t.shape[a]!, 1);
  const groups = group === 0 ? 0 : moved.size / group;
  const w = t.isComplex ? 2 : 1;
  const src = moved.data;
  const out = T.internal.allocate(t.dtype, moved.size);
  for (let gi = 0; gi < groups; gi++) {
    for (let i = 0; i < group; i++) {
      let re = 1;
      let im = 0;
      for (let j = 0; j < group; j++) {
        if (j === i) continue;
        const o = (gi * group + j) * w;
        const xr = src[o]!;
        const xi = w === 2 ? src[o + 1]! : 0;
        const nr = re * xr - im * xi;
        im = re * xi + im * xr;
        re = nr;
      }
      out[(gi * group + i) * w] = re;
      if (w === 2) out[(gi * group + i) * w + 1] = im;
    }
  }
  const inverse = new Array<number>(perm.length);
  perm.forEach((p, i) => {
    inverse[p] = i;
  });
  return T.permute(new T.Tensor(out, t.dtype, moved.shape), inverse).contiguous();
}

function extremum(name: 'max' | 'min', x: Input, opts: ReduceOptions): Var {
  const v = asVar(x);
  const f = name === 'max' ? T.max : T.min;
  return makeOp(
    name,
    [v],
    (t) => f(t, opts),
    (g, ctx) => {
      const input = ctx.inputs[0]!;
      const hit = T.equal(input.value, spread(ctx.outputs[0]!, input, opts).value);
      // Ties share the cotangent equally, so the result is a valid subgradient and symmetric.
      const ties = T.sum(hit, { axes: reducedAxes(input.ndim, opts.axes), keepdims: true });
      return [mul(spread(g, input, opts), constant(T.div(hit, ties)))];
    },
  );
}

/**
 * Maximum over `axes` (real); the cotangent goes to the maximal entries.
 *
 * @example
 * const m = max(x, { axes: -1 });
 */
export function max(x: Input, opts: ReduceOptions = {}): Var {
  return extremum('max', x, opts);
}

/**
 * Minimum over `axes` (real); the cotangent goes to the minimal entries.
 *
 * @example
 * const m = min(x, { axes: -1 });
 */
export function min(x: Input, opts: ReduceOptions = {}): Var {
  return extremum('min', x, opts);
}

export interface NormOptions extends ReduceOptions {
  /** 'fro' (default, all axes or the given ones), or a vector p-norm along one axis. */
  ord?: 'fro' | number;
}

/**
 * Frobenius or vector p-norm. The forward is @svd/tensor's overflow-safe norm. The cotangent is
 * ḡ·x·|x|^(p−2)/‖x‖^(p−1) (x/‖x‖ for the 2-norm), taken as 0 where the norm is 0.
 *
 * @example
 * const n = norm(x); // Frobenius; norm(x, { ord: 1, axes: -1 }) for row 1-norms
 */
export function norm(x: Input, opts: NormOptions = {}): Var {
  const v = asVar(x);
  const ord = opts.ord ?? 'fro';
  return makeOp(
    'norm',
    [v],
    (t) => T.norm(t, opts),
    (g, ctx) => {
      const input = ctx.inputs[0]!;
      const n = spread(ctx.outputs[0]!, input, opts);
      const gs = spread(g, input, opts);
      const nIsZero = T.equal(n.value, 0);
      const safeN = where(nIsZero, 1, n);
      const mask = constant(T.sub(1, nIsZero));
      const absX = abs(input);
      const phase = input.value.isComplex
        ? div(input, where(T.equal(absX.value, 0), 1, absX))
        : constant(T.sign(input.value));
      if (ord === 'fro' || ord === 2) return [mul(mul(gs, div(input, safeN)), mask)];
      if (ord === 1) return [mul(gs, phase)];
      if (ord === Number.POSITIVE_INFINITY || ord === Number.NEGATIVE_INFINITY) {
        const hit = T.equal(absX.value, n.value);
        const ties = T.sum(hit, { axes: reducedAxes(input.ndim, opts.axes), keepdims: true });
        return [mul(mul(gs, phase), constant(T.div(hit, ties)))];
      }
      if (typeof ord === 'number' && ord > 0) {
        return [mul(mul(gs, mul(phase, div(pow(absX, ord - 1), pow(safeN, ord - 1)))), mask)];
      }
      throw new TapeError('norm', `no derivative for ord ${String(ord)}`);
    },
  );
}
