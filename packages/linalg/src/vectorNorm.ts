import { type Tensor, ValueError, contiguous, describeValue, isComplex, isTensor, permute, reshape } from '@svd/tensor';
import { outputTensor } from './batch.js';
import { checkFinite } from './checkInput.js';
import { safeHypot } from './kernels/safeHypot.js';
import { safeNorm2 } from './kernels/safeNorm2.js';
import { type VectorNormOptions, resolveVectorNormArgs } from './normDispatch.js';

/**
 * Vector norm of `x` over `axes` (all elements, flattened, when omitted), numpy.linalg.norm's /
 * torch.linalg.vector_norm's semantics for every real `ord`: (Σ|xᵢ|ᵖ)^(1/p); 0 counts the
 * non-zeros; ±Infinity are max / min |xᵢ|. Batched over the axes not reduced.
 *
 * Scaling: the 2-norm is Blue's dnrm2 (no overflow at 1e200, no underflow at 1e-200); other p
 * divide by a power of two near the largest (p > 0) or smallest (p < 0) |xᵢ| first, so |xᵢ|ᵖ
 * never overflows. Complex input: norms of |zᵢ|; the result is real (float64, or float32 for
 * float32 / complex64). An empty reduction gives 0 (p > 0 or 0), Infinity (p < 0, as NumPy),
 * and is a ValueError for ±Infinity (no identity, as torch).
 *
 * @throws ValueError for a bad `ord`/option; IndexError for a bad axis; LinAlgError on NaN/±Inf.
 *
 * @example
 * vectorNorm(tensor([3, 4])).item();                               // 5
 * vectorNorm(tensor([[1, -2], [3, 0]]), { ord: 1, axes: 1 }).toArray(); // [3, 3]
 * vectorNorm(tensor([1, 0, 2]), { ord: 0 }).item();                // 2 (non-zeros)
 */
export function vectorNorm(x: Tensor, options: VectorNormOptions = {}): Tensor {
  const op = 'vectorNorm';
  if (!isTensor(x)) throw new ValueError(op, `the input must be a Tensor, got ${describeValue(x)}`);
  const { ord, axes, keepdims } = resolveVectorNormArgs(op, x.ndim, options);
  return vectorNormAlong(op, x, ord, axes, keepdims);
}

/**
 * `vectorNorm` with validated arguments (`axes` resolved, null = all); errors name `op`.
 *
 * @example
 * kernels.vectorNormAlong('norm', tensor([[3, 4]]), 2, [1], false).toArray(); // [5]
 */
export function vectorNormAlong(
  op: string,
  x: Tensor,
  ord: number,
  axes: readonly number[] | null,
  keepdims: boolean,
): Tensor {
  const nd = x.ndim;
  const reduced = axes ?? [...Array(nd).keys()];
  const kept = [...Array(nd).keys()].filter((a) => !reduced.includes(a));
  const inner = reduced.reduce((p, a) => p * x.shape[a]!, 1);
  const outShape = kept.map((a) => x.shape[a]!);
  const outer = outShape.reduce((p, d) => p * d, 1);
  if (inner === 0 && outer > 0 && (ord === Number.POSITIVE_INFINITY || ord === Number.NEGATIVE_INFINITY)) {
    throw new ValueError(op, `the ${ord} norm of an empty reduction is not defined (max/min has no identity)`);
  }
  const w = isComplex(x.dtype) ? 2 : 1;
  // Reduced axes last and contiguous: vector j is entries [j·inner, (j+1)·inner) of `data`.
  const moved = contiguous(permute(x, [...kept, ...reduced]));
  const raw = moved.toTypedArray(false);
  const data = raw instanceof Float64Array ? raw : Float64Array.from(raw);
  checkFinite(op, data, outer, 1, inner, 'all', 'the input', w);
  const out = new Float64Array(outer);
  for (let j = 0; j < outer; j++) out[j] = vectorNormOf(data, j * inner, inner, ord, w);
  const result = outputTensor(out, outShape, x.dtype);
  if (!keepdims) return result;
  return reshape(
    result,
    x.shape.map((d, a) => (reduced.includes(a) ? 1 : d)),
  );
}

/**
 * ‖x‖_p of the `count` finite entries starting at `offset` (width 2: interleaved complex, norms
 * of |zᵢ|; count > 0 for ord ±Infinity). Deterministic: one fixed left-to-right summation order.
 */
export function vectorNormOf(data: Float64Array, offset: number, count: number, ord: number, w: 1 | 2): number {
  // Empty: (Σ∅)^(1/p) = 0^(1/p), ∞ for p < 0 as NumPy (±∞ orders are rejected by the caller).
  if (count === 0) return ord < 0 ? Number.POSITIVE_INFINITY : 0;
  // Σ|zᵢ|² = Σ (reᵢ² + imᵢ²): the 2-norm of all the interleaved reals.
  if (ord === 2) return safeNorm2(data, offset * w, count * w, 1);
  const abs = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const p = (offset + i) * w;
    abs[i] = w === 1 ? Math.abs(data[p]!) : safeHypot(data[p]!, data[p + 1]!);
  }
  if (ord === 0) {
    let c = 0;
    for (let i = 0; i < count; i++) if (abs[i] !== 0) c++;
    return c;
  }
  let big = 0;
  let small = Number.POSITIVE_INFINITY;
  for (let i = 0; i < count; i++) {
    big = Math.max(big, abs[i]!);
    small = Math.min(small, abs[i]!);
  }
  if (ord === Number.POSITIVE_INFINITY) return big;
  if (ord === Number.NEGATIVE_INFINITY) return small;
  if (ord === 1) {
    let s = 0;
    for (let i = 0; i < count; i++) s += abs[i]!;
    return s;
  }
  if (ord < 0 && small === 0) return 0; // one |xᵢ|ᵖ = ∞ makes (Σ)^(1/p) = 0
  if (big === 0) return 0;
  // Divide by a power of two (exact) at or beyond the extreme that keeps every (|xᵢ|/2^e)^p ≤ 1:
  // above max|xᵢ| for p > 0, at or below min|xᵢ| for p < 0, so no term overflows.
  const e = ord > 0 ? Math.min(Math.floor(Math.log2(big)) + 1, 1023) : Math.floor(Math.log2(small));
  const scale = 2 ** e;
  let s = 0;
  for (let i = 0; i < count; i++) s += (abs[i]! / scale) ** ord;
  return scale * s ** (1 / ord);
}
