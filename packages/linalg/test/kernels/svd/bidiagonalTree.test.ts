/**
 * The parts of the divide-and-conquer SVD's subtree job (bidiagonalTree.ts) on their own: a part
 * starts from its rows of dBefore and clears its blocks of U and Vᵀ, so running it again — as the
 * caller does after a worker died or threw mid-part, leaving partial writes behind — gives the same
 * bits; and the two parts of a split touch disjoint memory (each one's result does not depend on
 * whether the other ran). Threaded runs against one thread are in test/threads.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { type SubtreeJob, runSubtreePart } from '../../../src/kernels/svd/bidiagonalTree.js';
import { mulberry32, sameBits } from '../../support/index.js';

/** A job over the scaled random bidiagonal of order n (entries in (−1, 1)), split once at its middle row. */
function job(n: number, seed: number): SubtreeJob {
  const rand = mulberry32(seed);
  const dBefore = Float64Array.from({ length: n }, () => 2 * rand() - 1);
  const e = Float64Array.from({ length: n - 1 }, () => 2 * rand() - 1);
  const leftSize = (n - 1) >> 1;
  return {
    d: dBefore.slice(),
    dBefore,
    e,
    u: new Float64Array(n * n),
    ldu: n,
    vt: new Float64Array(n * n),
    ldvt: n,
    subtrees: [
      { first: 0, size: leftSize, extraColumn: 1 },
      { first: leftSize + 1, size: n - leftSize - 1, extraColumn: 0 },
    ],
    gemmPath: 'auto',
  };
}

const leftSizeOf = (n: number): number => (n - 1) >> 1;

const state = (j: SubtreeJob): Float64Array[] => [j.d.slice(), j.u.slice(), j.vt.slice()];

function expectSameBits(x: Float64Array[], y: Float64Array[]): void {
  expect(x.length).toBe(y.length);
  for (const [i, a] of x.entries()) expect(sameBits(a, y[i]!), `array ${i}`).toBe(true);
}

describe('bidiagonalTree: subtree parts', () => {
  it('a part run again over its own partial results and garbage gives the same bits', () => {
    const n = 301;
    const j = job(n, 5);
    runSubtreePart(j, 0);
    runSubtreePart(j, 1);
    const first = state(j);
    // what a worker that died mid-part could leave behind: garbage in the part's rows and blocks
    const leftSize = (n - 1) >> 1;
    for (let i = 0; i < leftSize; i++) j.d[i] = 7;
    for (let c = 0; c < leftSize; c++) j.u.fill(3, c * n, c * n + leftSize);
    for (let r = 0; r <= leftSize; r++) j.vt.fill(-2, r * n, r * n + leftSize + 1);
    runSubtreePart(j, 0);
    expectSameBits(state(j), first);
    runSubtreePart(j, 1);
    expectSameBits(state(j), first);
  });
  it("the parts write disjoint memory: either order, and each alone, give the same bits in each part's range", () => {
    const n = 260;
    const a = job(n, 6);
    runSubtreePart(a, 0);
    runSubtreePart(a, 1);
    const b = job(n, 6);
    runSubtreePart(b, 1);
    runSubtreePart(b, 0);
    expectSameBits(state(b), state(a));
    // part 1 alone on a fresh job: the same bits as after both parts in its own range
    const c = job(n, 6);
    runSubtreePart(c, 1);
    const lo = leftSizeOf(n) + 1;
    expect(sameBits(c.d.subarray(lo), a.d.subarray(lo))).toBe(true);
    for (let r = lo; r < n; r++)
      expect(sameBits(c.vt.subarray(r * n + lo, (r + 1) * n), a.vt.subarray(r * n + lo, (r + 1) * n))).toBe(true);
    // the center row's d and the blocks outside both parts are untouched
    const leftSize = (n - 1) >> 1;
    expect(a.d[leftSize]).toBe(a.dBefore[leftSize]);
    for (let r = 0; r < n; r++) expect(a.u[leftSize * n + r], `U column ${leftSize}`).toBe(0);
  });
});
