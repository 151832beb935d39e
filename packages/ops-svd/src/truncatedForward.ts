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
export function defined(o: KrylovForwardOptions): L.SvdsOptions {
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
  const minDim = T.isTensor(A) ? Math.min(A.shape[0]!, A.shape[1]!) : Math.min(A.m, A.n);
  // ncv must exceed the number of triplets asked for: the extra one asked for here lifts it too.
  if (opts.ncv !== undefined && opts.ncv <= q) opts.ncv = Math.min(q + 1, minDim);
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
  let q = k === 0 ? 0 : Math.min(k + 1, kmax);
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

/** Options of @svd/linalg's eigsh passed through by ops-svd's eigsh. */
export interface EigshForwardOptions extends KrylovForwardOptions {
  readonly which?: L.EigshWhich | undefined;
}

/** k extreme eigenpairs extended through a degenerate block cut by k (p ≥ k columns, kept ones first). */
export interface ExtendedEigsh {
  /** Kept eigenvalues ascending (as @svd/linalg returns them), then the rest of a cut block. */
  readonly W: T.Tensor;
  readonly V: T.Tensor;
  readonly k: number;
}

function pick(t: T.Tensor, idx: readonly number[]): T.Tensor {
  if (t.ndim === 1) return T.stack(idx.map((i) => T.slice(t, [i, i + 1])).map((x) => T.reshape(x, [])));
  return T.concat(
    idx.map((i) => T.slice(t, null, [i, i + 1])),
    -1,
  );
}

/**
 * The k extreme eigenpairs (`which` as in @svd/linalg), plus the rest of a degenerate block cut by
 * k: k + 1 pairs are computed; the least extreme one is dropped unless its eigenvalue equals the
 * least extreme kept one within degeneracyRtol·max|λ| (then more are asked for, as for svds).
 */
export function eigshExtended(
  A: T.Tensor | PlainOperator,
  k: number,
  degeneracyRtol: number,
  o: EigshForwardOptions,
): ExtendedEigsh {
  const n = T.isTensor(A) ? A.shape[0]! : A.m;
  const which = o.which ?? 'largest';
  const score = (w: number) => (which === 'largest' ? w : which === 'smallest' ? -w : Math.abs(w));
  let q = k === 0 ? 0 : Math.min(k + 1, n);
  for (;;) {
    const opts = defined(o) as L.EigshOptions;
    if (opts.ncv !== undefined && opts.ncv <= q) opts.ncv = Math.min(q + 1, n);
    const [W, V] = T.isTensor(A)
      ? L.eigsh(A, q, opts)
      : L.eigsh({ shape: [n, n], dtype: A.dtype, apply: A.apply, applyAdjoint: A.apply }, q, opts);
    const w = W.toTypedArray(false);
    if (q <= k) return { W, V, k };
    // Most extreme first; ties keep linalg's (ascending) order, so the choice is deterministic.
    const order = Array.from({ length: q }, (_, i) => i).sort((a, b) => score(w[b]!) - score(w[a]!) || a - b);
    const kept = order.slice(0, k).sort((a, b) => a - b);
    const scale = Math.max(...Array.from(w, Math.abs));
    const edge = score(w[order[k - 1]!]!);
    const extra = k === 0 ? [] : order.slice(k).filter((i) => Math.abs(score(w[i]!) - edge) <= degeneracyRtol * scale);
    if (extra.length < q - k || q === n) {
      const idx = [...kept, ...extra];
      return { W: pick(W, idx), V: pick(V, idx), k };
    }
    q = Math.min(n, Math.max(q + 1, 2 * q - k));
  }
}
