/**
 * The fused rotation sequences (dlasr, rotationSequence.ts) against one rotation at a time
 * (BLAS drot on two rows): same bits, including identity rotations (skipped: −0 stays −0),
 * any row length (the four-column blocks and the tail) and a block that starts below row 0.
 */
import { describe, expect, it } from 'vitest';
import { applyRotationsBackward, applyRotationsForward } from '../../../src/kernels/svd/rotationSequence.js';
import { mulberry32 } from '../../support/index.js';

function rotate(x: Float64Array, rowLen: number, r0: number, c: number, s: number): void {
  if (c === 1 && s === 0) return;
  for (let k = 0; k < rowLen; k++) {
    const a = x[r0 * rowLen + k]!;
    const b = x[(r0 + 1) * rowLen + k]!;
    x[r0 * rowLen + k] = c * a + s * b;
    x[(r0 + 1) * rowLen + k] = c * b - s * a;
  }
}

describe('rotation sequences', () => {
  const rng = mulberry32(99);
  for (const [rowLen, rows, first, count] of [
    [1, 2, 0, 1],
    [4, 5, 0, 4],
    [7, 6, 1, 4],
    [32, 32, 0, 31],
    [13, 9, 3, 5],
    [64, 3, 0, 0],
  ] as Array<[number, number, number, number]>) {
    it(`${rows} rows of ${rowLen}, rotations on rows ${first}…${first + count}: forward and backward`, () => {
      const x = Float64Array.from({ length: rows * rowLen }, () => 2 * rng() - 1);
      x[0] = -0;
      const theta = Array.from({ length: count }, () => 6.3 * rng());
      const cs = Float64Array.from(theta, Math.cos);
      const sn = Float64Array.from(theta, Math.sin);
      for (let j = 0; j < count; j += 3) {
        cs[j] = 1;
        sn[j] = 0;
      }
      const f = x.slice();
      const fRef = x.slice();
      applyRotationsForward(f, rowLen, first, count, cs, sn);
      for (let j = 0; j < count; j++) rotate(fRef, rowLen, first + j, cs[j]!, sn[j]!);
      const b = x.slice();
      const bRef = x.slice();
      applyRotationsBackward(b, rowLen, first, count, cs, sn);
      for (let j = count - 1; j >= 0; j--) rotate(bRef, rowLen, first + j, cs[j]!, sn[j]!);
      for (let i = 0; i < x.length; i++) {
        expect(Object.is(f[i], fRef[i]), `forward [${i}]`).toBe(true);
        expect(Object.is(b[i], bRef[i]), `backward [${i}]`).toBe(true);
      }
      if (count > 1) expect(f).not.toEqual(x); // rotation 1 is not the identity
    });
  }
});
