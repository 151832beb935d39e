/**
 * eig / eigvals gradients against PyTorch 1.13 autograd (tools/fixtures/generate_eig_torch.py):
 * gauge-invariant losses of W, |V|² and V·diag(W²)·V⁻¹, on real and complex input.
 */
import { eig, eigvals, inv } from '@svd/ops-svd';
import { type Var, abs, add, grad, imag, matmul, mul, real, square, sum, unsqueeze } from '@svd/tape';
import * as T from '@svd/tensor';
import { describe, expect, test } from 'vitest';
import { loadFixture } from './helpers.js';

interface Enc {
  dtype: 'float64' | 'complex128';
  shape: number[];
  data: number[];
}
interface Case {
  id: string;
  a: Enc;
  c: number[];
  m: Enc;
  grads: Record<string, Enc>;
}

const fixture = loadFixture<{ torch: string; cases: Case[] }>('eig_torch_reference.json');
const dec = (e: Enc) => T.tensor(Float64Array.from(e.data), { shape: e.shape, dtype: e.dtype });

describe(`eig gradients vs PyTorch ${fixture.torch}`, () => {
  for (const c of fixture.cases) {
    const A = dec(c.a);
    const C = T.tensor(c.c);
    const M = dec(c.m);
    const losses: Record<string, (x: Var) => Var> = {
      values: (x) => {
        const W = eigvals(x, { gauge: 'throw' });
        return add(sum(mul(real(W), C)), sum(square(imag(W))));
      },
      abs2: (x) => sum(mul(M, square(abs(eig(x, { gauge: 'throw' })[1])))),
      reassembled: (x) => {
        const [W, V] = eig(x, { gauge: 'throw' });
        return sum(mul(M, real(matmul(mul(V, unsqueeze(mul(W, W), -2)), inv(V)))));
      },
      eigvals: (x) => sum(square(abs(eigvals(x, { gauge: 'throw' })))),
    };
    for (const [name, L] of Object.entries(losses)) {
      test(`${c.id}: ${name}`, () => {
        const g = grad(L)(A).value;
        const ref = dec(c.grads[name]!);
        expect(g.dtype).toBe(ref.dtype);
        const err = T.max(T.abs(T.sub(g, ref))).item();
        const scale = Math.max(1, T.max(T.abs(ref)).item());
        expect(err / scale).toBeLessThan(1e-10);
      });
    }
  }
});
