/**
 * ad-rules §4 case 10: gauge-violation detection. A loss that depends on the basis inside a real
 * degenerate block (or of the null space) is flagged — GaugeError with gauge 'throw', the warning
 * handler with 'warn' — and losses invariant under the gauge that treat equal singular values alike are never flagged, at
 * input scales 1e-10, 1, 1e10. 'warn' aggregates the reports made since the last flush (automatic once the running
 * synchronous code finishes, or flushGaugeWarnings()) into one warning.
 */
import { GaugeError, type GaugeWarningHandler, flushGaugeWarnings, setGaugeWarningHandler, svd } from '@svd/ops-svd';
import { type Var, add, adjoint, grad, matmul, mul, slice, sum, trace } from '@svd/tape';
import * as T from '@svd/tensor';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { captureGaugeWarnings, randomWithSingularValues, thrown } from './helpers.js';

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

describe.each([1e-10, 1, 1e10])('gauge-invariant losses are never flagged, input scale %s', (c) => {
  const A = T.scale(Adeg, c);
  const Atall = T.scale(randomWithSingularValues(6, 4, [3, 2, 2, 1], 106), c);
  const Adistinct = T.scale(randomWithSingularValues(6, 4, [4, 3, 2, 1], 110), c);
  const M = T.randn([6, 6], { seed: 107 });
  const G = T.randn([4, 4], { seed: 108 });
  const losses: [string, T.Tensor, (a: Var) => Var][] = [
    [
      'projector onto the degenerate block',
      A,
      (a) => {
        const B = slice(svd(a, { gauge: 'throw' })[0], null, [1, 3]);
        return sum(mul(G, matmul(B, adjoint(B))));
      },
    ],
    [
      'projector U·Uᴴ of a tall input',
      Atall,
      (a) => {
        const [U] = svd(a, { gauge: 'throw' });
        return trace(matmul(M, matmul(U, adjoint(U))));
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
        return sum(mul(G, matmul(U, adjoint(V))));
      },
    ],
    [
      'U·S·Vᴴ (tall, distinct singular values)',
      Adistinct,
      (a) => {
        const [U, S, V] = svd(a, { gauge: 'throw' });
        return sum(mul(T.randn([6, 4], { seed: 109 }), matmul(mul(U, S), adjoint(V))));
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
    expect(thrown(() => grad(oneVectorLoss('throw'))(A))).toBeInstanceOf(GaugeError);
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
