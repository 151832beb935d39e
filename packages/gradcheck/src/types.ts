import type { Var } from '@svd/tape';

/**
 * A function under test: Vars in, one Var or an array of Vars out (any shapes, real or complex).
 * It must be built from tape ops or `defineRule` rules so it can be differentiated.
 */
export type VarFunction = (...xs: Var[]) => Var | readonly Var[];

/** Options shared by every check. */
export interface CheckOptions {
  /** Absolute tolerance (default 1e-5, PyTorch's). */
  atol?: number;
  /** Relative tolerance, against the finite-difference value (default 1e-3, PyTorch's). */
  rtol?: number;
  /**
   * Absolute finite-difference step. By default the step is chosen per coordinate from its scale:
   * h = ε^(1/3)·max(1, |x|) (ε^(1/5) with Richardson), which balances truncation against rounding.
   */
  eps?: number;
  /** Combine central differences at h and h/2 (error O(h⁴) instead of O(h²)); twice the evaluations. */
  richardson?: boolean;
  /** Seed of the random directions and cotangents (default 0), so a failure reproduces. */
  seed?: number;
  /** Indices of the inputs to check (default: all). Others are held fixed. */
  wrt?: readonly number[];
}

/** Options of `gradcheck` and `gradgradcheck`. */
export interface GradcheckOptions extends CheckOptions {
  /**
   * Compare Re⟨v, J u⟩ for one random u per input and one random v instead of the full Jacobian:
   * 1 + 2·(number of inputs) evaluations and one pullback instead of one per coordinate.
   */
  fast?: boolean;
}

/** Where an output coordinate lives: which output, which element, which part. */
export interface OutputCoordinate {
  readonly output: number;
  readonly index: readonly number[];
  /** 're' or 'im' for complex outputs, null for real ones. */
  readonly part: 're' | 'im' | null;
}

/** The result of checking one input. */
export interface InputReport {
  /** Position of the input in the argument list. */
  readonly index: number;
  readonly ok: boolean;
  /** Largest |analytic − numeric| over the entries compared. */
  readonly maxAbsError: number;
  /** Largest |analytic − numeric| / max(|numeric|, atol): relative where the value is not tiny. */
  readonly maxRelError: number;
  /** Element of the input at the worst entry ([] in fast mode, where directions are random). */
  readonly worstIndex: readonly number[];
  /** 're' / 'im' for a complex input (its real or imaginary part was perturbed), else null. */
  readonly worstPart: 're' | 'im' | null;
  /** Output coordinate of the worst entry (full mode), null in fast mode. */
  readonly worstOutput: OutputCoordinate | null;
  /** Reverse-mode value at the worst entry (∂ output-coordinate / ∂ input-coordinate, or ⟨J*v, u⟩). */
  readonly analytic: number;
  /** Finite-difference value at the worst entry. */
  readonly numeric: number;
}

/** What `gradcheck` and `gradgradcheck` return. */
export interface GradcheckReport {
  readonly ok: boolean;
  readonly mode: 'full' | 'fast';
  readonly inputs: readonly InputReport[];
  /** Forward evaluations of the function (finite differences plus the one recorded evaluation). */
  readonly evaluations: number;
  /** Reverse passes (pullback calls). */
  readonly pullbacks: number;
  readonly atol: number;
  readonly rtol: number;
}

/** Per-output result of a tangent check: `index` is the output, `worstIndex` an element of it. */
export type OutputReport = InputReport;

/** The dot-product (adjointness) test ⟨J*v, u⟩ = Re⟨v, J u⟩. */
export interface AdjointReport {
  readonly ok: boolean;
  /** Σᵢ Re⟨pullback(v)ᵢ, uᵢ⟩. */
  readonly vjpSide: number;
  /** Σₖ Re⟨vₖ, (J u)ₖ⟩. */
  readonly jvpSide: number;
  readonly absError: number;
  readonly relError: number;
}

/** What `jvpcheck` returns. */
export interface JvpcheckReport {
  readonly ok: boolean;
  readonly adjoint: AdjointReport;
  /** The jvp J u against a central difference of f along u, per output. */
  readonly outputs: readonly OutputReport[];
  readonly evaluations: number;
  readonly atol: number;
  readonly rtol: number;
}
