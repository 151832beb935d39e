import * as L from '@svd/linalg';
import * as T from '@svd/tensor';
import type { PlainOperator } from './krylovOperator.js';

/** The forward's own settings, passed through to @svd/linalg's Krylov solvers. */
export interface KrylovForwardOptions {
  readonly tol?: number | undefined;
  readonly maxRestarts?: number | undefined;
  readonly ncv?: number | undefined;
  readonly seed?: number | undefined;
  readonly method?: L.KrylovMethod | undefined;
}

/** Only the options that were given (linalg rejects explicit undefined values as it should not). */
function defined(o: KrylovForwardOptions): L.SvdsOptions {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as L.SvdsOptions;
}

/** A truncated SVD extended past k through a degenerate block cut by k (p ≥ k columns). */
export interface ExtendedSvd {
  readonly U: T.Tensor;
  readonly S: T.Tensor;
  readonly V: T.Tensor;
  /** Requested k; columns k … p−1 are the rest of a degenerate block cut by k. */
  readonly k: number;
}

function cols(t: T.Tensor, p: number): T.Tensor {
  return T.slice(t, ...t.shape.map((_, i): T.SliceSpec => (i === t.ndim - 1 ? [0, p] : null)));
}

/** q largest singular triplets of A (Tensor or operator). */
function topTriplets(A: T.Tensor | PlainOperator, q: number, o: KrylovForwardOptions): [T.Tensor, T.Tensor, T.Tensor] {
  const opts = defined(o);
  // ncv must exceed the number of triplets asked for: the extra one asked for here lifts it too.
  if (opts.ncv !== undefined && opts.ncv <= q) opts.ncv = q + 1;
  if (T.isTensor(A)) return L.svds(A, q, opts);
  return L.svds({ shape: [A.m, A.n], dtype: A.dtype, apply: A.apply, applyAdjoint: A.applyAdjoint }, q, opts);
}

/**
 * The k largest singular triplets, plus the rest of a degenerate block cut by k: the forward asks
 * for k + 1 triplets so that it sees whether s_{k+1} equals s_k within degeneracyRtol·s₁, and keeps
 * asking for more while the block continues. The backward treats those extra columns as kept ones
 * with zero cotangents — exactly what the dense truncated rule does with them — so the complement
 * solves never meet the (singular) shift sₖ = s_{k+1}.
 */
export function svdsExtended(
  A: T.Tensor | PlainOperator,
  k: number,
  degeneracyRtol: number,
  o: KrylovForwardOptions,
): ExtendedSvd {
  const [m, n] = T.isTensor(A) ? [A.shape[0]!, A.shape[1]!] : [A.m, A.n];
  const kmax = Math.min(m, n);
  let q = Math.min(k + 1, kmax);
  for (;;) {
    const [U, S, V] = topTriplets(A, q, o);
    const s = S.toTypedArray(false);
    if (k === 0 || q <= k) return { U, S, V, k };
    const tol = degeneracyRtol * Math.abs(s[0]!);
    let p = k;
    while (p < q && Math.abs(s[k - 1]! - s[p]!) <= tol) p++;
    if (p < q || q === kmax) return { U: cols(U, p), S: cols(S, p), V: cols(V, p), k };
    q = Math.min(kmax, Math.max(q + 1, 2 * q - k));
  }
}
