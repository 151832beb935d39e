import * as P from '@svd/tape';
import * as T from '@svd/tensor';
import { it } from 'vitest';
import { gradcheck, gradgradcheck, jvpcheck, formatReport } from '../src/index.js';
type V = P.Var;
it('sweep', () => {
  const r = (s: number, sh: number[]) => T.randn(sh, { seed: s });
  const c = (s: number, sh: number[]) => T.randn(sh, { seed: s, dtype: 'complex128' });
  const pos = (s: number, sh: number[]) => T.add(T.abs(T.randn(sh, { seed: s })), 0.5);
  const cases: [string, (...x: V[]) => V | V[], T.Tensor[]][] = [
    ['add bc', (a, b) => P.add(a, b), [r(1, [2, 3]), r(2, [3])]],
    ['sub c', (a, b) => P.sub(a, b), [c(1, [2, 3]), r(2, [1, 3])]],
    ['mul mixed', (a, b) => P.mul(a, b), [c(1, [2, 3]), r(2, [2, 3])]],
    ['div c', (a, b) => P.div(a, b), [c(1, [2, 3]), c(2, [2, 3])]],
    ['div r', (a, b) => P.div(a, b), [r(1, [2, 3]), pos(2, [2, 3])]],
    ['pow', (a, b) => P.pow(a, b), [pos(1, [3]), r(2, [3])]],
    ['exp c', (a) => P.exp(a), [c(1, [3])]],
    ['log c', (a) => P.log(a), [c(1, [3])]],
    ['sqrt c', (a) => P.sqrt(a), [c(1, [3])]],
    ['sqrt r', (a) => P.sqrt(a), [pos(1, [3])]],
    ['square c', (a) => P.square(a), [c(1, [3])]],
    ['reciprocal c', (a) => P.reciprocal(a), [c(1, [3])]],
    ['sin c', (a) => P.sin(a), [c(1, [3])]],
    ['cos c', (a) => P.cos(a), [c(1, [3])]],
    ['tanh c', (a) => P.tanh(a), [c(1, [3])]],
    ['tanh r', (a) => P.tanh(a), [r(1, [3])]],
    ['abs c', (a) => P.abs(a), [c(1, [3])]],
    ['abs r', (a) => P.abs(a), [r(1, [3])]],
    ['real/imag', (a) => [P.real(a), P.imag(a)], [c(1, [3])]],
    ['complex', (a, b) => P.complex(a, b), [r(1, [3]), r(2, [3])]],
    ['conj', (a) => P.conj(a), [c(1, [3])]],
    ['sum axes', (a) => P.sum(a, { axes: 1, keepdims: true }), [c(1, [2, 3])]],
    ['mean', (a) => P.mean(a, { axes: 0 }), [c(1, [2, 3])]],
    ['prod', (a) => P.prod(a, { axes: 1 }), [c(1, [2, 3])]],
    ['max', (a) => P.max(a, { axes: 1 }), [r(1, [2, 3])]],
    ['norm fro c', (a) => P.norm(a), [c(1, [2, 3])]],
    ['norm 1', (a) => P.norm(a, { ord: 1, axes: 1 }), [r(1, [2, 3])]],
    ['norm 3', (a) => P.norm(a, { ord: 3, axes: 1 }), [c(1, [2, 3])]],
    ['matmul c vec', (a, b) => P.matmul(a, b), [c(1, [2, 3]), c(2, [3])]],
    ['matmul batch', (a, b) => P.matmul(a, b), [c(1, [2, 2, 3]), c(2, [3, 2])]],
    ['einsum', (a, b) => P.einsum('ij,jk->ik', a, b), [c(1, [2, 3]), c(2, [3, 2])]],
    ['einsum trace', (a) => P.einsum('ii->', a), [c(1, [3, 3])]],
    ['einsum diag', (a, b) => P.einsum('ij,ij->i', a, b), [c(1, [2, 3]), r(2, [2, 3])]],
    ['tensordot', (a, b) => P.tensordot(a, b, 1), [c(1, [2, 3]), c(2, [3, 2])]],
    ['vdot', (a, b) => P.vdot(a, b), [c(1, [3]), c(2, [3])]],
    ['outer', (a, b) => P.outer(a, b), [c(1, [3]), c(2, [2])]],
    ['adjoint', (a) => P.adjoint(a), [c(1, [2, 3])]],
    ['slice', (a) => P.slice(a, [0, 1], [1, 3]), [c(1, [2, 3])]],
    ['diagonal', (a) => P.diagonal(a, 1), [c(1, [3, 3])]],
    ['triu/tril', (a) => [P.triu(a), P.tril(a, -1)], [c(1, [3, 3])]],
    ['trace', (a) => P.trace(a), [c(1, [3, 3])]],
    ['diagEmbed', (a) => P.diagEmbed(a, 1), [c(1, [3])]],
    ['concat/stack', (a, b) => [P.concat([a, b], 1), P.stack([a, b], 0)], [c(1, [2, 3]), r(2, [2, 3])]],
    ['flip', (a) => P.flip(a, 1), [c(1, [2, 3])]],
    ['broadcastTo', (a) => P.broadcastTo(a, [2, 3]), [c(1, [3])]],
    ['where', (a, b) => P.where(T.tensor([1, 0, 1]), a, b), [c(1, [3]), c(2, [3])]],
    ['minimum', (a, b) => P.minimum(a, b), [r(1, [3]), r(2, [3])]],
    ['permute', (a) => P.permute(a, [2, 0, 1]), [c(1, [2, 3, 2])]],
  ];
  for (const [name, f, xs] of cases) {
    let msg = '';
    try {
      const g = gradcheck(f, xs);
      if (!g.ok) msg += `gradcheck\n${formatReport(g)}\n`;
      const j = jvpcheck(f, xs);
      if (!j.ok) msg += 'jvpcheck failed\n';
      const gg = gradgradcheck(f, xs);
      if (!gg.ok) msg += `gradgradcheck\n${formatReport(gg)}\n`;
    } catch (e) {
      msg += `threw ${(e as Error).message}\n`;
    }
    if (msg) console.log(`== ${name}\n${msg}`);
  }
});
