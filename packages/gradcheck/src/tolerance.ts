import type { CheckOptions, InputReport, OutputCoordinate } from './types.js';

/**
 * Default absolute tolerance of every check (1e-5).
 *
 * Defaults follow PyTorch's gradcheck (atol 1e-5, rtol 1e-3). Finite differences in float64 are
 * accurate to ~1e-10 relative for smooth functions, but the third derivative sets the truncation
 * error and decompositions amplify it (1/gap factors), so the tolerance leaves three orders of
 * margin; the bugs a check exists for (sign errors, missing terms, transposes, wrong conjugation)
 * are O(1) wrong and far above it. atol covers entries whose true value is 0, where a relative
 * test is meaningless and cancellation noise ~ε·|f|/h remains.
 *
 * @example
 * gradcheck(f, [x], { atol: DEFAULT_ATOL / 10 }); // a stricter check
 */
export const DEFAULT_ATOL = 1e-5;
/**
 * Default relative tolerance of every check (1e-3, PyTorch's), relative to the finite-difference
 * value; an entry passes when |analytic − numeric| ≤ atol + rtol·|numeric| (see `DEFAULT_ATOL`).
 *
 * @example
 * gradcheck(f, [x], { rtol: 10 * DEFAULT_RTOL }); // looser, e.g. near a degeneracy
 */
export const DEFAULT_RTOL = 1e-3;

export function tolerances(opts: CheckOptions): { atol: number; rtol: number } {
  return { atol: opts.atol ?? DEFAULT_ATOL, rtol: opts.rtol ?? DEFAULT_RTOL };
}

/** Pass test |a − n| ≤ atol + rtol·|n|, as a ratio (≤ 1 passes; NaN counts as a failure). */
function ratio(a: number, n: number, atol: number, rtol: number): number {
  const err = Math.abs(a - n);
  if (err === 0) return 0;
  const r = err / (atol + rtol * Math.abs(n));
  return Number.isNaN(r) ? Number.POSITIVE_INFINITY : r;
}

/** Where an entry came from, kept for the worst one. */
export interface EntryLocation {
  readonly index: readonly number[];
  readonly part: 're' | 'im' | null;
  readonly output: OutputCoordinate | null;
}

/**
 * Accumulates the comparison of many (analytic, numeric) pairs and remembers the worst one, i.e.
 * the one furthest beyond its tolerance (not merely the largest absolute error, which for a
 * function with large entries would point at an entry that passes).
 */
export class ErrorTracker {
  maxAbs = 0;
  maxRel = 0;
  private worstRatio = -1;
  private worst: { a: number; n: number; loc: EntryLocation } = {
    a: 0,
    n: 0,
    loc: { index: [], part: null, output: null },
  };
  readonly atol: number;
  readonly rtol: number;

  constructor(atol: number, rtol: number) {
    this.atol = atol;
    this.rtol = rtol;
  }

  add(a: number, n: number, loc: () => EntryLocation): void {
    const err = Math.abs(a - n);
    const abs = Number.isNaN(err) ? Number.POSITIVE_INFINITY : err;
    this.maxAbs = Math.max(this.maxAbs, abs);
    this.maxRel = Math.max(this.maxRel, abs === 0 ? 0 : abs / Math.max(Math.abs(n), this.atol));
    const r = ratio(a, n, this.atol, this.rtol);
    if (r > this.worstRatio) {
      this.worstRatio = r;
      this.worst = { a, n, loc: loc() };
    }
  }

  get ok(): boolean {
    return this.worstRatio <= 1;
  }

  report(index: number): InputReport {
    const { a, n, loc } = this.worst;
    return {
      index,
      ok: this.ok,
      maxAbsError: this.maxAbs,
      maxRelError: this.maxRel,
      worstIndex: loc.index,
      worstPart: loc.part,
      worstOutput: loc.output,
      analytic: a,
      numeric: n,
    };
  }
}
