/**
 * ad-rules §4 case 10 (and §3 item 7 for complex input): gauge-violation detection, real and complex
 * input in one file. A loss that depends on the basis inside a degenerate block (or of the null space)
 * is flagged — GaugeError with gauge 'throw', the warning
 * handler with 'warn' — and losses invariant under the gauge that treat equal singular values alike are never flagged, at
 * input scales 1e-10, 1, 1e10. 'warn' aggregates the reports made since the last flush (automatic once the running
 * synchronous code finishes, or flushGaugeWarnings()) into one warning. The never-flagged suite runs
 * on float64 and complex128 inputs alike.
 *
 * Complex input adds a phase per singular pair: a loss that depends on it (Re U₀₀, Im U₀₀, Σ Re U,
 * Im V₀₀) or on an eigenvector's phase (Im V₀₀, Re V₁₀) is flagged, phase-free losses (|U₀₀|², |V₀₀|²,
 * Re(conj(U₀₀)·V₀₀)) never are. That check is first order: it measures ∂L/∂θ along uᵢ → uᵢe^{iθ},
 * vᵢ → vᵢe^{iθ}. Where the backend's convention makes an entry real (linalg's wide SVD returns U with a
 * real first row, tall/square SVD V with a real first row, eigh makes each eigenvector's largest
 * component real positive), Re of that entry is locally ±|entry| — a genuine function of A, not
 * flagged, with a gradient that matches finite differences; the last block pins that down.
 */
import { formatReport, gradcheck } from '@svd/gradcheck';
import {
  GaugeError,
  type GaugeWarningHandler,
  eigh,
  flushGaugeWarnings,
  hermitianPart,
  setGaugeWarningHandler,
  svd,
} from '@svd/ops-svd';
import { type Var, add, adjoint, conj, grad, imag, matmul, mul, real, slice, sum, trace } from '@svd/tape';
import * as T from '@svd/tensor';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { captureGaugeWarnings, expectFinite, randomWithSingularValues, thrown } from './helpers.js';

const C = 'complex128' as const;
type DT = 'float64' | 'complex128';
const SCALED = (['float64', 'complex128'] as const).flatMap((dtype) => [1e-10, 1, 1e10].map((c) => ({ dtype, c })));

const abs2 = (x: Var) => real(mul(x, conj(x)));
const at = (x: Var, i: number, j: number) => slice(x, i, j);

/**
 * Q₁·diag(d)·P₁ᴴ with Haar Q (m×m, seed) and P (n×n, seed + 1000) of the dtype's kind — for
 * float64 exactly helpers' randomWithSingularValues.
 */
function withSpectrum(m: number, n: number, d: number[], seed: number, dtype: DT): T.Tensor {
  const Q = T.randomOrthogonal(m, { seed, dtype });
  const P = T.randomOrthogonal(n, { seed: seed + 1000, dtype });
  const k = d.length;
  return T.matmul(T.mul(T.slice(Q, null, [0, k]), T.tensor(d)), T.adjoint(T.slice(P, null, [0, k])));
}

/** A random Hermitian n×n complex matrix. */
function hermitian(n: number, seed: number): T.Tensor {
  const B = T.randn([n, n], { dtype: C, seed });
  return T.scale(T.add(B, T.adjoint(B)), 0.5);
}

type Mode = 'off' | 'warn' | 'throw';

/** A 4×4 matrix with singular values (3, 2, 2, 1), rotated by random orthogonals. */
const Adeg = randomWithSingularValues(4, 4, [3, 2, 2, 1], 101);
const w = T.randn([4], { seed: 102 });

/** Σ w∘u₂: one vector inside the degenerate block {u₂, u₃}. */
const oneVectorLoss = (mode: Mode) => (a: Var) => sum(mul(w, slice(svd(a, { gauge: mode })[0], null, 1)));

describe('a loss on one vector inside a real degenerate block', () => {
  test("gauge 'throw' raises a GaugeError with code 'GAUGE' and a useful message", () => {
    const err = thrown(() => grad(oneVectorLoss('throw'))(Adeg));
    expect(err).toBeInstanceOf(GaugeError);
    expect(err).toBeInstanceOf(T.SvdError);
    const e = err as GaugeError;
    expect(e.code).toBe('GAUGE');
    expect(e.op).toBe('svd');
    expect(e.message).toMatch(/^svd: the loss depends on the phase or the basis of degenerate singular vectors/);
    expect(e.message).toMatch(/gauge-invariant loss/);
    expect(e.violation).toBeGreaterThan(1e-3);
  });

  describe("gauge 'warn'", () => {
    let prev: GaugeWarningHandler;
    const seen: { message: string; error: GaugeError }[] = [];
    beforeEach(() => {
      seen.length = 0;
      prev = setGaugeWarningHandler((message, error) => {
        seen.push({ message, error });
      });
    });
    afterEach(() => {
      setGaugeWarningHandler(prev);
    });

    test('calls the handler once with the message and the error, and still returns a gradient', () => {
      const g = grad(oneVectorLoss('warn'))(Adeg).value;
      flushGaugeWarnings();
      expect(seen).toHaveLength(1);
      expect(seen[0]!.error).toBeInstanceOf(GaugeError);
      expect(seen[0]!.message).toBe(seen[0]!.error.message);
      expect(T.allFinite(g)).toBe(true);
    });

    test('is the default mode', () => {
      grad((a: Var) => sum(mul(w, slice(svd(a)[0], null, 1))))(Adeg);
      flushGaugeWarnings();
      expect(seen).toHaveLength(1);
    });

    test("gauge 'off' stays silent", () => {
      grad(oneVectorLoss('off'))(Adeg);
      flushGaugeWarnings();
      expect(seen).toHaveLength(0);
    });

    test('many reports before one flush make ONE warning with the count, the worst size and where', () => {
      // Seven SVDs in one loss, each flagged: seven warnings before aggregation, one now.
      grad((a: Var) => {
        let total: Var = sum(mul(w, slice(svd(a)[0], null, 1)));
        for (let i = 1; i < 7; i++) total = add(total, sum(mul(w, slice(svd(mul(a, i + 1))[0], null, 1))));
        return total;
      })(Adeg);
      flushGaugeWarnings();
      expect(seen).toHaveLength(1);
      const m = seen[0]!.message;
      expect(m).toMatch(/^svd: gauge check: 7 reports since the last flush — /);
      expect(m).toMatch(/svd: depends on the phase or the basis of degenerate singular vectors \(7×\)/);
      expect(m).toMatch(/Worst: svd: the loss depends on .* \(relative size \d\.\d\de[-+]\d+, tolerance 1\.00e-6\)/);
      expect(seen[0]!.error.violation).toBeGreaterThan(1e-3);
    });

    test('the flush is automatic after the synchronous code: two passes in one stretch share a warning', async () => {
      grad(oneVectorLoss('warn'))(Adeg);
      await Promise.resolve();
      expect(seen).toHaveLength(1);
      expect(seen[0]!.message).toMatch(/gauge check: 1 report since the last flush — /);
      // Two backward passes without an await between them: one summary of both, and it says so
      // without claiming they came from one pass.
      grad(oneVectorLoss('warn'))(Adeg);
      grad(oneVectorLoss('warn'))(Adeg);
      await Promise.resolve();
      expect(seen).toHaveLength(2);
      expect(seen[1]!.message).toMatch(/gauge check: 2 reports since the last flush — /);
      expect(seen[1]!.message).not.toMatch(/backward pass/);
    });

    test('an explicit flush between two passes makes two warnings of one report each', () => {
      grad(oneVectorLoss('warn'))(Adeg);
      flushGaugeWarnings();
      grad(oneVectorLoss('warn'))(Adeg);
      flushGaugeWarnings();
      expect(seen.map((s) => s.message.match(/gauge check: (\d+) reports?/)?.[1])).toEqual(['1', '1']);
    });
  });

  test('the projector of one vector of the block, u₂u₂ᴴ, is flagged too (not invariant under rotations inside the block)', () => {
    const err = thrown(() =>
      grad((a: Var) => {
        const u = slice(svd(a, { gauge: 'throw' })[0], null, [1, 2]);
        return sum(mul(T.randn([4, 4], { seed: 103 }), matmul(u, adjoint(u))));
      })(Adeg),
    );
    expect(err).toBeInstanceOf(GaugeError);
  });

  test('a loss on a null vector of a rank-deficient tall matrix is flagged', () => {
    const A = randomWithSingularValues(6, 4, [3, 2], 104); // s = (3, 2, 0, 0)
    const err = thrown(() =>
      grad((a: Var) => sum(mul(T.randn([6], { seed: 105 }), slice(svd(a, { gauge: 'throw' })[0], null, 3))))(A),
    );
    expect(err).toBeInstanceOf(GaugeError);
    expect((err as GaugeError).message).toMatch(/degenerate singular vectors|zero singular values/);
  });
});

describe.each(SCALED)('gauge-invariant losses are never flagged, $dtype, input scale $c', ({ dtype, c }) => {
  // Degenerate blocks rotated by random orthogonal (real) or unitary (complex) matrices: the gauge is a
  // rotation inside each block, and for complex input also a phase per singular pair.
  const A = T.scale(withSpectrum(4, 4, [3, 2, 2, 1], 101, dtype), c);
  const Atall = T.scale(withSpectrum(6, 4, [3, 2, 2, 1], 106, dtype), c);
  const Adistinct = T.scale(withSpectrum(6, 4, [4, 3, 2, 1], 110, dtype), c);
  const M = T.randn([6, 6], { dtype, seed: 107 });
  const G = T.randn([4, 4], { dtype, seed: 108 });
  const losses: [string, T.Tensor, (a: Var) => Var][] = [
    [
      'projector onto the degenerate block',
      A,
      (a) => {
        const B = slice(svd(a, { gauge: 'throw' })[0], null, [1, 3]);
        return real(sum(mul(G, matmul(B, adjoint(B)))));
      },
    ],
    [
      'projector U·Uᴴ of a tall input',
      Atall,
      (a) => {
        const [U] = svd(a, { gauge: 'throw' });
        return real(trace(matmul(M, matmul(U, adjoint(U)))));
      },
    ],
    // Symmetric in each degenerate block: Σ f(sᵢ) with one f.
    [
      'Σ sᵢ² (symmetric in the block)',
      A,
      (a) => sum(mul(svd(a, { gauge: 'throw' })[1], svd(a, { gauge: 'throw' })[1])),
    ],
    ['weighted S on a non-degenerate input', Adistinct, (a) => sum(mul(w, svd(a, { gauge: 'throw' })[1]))],
    [
      'U·Vᴴ',
      A,
      (a) => {
        const [U, , V] = svd(a, { gauge: 'throw' });
        return real(sum(mul(G, matmul(U, adjoint(V)))));
      },
    ],
    [
      'U·S·Vᴴ (tall, distinct singular values)',
      Adistinct,
      (a) => {
        const [U, S, V] = svd(a, { gauge: 'throw' });
        return real(sum(mul(T.randn([6, 4], { dtype, seed: 109 }), matmul(mul(U, S), adjoint(V)))));
      },
    ],
  ];
  for (const [name, X, L] of losses) {
    test(name, () => {
      const { result, warnings } = captureGaugeWarnings(() => grad(L)(X).value);
      expect(warnings).toEqual([]);
      expect(T.allFinite(result)).toBe(true);
    });
  }

  test('while the one-vector loss is flagged at this scale too', () => {
    const oneVector = (a: Var) => sum(mul(w, abs2(slice(svd(a, { gauge: 'throw' })[0], null, 1))));
    // Complex: Σ w∘|u₂|² is phase-free, but it tells u₂ from u₃ inside the block.
    expect(thrown(() => grad(dtype === 'float64' ? oneVectorLoss('throw') : oneVector)(A))).toBeInstanceOf(GaugeError);
  });
});

describe('a loss that tells the equal singular values of a block apart', () => {
  // At s₂ = s₃ the sorted singular values have a kink (diag(2+t, 2−t) has s = 2 ± |t|), and for
  // ⟨G, U·S·Vᴴ⟩ the masked 0/0 entries have a non-zero limit that the cotangents cannot reveal.
  // Either way the SVD's cotangents do not determine the gradient: it must be flagged, not
  // silently answered (the rule would return something other than G for ⟨G, U·S·Vᴴ⟩ here).
  const G = T.randn([4, 4], { seed: 111 });
  test.each([
    ['weighted S', (a: Var) => sum(mul(w, svd(a, { gauge: 'throw' })[1]))],
    [
      '⟨G, U·S·Vᴴ⟩',
      (a: Var) => {
        const [U, S, V] = svd(a, { gauge: 'throw' });
        return sum(mul(G, matmul(mul(U, S), adjoint(V))));
      },
    ],
  ] as const)('%s is flagged at a repeated singular value', (_name, loss) => {
    const err = thrown(() => grad(loss)(Adeg));
    expect(err).toBeInstanceOf(GaugeError);
    expect((err as GaugeError).message).toMatch(/equal singular values of a degenerate block/);
    // ⟨G, U·S·Vᴴ⟩ = ⟨G, A⟩ is gauge-invariant: the check cannot stand behind "depends", it says "may".
    expect((err as GaugeError).message).toMatch(/^svd: the loss may depend on how the equal singular values/);
  });
});

describe("'may depend' reports are shown once per handler, 'depends' reports every pass", () => {
  const G = T.randn([4, 4], { seed: 112 });
  const mayLoss = (a: Var) => {
    const [U, S, V] = svd(a, { gauge: 'warn' });
    return sum(mul(G, matmul(mul(U, S), adjoint(V))));
  };

  test('a training-loop-like repetition prints one line, a new handler starts a new history', () => {
    const seen: string[] = [];
    const prev = setGaugeWarningHandler((message) => seen.push(message));
    try {
      for (let i = 0; i < 5; i++) {
        grad(mayLoss)(Adeg);
        flushGaugeWarnings();
      }
      expect(seen).toHaveLength(1);
      expect(seen[0]).toMatch(/may depend on how the equal singular values.*shown once/);
      setGaugeWarningHandler((message) => seen.push(message));
      grad(mayLoss)(Adeg);
      flushGaugeWarnings();
      expect(seen).toHaveLength(2);
      // A loss that really depends on the basis is reported on every pass.
      for (let i = 0; i < 3; i++) {
        grad(oneVectorLoss('warn'))(Adeg);
        flushGaugeWarnings();
      }
      expect(seen).toHaveLength(5);
      expect(seen[4]).toMatch(/depends on the phase or the basis/);
    } finally {
      setGaugeWarningHandler(prev);
    }
  });
});

const svdU = (mode: 'throw' | 'warn') => (a: Var) => svd(a, { gauge: mode })[0];
const svdV = (a: Var) => svd(a, { gauge: 'throw' })[2];
const eighV = (a: Var) => eigh(hermitianPart(a), { gauge: 'throw' })[1];

const shapes: [string, number[]][] = [
  ['tall 5×3', [5, 3]],
  ['wide 3×5', [3, 5]],
  ['square 4×4', [4, 4]],
];

describe.each([1e-10, 1, 1e10])('complex128: the phase of a singular pair or an eigenvector, input scale %s', (c) => {
  for (const [name, shape] of shapes) {
    const A = T.scale(T.randn(shape, { dtype: C, seed: 500 + shape[0]! }), c);
    // Re U₀₀ for tall/square (U₀₀ is not real there); Re U₁₀ for wide (U's first row is real there).
    const reRow = shape[0]! < shape[1]! ? 1 : 0;

    test(`svd ${name}: Re U${reRow}₀, Im U₀₀, Σ Re U and Im V₀₀ throw a GaugeError`, () => {
      for (const L of [
        (a: Var) => real(at(svdU('throw')(a), reRow, 0)),
        (a: Var) => imag(at(svdU('throw')(a), 0, 0)),
        (a: Var) => sum(real(svdU('throw')(a))),
        (a: Var) => imag(at(svdV(a), 0, 0)),
      ]) {
        const err = thrown(() => grad(L)(A));
        expect(err).toBeInstanceOf(GaugeError);
        expect((err as GaugeError).op).toBe('svd');
        expect((err as GaugeError).message).toMatch(/phase or the basis/);
        expect((err as GaugeError).violation).toBeGreaterThan(1e-3);
      }
    });

    test(`svd ${name}: with 'warn' the handler is called once and a finite gradient is still returned`, () => {
      const { result, warnings } = captureGaugeWarnings(
        () => grad((a: Var) => real(at(svdU('warn')(a), reRow, 0)))(A).value,
      );
      expect(warnings).toHaveLength(1);
      expectFinite(result);
    });

    test(`svd ${name}: |U₀₀|², |V₀₀|² and Re(conj(U₀₀)·V₀₀) are never flagged`, () => {
      for (const L of [
        (a: Var) => abs2(at(svdU('throw')(a), 0, 0)),
        (a: Var) => abs2(at(svdV(a), 0, 0)),
        (a: Var) => {
          const [U, , V] = svd(a, { gauge: 'throw' });
          return real(mul(conj(at(U, 0, 0)), at(V, 0, 0)));
        },
      ]) {
        const { result, warnings } = captureGaugeWarnings(() => grad(L)(A).value);
        expect(warnings).toEqual([]);
        expectFinite(result);
      }
    });
  }

  const H = T.scale(hermitian(4, 510), c);

  test('eigh: Im V₀₀ and Re V₁₀ throw a GaugeError; |V₀₀|² and |V₁₀|² do not', () => {
    for (const L of [(a: Var) => imag(at(eighV(a), 0, 0)), (a: Var) => real(at(eighV(a), 1, 0))]) {
      const err = thrown(() => grad(L)(H));
      expect(err).toBeInstanceOf(GaugeError);
      expect((err as GaugeError).op).toBe('eigh');
    }
    const M = T.randn([4, 4], { dtype: C, seed: 511 });
    for (const L of [
      (a: Var) => abs2(at(eighV(a), 0, 0)),
      (a: Var) => abs2(at(eighV(a), 1, 0)),
      // Regression (src/eigh.ts): Re tr(M·VVᴴ) = Re tr M is constant; its Jₐ is rounding noise, which
      // the check used to measure against itself (relative size 1.0, flagged).
      (a: Var) => {
        const V = eighV(a);
        return real(trace(matmul(M, matmul(V, adjoint(V)))));
      },
    ]) {
      const { result, warnings } = captureGaugeWarnings(() => grad(L)(H).value);
      expect(warnings).toEqual([]);
      expectFinite(result);
    }
  });
});

describe('complex128: entries the backend keeps real are genuine functions of A (not flagged, FD-correct)', () => {
  test('wide 3×5 svd: U₀₀ is real by convention, so Re U₀₀ = ±|U₀₀| locally', () => {
    const A = T.randn([3, 5], { dtype: C, seed: 503 });
    const U = svd(A)[0];
    expect(Math.abs(T.imag(T.slice(U, 0, 0)).item())).toBe(0);
    const L = (a: Var) => real(at(svdU('throw')(a), 0, 0));
    const r = gradcheck(L, [A]);
    if (!r.ok) throw new Error(formatReport(r, null));
  });

  test('eigh: V₀₀ is the largest component of v₀, real positive by convention: Re V₀₀ = |V₀₀|', () => {
    const H = hermitian(4, 510);
    const V = eigh(H)[1];
    expect(Math.abs(T.imag(T.slice(V, 0, 0)).item())).toBe(0);
    const L = (a: Var) => real(at(eighV(a), 0, 0));
    const r = gradcheck(L, [H]);
    if (!r.ok) throw new Error(formatReport(r, null));
  });
});
