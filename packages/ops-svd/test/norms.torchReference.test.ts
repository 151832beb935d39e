/**
 * Norm gradients against PyTorch 1.13 autograd (tools/fixtures/generate_norms_torch.py): every
 * vector ord (2, 1, 3, 0.5, 1.5, −1, −2, ±∞, 0) over one axis, all and two axes, and every matrix
 * ord (batched, on axes [2, 0] too), real and complex — on inputs with zero entries, an all-zero
 * vector and ties, where the gradient is PyTorch's subgradient choice.
 */
import { matrixNorm, vectorNorm } from '@svd/ops-svd';
import { type Var, grad, mul, sum } from '@svd/tape';
import * as T from '@svd/tensor';
import { describe, expect, test } from 'vitest';
import { loadFixture } from './helpers.js';

interface Enc {
  dtype: 'float64' | 'complex128';
  shape: number[];
  data: number[];
}
interface Case {
  kind: 'vector' | 'matrix';
  x: Enc;
  ord: number | string;
  axes: number | number[] | null;
  c: Enc;
  norm: Enc;
  grad: Enc;
}
const fixture = loadFixture<{ torch: string; cases: Case[] }>('norm_grads_torch.json');
const dec = (e: Enc) => T.tensor(Float64Array.from(e.data), { shape: e.shape, dtype: e.dtype });
const ordOf = (o: number | string) => (o === 'Infinity' ? Infinity : o === '-Infinity' ? -Infinity : o);

function normOf(c: Case): (x: Var) => Var {
  if (c.kind === 'vector') return (x) => vectorNorm(x, { ord: ordOf(c.ord) as number, axes: c.axes });
  return (x) => matrixNorm(x, { ord: ordOf(c.ord) as 'fro', axes: (c.axes as [number, number] | null) ?? undefined });
}

describe(`norm gradients vs PyTorch ${fixture.torch}`, () => {
  test.each(
    fixture.cases.map(
      (c, i) => [`${i}: ${c.kind} ord ${c.ord} axes ${JSON.stringify(c.axes)} ${c.x.dtype}`, c] as const,
    ),
  )('%s', (_, c) => {
    const x = dec(c.x);
    const f = normOf(c);
    const C = dec(c.c);
    const n = f(x as unknown as Var);
    const nv = T.isTensor(n) ? n : n.value;
    expect(T.max(T.abs(T.sub(nv, dec(c.norm)))).item()).toBeLessThan(
      1e-12 * Math.max(1, T.max(T.abs(dec(c.norm))).item()),
    );
    const g = grad((v: Var) => sum(mul(f(v), C)))(x).value;
    const ref = dec(c.grad);
    expect(g.dtype).toBe(ref.dtype);
    expect(T.max(T.abs(T.sub(g, ref))).item()).toBeLessThan(1e-11 * Math.max(1, T.max(T.abs(ref)).item()));
  });
});
