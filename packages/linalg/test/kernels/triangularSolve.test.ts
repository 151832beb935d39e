import { describe, expect, it } from 'vitest';
import { triangularSolve } from '../../src/kernels/index.js';
import {
  EPS,
  hasNegativeZero,
  matmul,
  mulberry32,
  norm1,
  randomMatrix,
  subtract,
  transpose,
} from '../support/index.js';

const SIZES = [0, 1, 2, 3, 5, 10, 50];

/** A well-conditioned triangular matrix with NaN in the triangle that must not be read. */
function makeTriangle(
  n: number,
  lower: boolean,
  unit: boolean,
  rng: () => number,
): { t: Float64Array; dense: Float64Array } {
  const t = new Float64Array(n * n);
  const dense = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const inside = lower ? j < i : j > i;
      if (i === j) {
        const d = 2 + rng();
        t[i * n + j] = unit ? NaN : d; // unit diagonal must not be read either
        dense[i * n + j] = unit ? 1 : d;
      } else if (inside) {
        const v = (2 * rng() - 1) / n;
        t[i * n + j] = v;
        dense[i * n + j] = v;
      } else {
        t[i * n + j] = NaN;
      }
    }
  }
  return { t, dense };
}

describe('triangularSolve', () => {
  for (const lower of [true, false]) {
    for (const unitDiagonal of [false, true]) {
      for (const trans of [false, true]) {
        it(`lower=${lower} unit=${unitDiagonal} transpose=${trans}: residual ‖op(T)X − B‖ small`, () => {
          for (const n of SIZES) {
            for (const nrhs of [0, 1, 3]) {
              const rng = mulberry32(n * 13 + nrhs);
              const { t, dense } = makeTriangle(n, lower, unitDiagonal, rng);
              const b = randomMatrix(n, nrhs, rng);
              const bCopy = b.slice();
              const x = triangularSolve(t, n, b, nrhs, { lower, unitDiagonal, transpose: trans });
              expect(b).toEqual(bCopy);
              expect(x.length).toBe(n * nrhs);
              expect(hasNegativeZero(x)).toBe(false);
              if (n === 0 || nrhs === 0) continue;
              const op = trans ? transpose(dense, n, n) : dense;
              const resid = norm1(subtract(matmul(op, x, n, n, nrhs), b), n, nrhs);
              // DTRT02-style: ‖op(T)X − B‖ / (‖op(T)‖·‖X‖·n·eps)
              const ratio = resid / (norm1(op, n, n) * norm1(x, n, nrhs) * n * EPS);
              expect(ratio, `n=${n} nrhs=${nrhs}`).toBeLessThan(30);
            }
          }
        });
      }
    }
  }

  it('solves a small system exactly', () => {
    // [2 0; 1 4] x = [2; 9]  →  x = [1; 2]
    const x = triangularSolve(new Float64Array([2, 0, 1, 4]), 2, new Float64Array([2, 9]), 1, {
      lower: true,
      unitDiagonal: false,
      transpose: false,
    });
    expect(Array.from(x)).toEqual([1, 2]);
    // [2 1; 0 4]ᵀ x = [2; 9]  →  same system
    const y = triangularSolve(new Float64Array([2, 1, 0, 4]), 2, new Float64Array([2, 9]), 1, {
      lower: false,
      unitDiagonal: false,
      transpose: true,
    });
    expect(Array.from(y)).toEqual([1, 2]);
  });
});
