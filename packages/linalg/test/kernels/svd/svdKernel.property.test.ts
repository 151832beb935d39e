import fc from 'fast-check';
import { describe, it } from 'vitest';
import { svdKernel, type SvdJob } from '../../../src/kernels/svd/index.js';
import { expectLapackRatios, mulberry32 } from '../../support/index.js';

describe('svdKernel properties', () => {
  it('random shapes ≤ 12×12: reconstruction, orthogonality and ordering ratios < 50', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 0, max: 0x7fffffff }),
        fc.constantFrom<SvdJob>('thin', 'full'),
        // Sparsity makes rank deficiency and exact zeros common; the exponent range probes scaling.
        fc.double({ min: 0, max: 0.9, noNaN: true }),
        fc.integer({ min: -300, max: 300 }),
        (m, n, seed, job, zeroFraction, exp10) => {
          const rng = mulberry32(seed);
          const scale = 10 ** exp10;
          const a = new Float64Array(m * n);
          for (let i = 0; i < a.length; i++) a[i] = rng() < zeroFraction ? 0 : (2 * rng() - 1) * scale;
          expectLapackRatios(a, m, n, svdKernel(a, m, n, job), `${m}x${n} seed ${seed}`);
        },
      ),
      { numRuns: 300, seed: 42 },
    );
  });

  it('arbitrary finite doubles (including subnormals and huge values) on small shapes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 6 }),
        fc.array(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e300, max: 1e300 }), {
          minLength: 36,
          maxLength: 36,
        }),
        (m, n, entries) => {
          const a = Float64Array.from(entries.slice(0, m * n));
          // A matrix whose norm is itself (nearly) subnormal has singular values that are not
          // representable to relative precision (e.g. [5e-324; -5e-324] has σ = 7.07e-324,
          // which rounds to 5e-324); LAPACK shares this limit, so such inputs are excluded.
          let amax = 0;
          for (const x of a) amax = Math.max(amax, Math.abs(x));
          fc.pre(amax === 0 || amax > 1e-290);
          expectLapackRatios(a, m, n, svdKernel(a, m, n, 'thin'), `${m}x${n}`);
        },
      ),
      { numRuns: 200, seed: 7 },
    );
  });
});
