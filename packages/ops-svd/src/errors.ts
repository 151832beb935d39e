import { SvdError } from '@svd/tensor';

/**
 * The loss depends on a quantity the decomposition does not determine (a complex phase, a
 * rotation inside a degenerate block, the extra columns of a full SVD), so its gradient is
 * ill-defined. Raised only with `gauge: 'throw'`; `'warn'` reports the same text as a warning.
 *
 * @example
 * const A = variable(randn([3, 3], { dtype: 'complex128', seed: 1 }));
 * const [U] = svd(A, { gauge: 'throw' });
 * backward(sum(real(U))); // throws GaugeError: the loss depends on the columns' phases
 */
export class GaugeError extends SvdError {
  /** Largest gauge-violating component relative to the cotangents' scale. */
  readonly violation: number;
  constructor(op: string, message: string, violation: number) {
    super('GAUGE', op, message);
    this.violation = violation;
  }
}
