import { describe, expect, it } from 'vitest';
import { svdKernel, type SvdJob } from '../../../src/kernels/svd/index.js';
import {
  denseWithSpectrum,
  diagonalMatrix,
  expectLapackRatios,
  expectOrdered,
  mulberry32,
  randomMatrix,
  scale as scaled,
  spectrum,
  type SpectrumMode,
  THRESH,
  ULP,
  valuesRatio,
} from '../../support/index.js';

const SHAPES: Array<[number, number]> = [
  [1, 1],
  [1, 5],
  [5, 1],
  [2, 2],
  [3, 1],
  [10, 10],
  [16, 10],
  [10, 16],
  [40, 30],
  [30, 40],
  [100, 37],
  [37, 100],
  [200, 20], // m ≥ 1.6n: QR-first path
  [20, 200],
];

/** Runs thin and full, checks all ratios, and checks 'none' values against 'thin' (test 7). */
function checkAllJobs(a: Float64Array, m: number, n: number, label: string): void {
  const copy = a.slice();
  const thin = svdKernel(a, m, n, 'thin');
  expect(thin.uCols).toBe(Math.min(m, n));
  expect(thin.vCols).toBe(Math.min(m, n));
  expectLapackRatios(a, m, n, thin, `${label} thin`);
  const full = svdKernel(a, m, n, 'full');
  expect(full.uCols).toBe(m);
  expect(full.vCols).toBe(n);
  expectLapackRatios(a, m, n, full, `${label} full`);
  const none = svdKernel(a, m, n, 'none');
  expect(none.u).toBeNull();
  expect(none.v).toBeNull();
  expectOrdered(none.s);
  expect(valuesRatio(thin.s, none.s), `${label} test 7 (thin vs none)`).toBeLessThan(THRESH);
  expect(valuesRatio(thin.s, full.s), `${label} test 7 (thin vs full)`).toBeLessThan(THRESH);
  // The input is never modified.
  expect(a).toEqual(copy);
}

describe('svdKernel: empty shapes', () => {
  for (const [m, n] of [
    [0, 0],
    [0, 3],
    [3, 0],
  ] as Array<[number, number]>) {
    it(`${m}×${n}`, () => {
      const a = new Float64Array(0);
      const none = svdKernel(a, m, n, 'none');
      expect(none.s.length).toBe(0);
      expect(none.u).toBeNull();
      const thin = svdKernel(a, m, n, 'thin');
      expect(thin.s.length).toBe(0);
      expect(thin.uCols).toBe(0);
      expect(thin.vCols).toBe(0);
      expect(thin.u!.length).toBe(0);
      expect(thin.v!.length).toBe(0);
      const full = svdKernel(a, m, n, 'full');
      expect(full.uCols).toBe(m);
      expect(full.vCols).toBe(n);
      for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) expect(full.u![i * m + j]).toBe(i === j ? 1 : 0);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) expect(full.v![i * n + j]).toBe(i === j ? 1 : 0);
    });
  }
});

describe('svdKernel: random dense matrices', () => {
  for (const [m, n] of SHAPES) {
    it(`${m}×${n} U(−1,1)`, () => checkAllJobs(randomMatrix(m, n, mulberry32(m * 1000 + n)), m, n, `${m}x${n}`));
  }
});

describe('svdKernel: LAPACK dchkbd/ddrvbd matrix types', () => {
  const shapes: Array<[number, number]> = [
    [10, 10],
    [16, 10],
    [10, 16],
    [40, 30],
    [30, 40],
    [60, 20],
  ];
  it('zero matrix (orthonormal U, V still required)', () => {
    for (const [m, n] of shapes) {
      const a = new Float64Array(m * n);
      checkAllJobs(a, m, n, `zero ${m}x${n}`);
      for (const x of svdKernel(a, m, n, 'thin').s) expect(Object.is(x, 0)).toBe(true);
    }
  });

  it('identity (rectangular)', () => {
    for (const [m, n] of shapes) {
      const a = diagonalMatrix(m, n, new Float64Array(Math.min(m, n)).fill(1));
      checkAllJobs(a, m, n, `identity ${m}x${n}`);
      for (const x of svdKernel(a, m, n, 'none').s) expect(x).toBe(1);
    }
  });

  for (const mode of ['arithmetic', 'geometric', 'clustered'] as SpectrumMode[]) {
    it(`diagonal, ${mode} 1…ulp, random signs`, () => {
      const rng = mulberry32(7);
      for (const [m, n] of shapes) {
        const d = spectrum(Math.min(m, n), mode);
        const signed = d.map((x) => (rng() < 0.5 ? -x : x));
        // Shuffle so the sort and the vector permutation are exercised.
        for (let i = signed.length - 1; i > 0; i--) {
          const j = Math.floor(rng() * (i + 1));
          const t = signed[i]!;
          signed[i] = signed[j]!;
          signed[j] = t;
        }
        const a = diagonalMatrix(m, n, signed);
        checkAllJobs(a, m, n, `diag ${mode} ${m}x${n}`);
        // A diagonal matrix's singular values are |d|, exactly, sorted.
        const s = svdKernel(a, m, n, 'thin').s;
        const want = Array.from(d).sort((x, y) => y - x);
        for (let i = 0; i < s.length; i++) expect(Math.abs(s[i]! - want[i]!)).toBeLessThanOrEqual(4 * ULP * want[i]!);
      }
    });

    it(`dense U·D·Vᵀ, ${mode} 1…ulp`, () => {
      const rng = mulberry32(11);
      for (const [m, n] of shapes) {
        const a = denseWithSpectrum(m, n, spectrum(Math.min(m, n), mode), rng);
        checkAllJobs(a, m, n, `dense ${mode} ${m}x${n}`);
      }
    });
  }

  // Scales from ddrvbd types 4/5 (≈1e±292) and dchkbd magnitudes 2/3 (≈3e138, 7e-139).
  for (const factor of [1e292, 1e-292, 3e138, 7e-139]) {
    it(`dense arithmetic spectrum and random entries scaled by ${factor}`, () => {
      const rng = mulberry32(13);
      for (const [m, n] of shapes) {
        const a1 = scaled(denseWithSpectrum(m, n, spectrum(Math.min(m, n), 'arithmetic'), rng), factor);
        checkAllJobs(a1, m, n, `dense×${factor} ${m}x${n}`);
        const a2 = scaled(randomMatrix(m, n, rng), factor);
        checkAllJobs(a2, m, n, `random×${factor} ${m}x${n}`);
        // Singular values scale with the matrix (relative to the unscaled computation).
        const s1 = svdKernel(randomMatrix(m, n, mulberry32(m + n)), m, n, 'none').s;
        const s2 = svdKernel(scaled(randomMatrix(m, n, mulberry32(m + n)), factor), m, n, 'none').s;
        for (let i = 0; i < s1.length; i++) {
          expect(Math.abs(s2[i]! / factor - s1[i]!)).toBeLessThan(THRESH * Math.min(m, n) * ULP * s1[0]!);
        }
      }
    });
  }

  it('random bidiagonal with entries from ulp² to ulp⁻² (dchkbd type 16)', () => {
    const rng = mulberry32(17);
    const lnUlp = Math.log(ULP);
    for (const n of [2, 5, 10, 30]) {
      for (const m of [n, n + 7]) {
        const a = new Float64Array(m * n);
        for (let i = 0; i < n; i++) {
          a[i * n + i] = Math.exp(2 * lnUlp * (2 * rng() - 1));
          if (i + 1 < n) a[i * n + i + 1] = Math.exp(2 * lnUlp * (2 * rng() - 1));
        }
        checkAllJobs(a, m, n, `bidiag ${m}x${n}`);
      }
    }
  });

  it('graded matrices (rows and columns spanning 60 orders of magnitude)', () => {
    const rng = mulberry32(19);
    for (const [m, n] of [
      [12, 12],
      [20, 8],
      [8, 20],
    ] as Array<[number, number]>) {
      const a = randomMatrix(m, n, rng);
      for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) a[i * n + j] = a[i * n + j]! * 10 ** (-3 * i - 2 * j);
      checkAllJobs(a, m, n, `graded ${m}x${n}`);
      const b = randomMatrix(m, n, rng);
      for (let i = 0; i < m; i++)
        for (let j = 0; j < n; j++) b[i * n + j] = b[i * n + j]! * 10 ** (-3 * (m - i) - 2 * (n - j));
      checkAllJobs(b, m, n, `reverse graded ${m}x${n}`);
    }
  });
});

describe('svdKernel: rank-deficient matrices', () => {
  it('ones(5, 5): one value 5, four exact-enough zeros, orthonormal U and V', () => {
    const a = new Float64Array(25).fill(1);
    checkAllJobs(a, 5, 5, 'ones');
    const s = svdKernel(a, 5, 5, 'thin').s;
    expect(Math.abs(s[0]! - 5)).toBeLessThan(10 * ULP * 5);
    for (let i = 1; i < 5; i++) expect(s[i]!).toBeLessThan(10 * ULP * 5);
  });

  it('rank-3 15×15 and rank-2 tall/wide', () => {
    const rng = mulberry32(23);
    for (const [m, n, rank] of [
      [15, 15, 3],
      [40, 12, 2],
      [12, 40, 2],
    ] as Array<[number, number, number]>) {
      const left = randomMatrix(m, rank, rng);
      const right = randomMatrix(rank, n, rng);
      const a = new Float64Array(m * n);
      for (let i = 0; i < m; i++)
        for (let j = 0; j < n; j++) {
          let t = 0;
          for (let p = 0; p < rank; p++) t += left[i * rank + p]! * right[p * n + j]!;
          a[i * n + j] = t;
        }
      checkAllJobs(a, m, n, `rank${rank} ${m}x${n}`);
      const s = svdKernel(a, m, n, 'none').s;
      for (let i = rank; i < s.length; i++) expect(s[i]!).toBeLessThan(THRESH * Math.max(m, n) * ULP * s[0]!);
      expect(s[rank - 1]!).toBeGreaterThan(1e-3 * s[0]!);
    }
  });

  it('a zero column and a zero row', () => {
    const rng = mulberry32(29);
    const a = randomMatrix(8, 6, rng);
    for (let i = 0; i < 8; i++) a[i * 6 + 2] = 0;
    for (let j = 0; j < 6; j++) a[5 * 6 + j] = 0;
    checkAllJobs(a, 8, 6, 'zero row/col');
    checkAllJobs(a.slice(0, 6 * 6), 6, 6, 'zero row/col square');
  });
});

describe('svdKernel: values against numpy (LAPACK gesdd)', () => {
  // Generated with numpy 2.4:
  //   A1 = [[1,2,3],[4,5,6],[7,8,10]]; A2 = [[2,-1,0,0],[-1,2,-1,0],[0,-1,2,-1]]
  //   A3 = [[1e-8,1],[0,1e-8],[3,4]];   A4 = [[0.5,-3,0,2],[0,-7,0,1],[4,4,4,4],[1,0,0,-1],[2,2,1,1]]
  //   A5 = np.diag([0.5,-3,-0.0,2,1e-300,-7,0])
  //   np.linalg.svd(A, compute_uv=False).tolist()
  const cases: Array<{ name: string; m: number; n: number; a: number[]; s: number[] }> = [
    {
      name: 'A1',
      m: 3,
      n: 3,
      a: [1, 2, 3, 4, 5, 6, 7, 8, 10],
      s: [17.412505166808597, 0.8751613501104367, 0.19686652111743008],
    },
    {
      name: 'A2',
      m: 3,
      n: 4,
      a: [2, -1, 0, 0, -1, 2, -1, 0, 0, -1, 2, -1],
      s: [3.453978476531536, 2.1243354200210343, 0.7464795421851443],
    },
    { name: 'A3', m: 3, n: 2, a: [1e-8, 1, 0, 1e-8, 3, 4], s: [5.0644951031825824, 0.5923591392387305] },
    {
      name: 'A4',
      m: 5,
      n: 4,
      a: [0.5, -3, 0, 2, 0, -7, 0, 1, 4, 4, 4, 4, 1, 0, 0, -1, 2, 2, 1, 1],
      s: [9.699751123872176, 6.468265535571378, 1.6360237138973779, 0.8060989417220479],
    },
    {
      name: 'A5 (signed diagonal with -0 and 1e-300)',
      m: 7,
      n: 7,
      a: (() => {
        const d = [0.5, -3, -0, 2, 1e-300, -7, 0];
        const a = new Array<number>(49).fill(0);
        d.forEach((x, i) => {
          a[i * 7 + i] = x;
        });
        return a;
      })(),
      s: [7, 3, 2, 0.5, 1e-300, 0, 0],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const a = Float64Array.from(c.a);
      for (const job of ['none', 'thin', 'full'] as SvdJob[]) {
        const r = svdKernel(a, c.m, c.n, job);
        expectOrdered(r.s);
        for (let i = 0; i < c.s.length; i++) {
          // Well-conditioned small cases: agreement to a few ulps of σ₁, and to a few ulps of
          // σᵢ itself for the diagonal case (exact there).
          expect(Math.abs(r.s[i]! - c.s[i]!)).toBeLessThanOrEqual(8 * ULP * c.s[0]! + 4 * ULP * c.s[i]!);
        }
        if (job !== 'none') expectLapackRatios(a, c.m, c.n, r, c.name);
      }
    });
  }
});

describe('svdKernel: argument checks and scale-invariance', () => {
  it('rejects a buffer too short for the shape', () => {
    expect(() => svdKernel(new Float64Array(5), 2, 3, 'thin')).toThrow(RangeError);
  });

  it('a 1×1 negative matrix gives +|a| and a sign in V', () => {
    const r = svdKernel(Float64Array.of(-3), 1, 1, 'thin');
    expect(r.s[0]).toBe(3);
    expect(r.u![0]! * r.s[0]! * r.v![0]!).toBe(-3);
  });

  it('1×1 zero and −0 give +0 with unit vectors', () => {
    for (const z of [0, -0]) {
      const r = svdKernel(Float64Array.of(z), 1, 1, 'full');
      expect(Object.is(r.s[0], 0)).toBe(true);
      expect(Math.abs(r.u![0]!)).toBe(1);
      expect(Math.abs(r.v![0]!)).toBe(1);
    }
  });

  it('subnormal-only matrix keeps its singular values', () => {
    const a = Float64Array.of(5e-324, 0, 0, 1e-320);
    const r = svdKernel(a, 2, 2, 'thin');
    expect(r.s[0]).toBe(1e-320);
    expect(r.s[1]).toBe(5e-324);
  });
});
