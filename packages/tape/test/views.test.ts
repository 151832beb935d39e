import * as T from '@svd/tensor';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Var,
  adjoint,
  backward,
  broadcastTo,
  castReal,
  complex,
  concat,
  conj,
  contiguous,
  diag,
  diagEmbed,
  diagonal,
  expand,
  flatten,
  flip,
  imag,
  matrixTranspose,
  mul,
  permute,
  real,
  reshape,
  slice,
  squeeze,
  stack,
  sum,
  swapAxes,
  trace,
  transpose,
  tril,
  triu,
  unsqueeze,
  variable,
} from '../src/index.js';
import { RUNS, randn, seedArb, shapeArb } from './helpers/data.js';
import { checkGradients, projected } from './helpers/finiteDifference.js';

type Case = [name: string, f: (x: Var) => Var, shape: number[]];

const viewCases: Case[] = [
  ['reshape', (x) => reshape(x, [3, 2]), [2, 3]],
  ['reshape with -1', (x) => reshape(x, [-1, 2]), [2, 3, 2]],
  ['flatten', flatten, [2, 3]],
  ['permute', (x) => permute(x, [2, 0, 1]), [2, 3, 4]],
  ['permute (negative axes)', (x) => permute(x, [-1, 0, 1]), [2, 3, 2]],
  ['transpose (default reverses)', (x) => transpose(x), [2, 3, 4]],
  ['transpose (axes)', (x) => transpose(x, [1, 0, 2]), [2, 3, 4]],
  ['swapAxes', (x) => swapAxes(x, 0, -1), [2, 3, 4]],
  ['matrixTranspose', matrixTranspose, [2, 3, 4]],
  ['adjoint', adjoint, [3, 2]],
  ['conj (real: identity)', conj, [3]],
  ['slice with steps', (x) => slice(x, [0, null, 2], [1, 3]), [5, 4]],
  ['slice with negative steps', (x) => slice(x, [null, null, -1], [3, 0, -2]), [3, 5]],
  ['slice with an index', (x) => slice(x, 1, [null, null, -1]), [3, 4]],
  ['slice of a transposed view', (x) => slice(matrixTranspose(x), [1, null], [null, null, -2]), [4, 3]],
  ['broadcastTo', (x) => broadcastTo(x, [2, 3, 4]), [3, 1]],
  ['broadcastTo from a scalar', (x) => broadcastTo(x, [2, 2]), []],
  ['expand with -1', (x) => expand(x, [2, -1, 4]), [3, 1]],
  ['unsqueeze', (x) => unsqueeze(x, 1), [2, 3]],
  ['unsqueeze (last)', (x) => unsqueeze(x, -1), [2, 3]],
  ['squeeze (all)', (x) => squeeze(x), [2, 1, 3, 1]],
  ['squeeze (named)', (x) => squeeze(x, [1]), [2, 1, 3, 1]],
  ['diagonal', (x) => diagonal(x), [3, 3]],
  ['diagonal offset 1', (x) => diagonal(x, 1), [3, 4]],
  ['diagonal offset -1', (x) => diagonal(x, -1), [4, 3]],
  ['diagonal of axes 0, 2 of a 3-D tensor', (x) => diagonal(x, 1, 0, 2), [3, 2, 4]],
  ['diagonal batched', (x) => diagonal(x, -1), [2, 3, 3]],
  ['contiguous of a transposed view', (x) => contiguous(matrixTranspose(x)), [2, 3]],
  ['flip (all axes)', (x) => flip(x), [2, 3]],
  ['flip (one axis)', (x) => flip(x, 1), [2, 3, 2]],
  ['flip (axes list)', (x) => flip(x, [0, -1]), [2, 3, 2]],
  ['triu', (x) => triu(x), [3, 4]],
  ['triu k=1 batched', (x) => triu(x, 1), [2, 3, 3]],
  ['tril', (x) => tril(x), [4, 3]],
  ['tril k=-1', (x) => tril(x, -1), [3, 3]],
  ['trace', trace, [3, 3]],
  ['trace (batched, rectangular)', trace, [2, 3, 4]],
  ['diag of a vector', (x) => diag(x), [3]],
  ['diag of a vector, k=1', (x) => diag(x, 1), [3]],
  ['diag of a matrix', (x) => diag(x), [3, 4]],
  ['diag of a matrix, k=-1', (x) => diag(x, -1), [3, 3]],
  ['diagEmbed', (x) => diagEmbed(x), [2, 3]],
  ['diagEmbed offset -2', (x) => diagEmbed(x, -2), [3]],
  ['real (real: identity)', real, [2, 2]],
];

describe('views and structure ops: gradients against finite differences', () => {
  viewCases.forEach(([name, f, shape], k) => {
    it(name, () => checkGradients(projected(f, k + 1), [randn(shape, k + 1)]));
  });

  it('imag of a real input is a constant zero', () => {
    const x = variable(randn([3], 1));
    const y = imag(x);
    expect(y.requiresGrad).toBe(false);
    expect(Array.from(y.value.toTypedArray())).toEqual([0, 0, 0]);
  });

  it('concat along any axis, of tracked and untracked pieces', () => {
    checkGradients(
      projected((a, b) => concat([a, b], 0)),
      [randn([2, 3], 1), randn([1, 3], 2)],
    );
    checkGradients(
      projected((a, b, c) => concat([a, b, c], -1), 2),
      [randn([2, 1], 3), randn([2, 3], 4), randn([2, 2], 5)],
    );
    const fixed = randn([2, 2], 6);
    checkGradients(
      projected((a) => concat([fixed, a, fixed], 1), 3),
      [randn([2, 1], 7)],
    );
  });

  it('stack along a new axis (first, middle, last)', () => {
    for (const axis of [0, 1, 2, -1]) {
      checkGradients(
        projected((a, b) => stack([a, b], axis), axis + 5),
        [randn([2, 3], 1), randn([2, 3], 2)],
      );
    }
  });

  it('castReal float64 → float32 and float32 → float64', () => {
    // The loss is linear in the cast, so larger steps are exact up to float32 rounding.
    const x32 = T.randn([2, 3], { seed: 1, dtype: 'float32' });
    checkGradients(
      projected((x) => castReal(x, 'float64'), 2),
      [x32],
      { step: 1e-2, tol: 1e-5 },
    );
    const x64 = randn([2, 3], 3);
    const W = T.randn([2, 3], { seed: 4, dtype: 'float32' });
    checkGradients((x) => castReal(sum(mul(castReal(x, 'float32'), W)), 'float64'), [x64], { step: 1e-2, tol: 1e-5 });
    const v = variable(x64);
    const y = castReal(v, 'float32');
    expect(y.dtype).toBe('float32');
    backward(sum(y));
    expect(v.grad!.dtype).toBe('float64');
    expect(Array.from(v.grad!.toTypedArray())).toEqual([1, 1, 1, 1, 1, 1]);
  });

  it('random reshapes, permutations and flips', () => {
    fc.assert(
      fc.property(shapeArb(3), seedArb, (s, seed) => {
        const perm = [...s.keys()].reverse();
        checkGradients(
          projected((x) => flip(permute(reshape(flatten(x), s), perm)), seed),
          [randn(s, seed)],
          { via: 'grad' },
        );
        checkGradients(
          projected((x) => flatten(x), seed),
          [randn(s, seed)],
          { via: 'backward' },
        );
      }),
      RUNS,
    );
  });
});

describe('gradients flow through views without copying the forward value', () => {
  it('complex views share the buffer of their input', () => {
    const x = variable(randn([3, 2], 1, 'complex128'));
    const shared: [string, Var][] = [
      ['adjoint', adjoint(x)],
      ['conj', conj(x)],
      ['matrixTranspose', matrixTranspose(x)],
      ['real', real(x)],
      ['imag', imag(x)],
      ['reshape', reshape(x, [2, 3])],
      ['slice', slice(x, [null, null, -1])],
      ['diagonal', diagonal(x)],
      ['broadcastTo', broadcastTo(x, [2, 3, 2])],
      ['unsqueeze', unsqueeze(x, 0)],
      ['flip', flip(x, 0)],
    ];
    for (const [name, v] of shared) expect(v.value.data === x.value.data, name).toBe(true);
  });

  it('real views share the buffer of their input', () => {
    const x = variable(randn([2, 3, 1], 2));
    const shared: [string, Var][] = [
      ['permute', permute(x, [2, 1, 0])],
      ['transpose', transpose(x)],
      ['swapAxes', swapAxes(x, 0, 1)],
      ['squeeze', squeeze(x)],
      ['expand', expand(x, [2, 3, 4])],
      ['flatten', flatten(x)],
      ['diagonal', diagonal(x, 0, 0, 1)],
    ];
    for (const [name, v] of shared) expect(v.value.data === x.value.data, name).toBe(true);
  });

  it('the gradient through adjoint (a lazily conjugated transposed view) is right', () => {
    const x0 = randn([3, 2], 3, 'complex128');
    const x = variable(x0);
    const y = adjoint(x);
    expect(y.value.data).toBe(x.value.data);
    expect(y.value.conjugated).toBe(true);
    const C = randn([2, 3], 4, 'complex128');
    backward(sum(real(mul(conj(C), y))));
    // L = Re Σ conj(Cᵢⱼ)·conj(xⱼᵢ) = Re Σ Cᵢⱼ·xⱼᵢ = Re Σ conj(conj(Cᵢⱼ))·xⱼᵢ  ⇒  x̄ = conj(Cᵀ) = Cᴴ.
    expect(T.allclose(x.grad!, T.adjoint(C).contiguous())).toBe(true);
    checkGradients(projected(adjoint, 5), [x0]);
  });

  it('gradients through chains of views (adjoint of a slice of a transpose)', () => {
    const f = (x: Var) => adjoint(slice(permute(x, [1, 0, 2]), null, [null, null, -1]));
    checkGradients(projected(f, 6), [randn([2, 3, 2], 7, 'complex128')]);
    checkGradients(projected(f, 8), [randn([2, 3, 2], 9)]);
  });
});

describe('complex views: gradients against finite differences', () => {
  const cases: Case[] = [
    ['adjoint', adjoint, [3, 2]],
    ['adjoint (batched)', adjoint, [2, 2, 3]],
    ['conj', conj, [2, 3]],
    ['real', real, [2, 3]],
    ['imag', imag, [2, 3]],
    ['imag of a conjugated view', (x) => imag(conj(x)), [2, 3]],
    ['real of a conjugated transposed view', (x) => real(adjoint(x)), [2, 3]],
    ['slice', (x) => slice(x, [null, null, -1], 1), [3, 2]],
    ['diagonal', (x) => diagonal(x, 1), [3, 3]],
    ['trace', trace, [3, 3]],
    ['reshape', (x) => reshape(x, [3, 2]), [2, 3]],
    ['broadcastTo', (x) => broadcastTo(x, [2, 2, 3]), [1, 3]],
    ['triu', (x) => triu(x), [3, 3]],
    ['diagEmbed', (x) => diagEmbed(x, 1), [3]],
    ['flip', (x) => flip(x), [2, 3]],
    ['contiguous of an adjoint', (x) => contiguous(adjoint(x)), [2, 3]],
    ['castReal complex128 → complex128 (no-op)', (x) => castReal(x, 'complex128'), [2]],
  ];
  cases.forEach(([name, f, shape], k) => {
    it(name, () => checkGradients(projected(f, 50 + k), [randn(shape, 50 + k, 'complex128')]));
  });

  it('complex(re, im) from two real inputs, with broadcasting', () => {
    checkGradients(projected(complex, 1), [randn([2, 3], 1), randn([2, 3], 2)]);
    checkGradients(projected(complex, 2), [randn([3, 1], 3), randn([4], 4)]);
    checkGradients(
      projected((re) => complex(re, 0.5), 3),
      [randn([3], 5)],
    );
  });

  it('concat and stack of complex pieces', () => {
    checkGradients(
      projected((a, b) => concat([a, b], 1), 1),
      [randn([2, 2], 1, 'complex128'), randn([2, 1], 2, 'complex128')],
    );
    checkGradients(
      projected((a, b) => stack([a, b], 1), 2),
      [randn([3], 3, 'complex128'), randn([3], 4, 'complex128')],
    );
  });
});
