/**
 * The parts of the tridiagonal divide and conquer's subtree job (tridiagonalTree.ts) on their
 * own: a part starts from its entries of dBefore and eBefore and clears its diagonal block of the
 * vectors, so running it again — as the caller does after a worker died or threw mid-part,
 * leaving partial writes behind — gives the same bits; and the two parts of a tear touch disjoint
 * memory. Threaded runs against one thread are in test/threads.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { type TridiagonalSubtreeJob, runTridiagonalSubtreePart } from '../../src/kernels/tridiagonalTree.js';
import { mulberry32, sameBits } from '../support/index.js';

/** A job over a random tridiagonal of order n (entries in (−1, 1)), torn once in the middle. */
function job(n: number, seed: number): TridiagonalSubtreeJob {
  const rand = mulberry32(seed);
  const dBefore = Float64Array.from({ length: n }, () => 2 * rand() - 1);
  const eBefore = Float64Array.from({ length: n - 1 }, () => 2 * rand() - 1);
  const n1 = n >> 1;
  const b = Math.abs(eBefore[n1 - 1]!);
  dBefore[n1 - 1] = dBefore[n1 - 1]! - b;
  dBefore[n1] = dBefore[n1]! - b;
  return {
    d: dBefore.slice(),
    dBefore,
    e: eBefore.slice(),
    eBefore,
    zt: new Float64Array(n * n),
    ld: n,
    subtrees: [
      { first: 0, size: n1 },
      { first: n1, size: n - n1 },
    ],
    op: 'eigh',
    gemmPath: 'auto',
  };
}

const state = (j: TridiagonalSubtreeJob): Float64Array[] => [j.d.slice(), j.e.slice(), j.zt.slice()];

function expectSameBits(x: Float64Array[], y: Float64Array[]): void {
  expect(x.length).toBe(y.length);
  for (const [i, a] of x.entries()) expect(sameBits(a, y[i]!), `array ${i}`).toBe(true);
}

describe('tridiagonalTree: subtree parts', () => {
  it('a part run again over its own partial results and garbage gives the same bits', () => {
    const n = 301;
    const j = job(n, 7);
    runTridiagonalSubtreePart(j, 0);
    runTridiagonalSubtreePart(j, 1);
    const first = state(j);
    // each half is solved: its vectors are orthonormal rows of its diagonal block
    const n1 = n >> 1;
    let dot = 0;
    for (let c = 0; c < n1; c++) dot += j.zt[c]! * j.zt[c]!;
    expect(Math.abs(dot - 1)).toBeLessThan(1e-13);
    // what a worker that died mid-part could leave behind: garbage in the part's entries and block
    for (let i = 0; i < n1; i++) j.d[i] = 7;
    for (let i = 0; i < n1 - 1; i++) j.e[i] = -5;
    for (let r = 0; r < n1; r++) j.zt.fill(3, r * n, r * n + n1);
    runTridiagonalSubtreePart(j, 0);
    expectSameBits(state(j), first);
    runTridiagonalSubtreePart(j, 1);
    expectSameBits(state(j), first);
  });
  it('the parts write disjoint memory: either order gives the same bits, the coupling and off-diagonal blocks untouched', () => {
    const n = 260;
    const a = job(n, 8);
    runTridiagonalSubtreePart(a, 0);
    runTridiagonalSubtreePart(a, 1);
    const b = job(n, 8);
    runTridiagonalSubtreePart(b, 1);
    runTridiagonalSubtreePart(b, 0);
    expectSameBits(state(b), state(a));
    const n1 = n >> 1;
    expect(a.e[n1 - 1]).toBe(a.eBefore[n1 - 1]);
    for (let r = 0; r < n1; r++) for (let c = n1; c < n; c++) expect(a.zt[r * n + c]).toBe(0);
  });
});
