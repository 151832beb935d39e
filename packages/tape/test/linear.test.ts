import * as T from '@svd/tensor';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dot, einsum, matmul, outer, tensordot, vdot } from '../src/index.js';
import { RUNS, randn, seedArb } from './helpers/data.js';
import { checkGradients, projected } from './helpers/finiteDifference.js';

describe('matmul: gradients against finite differences', () => {
  const cases: [number[], number[]][] = [
    [[3], [3]],
    [[2, 3], [3]],
    [[3], [3, 4]],
    [
      [2, 3],
      [3, 4],
    ],
    [
      [2, 2, 3],
      [3, 4],
    ],
    [
      [3, 2],
      [2, 2, 4],
    ],
    [
      [2, 1, 2, 3],
      [3, 3, 2],
    ],
    [[3], [2, 3, 4]],
    [[2, 2, 3], [3]],
    [
      [1, 3],
      [3, 1],
    ],
  ];
  for (const [sa, sb] of cases) {
    it(`[${sa}] · [${sb}]`, () => {
      checkGradients(projected(matmul, sa.length + sb.length), [randn(sa, 1), randn(sb, 2)]);
    });
  }

  it('random batched shapes with broadcasting', () => {
    const dim = fc.integer({ min: 1, max: 3 });
    const batch = fc.array(fc.integer({ min: 1, max: 2 }), { maxLength: 2 });
    fc.assert(
      fc.property(dim, dim, dim, batch, fc.boolean(), fc.boolean(), seedArb, (m, k, n, b, dropA, dropB, seed) => {
        const sa = [...(dropA ? [] : b.map((d, i) => (i % 2 ? d : 1))), m, k];
        const sb = [...(dropB ? [] : b), k, n];
        checkGradients(projected(matmul, seed), [randn(sa, seed), randn(sb, seed + 1)]);
      }),
      RUNS,
    );
  });

  it('with only one operand tracked', () => {
    const B = randn([3, 2], 5);
    checkGradients(
      projected((a) => matmul(a, B)),
      [randn([4, 3], 6)],
    );
    const A = randn([4, 3], 7);
    checkGradients(
      projected((b) => matmul(A, b)),
      [randn([3, 2], 8)],
    );
  });
});

describe('dot, vdot, outer, tensordot', () => {
  it('dot of two vectors', () => {
    checkGradients((a, b) => dot(a, b), [randn([4], 1), randn([4], 2)]);
  });

  it('vdot (real and complex)', () => {
    checkGradients((a, b) => vdot(a, b), [randn([4], 3), randn([4], 4)]);
    // vdot of complex vectors is complex: take a real part of a rotated value as the loss.
    checkGradients(
      projected((a, b) => vdot(a, b), 9),
      [randn([3], 5, 'complex128'), randn([3], 6, 'complex128')],
    );
  });

  it('outer of flattened inputs', () => {
    checkGradients(projected(outer), [randn([3], 1), randn([4], 2)]);
    checkGradients(projected(outer), [randn([2, 2], 3), randn([3], 4)]);
  });

  it('tensordot with counts and explicit axes', () => {
    const cases: [number[], number[], Parameters<typeof tensordot>[2]][] = [
      [[2, 3, 4], [3, 4, 2], 2],
      [[2, 3], [3, 4], 1],
      [[2, 3], [4], 0],
      [
        [2, 3, 4],
        [4, 2, 3],
        [
          [1, 2],
          [2, 0],
        ],
      ],
      [
        [3, 2, 4],
        [2, 3],
        [
          [0, 1],
          [1, 0],
        ],
      ],
      [
        [2, 3],
        [3, 2],
        [-1, 0],
      ],
    ];
    cases.forEach(([sa, sb, axes], k) => {
      checkGradients(
        projected((a, b) => tensordot(a, b, axes), k),
        [randn(sa, 10 + k), randn(sb, 20 + k)],
      );
      // The forward agrees with @svd/tensor's tensordot.
      const ref = T.tensordot(randn(sa, 10 + k), randn(sb, 20 + k), axes);
      expect(tensordot(randn(sa, 10 + k), randn(sb, 20 + k), axes).value.shape).toEqual(ref.shape);
    });
  });
});

describe('einsum: gradients against finite differences', () => {
  const cases: [string, number[][]][] = [
    [
      'ij,jk->ik',
      [
        [2, 3],
        [3, 4],
      ],
    ],
    ['ii->', [[3, 3]]],
    ['ii->i', [[3, 3]]],
    [
      'bij,bjk->bik',
      [
        [2, 2, 3],
        [2, 3, 2],
      ],
    ],
    [
      'ij,jk',
      [
        [2, 3],
        [3, 2],
      ],
    ], // implicit mode: -> ik
    ['ii', [[3, 3]]], // implicit trace
    ['ji', [[2, 3]]], // implicit transpose
    [
      'ij,jk,kl->il',
      [
        [2, 3],
        [3, 2],
        [2, 2],
      ],
    ], // three operands
    ['ij->j', [[2, 3]]], // i appears once and is summed
    ['ijk,k->i', [[2, 3, 2], [2]]], // j appears once and is summed
    ['i,j->ij', [[2], [3]]],
    [
      'ij,ij->',
      [
        [2, 3],
        [2, 3],
      ],
    ],
    [
      'iij,jk->ik',
      [
        [2, 2, 3],
        [3, 2],
      ],
    ], // diagonal inside a contraction
    [
      'ab,bc,ca->',
      [
        [2, 3],
        [3, 2],
        [2, 2],
      ],
    ],
  ];
  for (const [spec, shapes] of cases) {
    it(`'${spec}'`, () => {
      const xs = shapes.map((s, k) => randn(s, 30 + k));
      checkGradients(
        projected((...vs) => einsum(spec, ...vs), spec.length),
        xs,
      );
      // The forward is @svd/tensor's einsum.
      const ref = T.einsum(spec, ...xs);
      expect(einsum(spec, ...xs).value.shape).toEqual(ref.shape);
      expect(T.allclose(einsum(spec, ...xs).value, ref)).toBe(true);
    });
  }

  it('complex operands', () => {
    const xs = [randn([2, 3], 1, 'complex128'), randn([3, 2], 2, 'complex128')];
    checkGradients(
      projected((a, b) => einsum('ij,jk->ik', a, b), 3),
      xs,
    );
    checkGradients(
      projected((a) => einsum('ii->i', a), 4),
      [randn([3, 3], 5, 'complex128')],
    );
    // Mixed real and complex.
    checkGradients(
      projected((a, b) => einsum('ij,j->i', a, b), 6),
      [randn([2, 3], 7), randn([3], 8, 'complex128')],
    );
  });
});
