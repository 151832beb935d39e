import { checkTensor, checkTensorList } from './checkTensor.js';
import { assignInto, empty } from './access.js';
import { type DType, itemWidth, promoteTypes } from './dtype.js';
import { ShapeError, ValueError, fmtShape } from './errors.js';
import { mul } from './elementwise.js';
import { sum } from './reductions.js';
import { normalizeAxes, normalizeAxis, sameShape } from './shape.js';
import type { Tensor } from './Tensor.js';
import { diagonal, reshape, slice, type SliceSpec, unsqueeze } from './views.js';

/**
 * Building and restructuring tensors: joining (concat, stack), triangles, traces, outer
 * products, diagonal embedding, flips. Results are fresh contiguous tensors (except `flip`,
 * which is a free view); destination regions are addressed as views of the freshly allocated
 * output, so every copy goes through one strided `assignInto` loop.
 */

/**
 * Joins tensors along an existing axis. All must have the same rank and equal sizes on the other
 * axes; the dtype is the promotion of all inputs.
 * @example concat([tensor([[1, 2]]), tensor([[3, 4]])], 0) // [[1, 2], [3, 4]]
 */
export function concat(tensors: readonly Tensor[], axis = 0): Tensor {
  checkTensorList('concat', tensors, 'tensors');
  const first = tensors[0];
  if (first === undefined) throw new ValueError('concat', 'expected at least one tensor, got an empty list');
  if (first.ndim === 0) throw new ShapeError('concat', 'rank-0 tensors cannot be concatenated (use stack)');
  const ax = normalizeAxis('concat', axis, first.ndim);
  let dtype: DType = first.dtype;
  let total = 0;
  for (const [i, t] of tensors.entries()) {
    const ok = t.ndim === first.ndim && t.shape.every((d, j) => j === ax || d === first.shape[j]);
    if (!ok) {
      throw new ShapeError(
        'concat',
        `tensor ${i} has shape ${fmtShape(t.shape)}, expected [${first.shape.map((d, j) => (j === ax ? '*' : d)).join(', ')}] (all axes but ${ax} must match)`,
      );
    }
    dtype = promoteTypes(dtype, t.dtype);
    total += t.shape[ax]!;
  }
  const shape = [...first.shape];
  shape[ax] = total;
  const out = empty(dtype, shape);
  let start = 0;
  for (const t of tensors) {
    const len = t.shape[ax]!;
    const specs: SliceSpec[] = shape.map((_, j) => (j === ax ? [start, start + len] : null));
    assignInto(slice(out, ...specs), t);
    start += len;
  }
  return out;
}

/**
 * Joins equal-shaped tensors along a new axis (which may be `ndim`, i.e. last; negative counts
 * from the end of the result).
 * @example stack([tensor([1, 2]), tensor([3, 4])], 1) // [[1, 3], [2, 4]]
 */
export function stack(tensors: readonly Tensor[], axis = 0): Tensor {
  checkTensorList('stack', tensors, 'tensors');
  const first = tensors[0];
  if (first === undefined) throw new ValueError('stack', 'expected at least one tensor, got an empty list');
  for (const [i, t] of tensors.entries()) {
    if (!sameShape(t.shape, first.shape)) {
      throw new ShapeError(
        'stack',
        `all tensors must have the same shape: tensor 0 is ${fmtShape(first.shape)}, tensor ${i} is ${fmtShape(t.shape)}`,
      );
    }
  }
  const ax = normalizeAxis('stack', axis, first.ndim + 1);
  return concat(
    tensors.map((t) => unsqueeze(t, ax)),
    ax,
  );
}

function triangle(op: string, t: Tensor, k: number, upper: boolean): Tensor {
  if (t.ndim < 2) throw new ShapeError(op, `expected rank ≥ 2, got shape ${fmtShape(t.shape)}`);
  if (!Number.isInteger(k)) throw new ValueError(op, `k must be an integer, got ${k}`);
  const out = empty(t.dtype, t.shape);
  out.data.set(t.toTypedArray(false));
  const m = t.shape[t.ndim - 2]!;
  const n = t.shape[t.ndim - 1]!;
  const w = itemWidth(t.dtype);
  const batch = m * n === 0 ? 0 : t.size / (m * n);
  for (let b = 0; b < batch; b++) {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        // triu keeps j − i ≥ k; tril keeps j − i ≤ k.
        const drop = upper ? j - i < k : j - i > k;
        if (!drop) continue;
        const o = ((b * m + i) * n + j) * w;
        out.data[o] = 0;
        if (w === 2) out.data[o + 1] = 0;
      }
    }
  }
  return out;
}

/**
 * Upper triangle of the last two axes: entries with j − i ≥ k are kept, the rest zeroed.
 * @example triu(tensor([[1, 2], [3, 4]])) // [[1, 2], [0, 4]]
 */
export function triu(t: Tensor, k = 0): Tensor {
  checkTensor('triu', t);
  return triangle('triu', t, k, true);
}

/**
 * Lower triangle of the last two axes: entries with j − i ≤ k are kept.
 * @example tril(tensor([[1, 2], [3, 4]]), -1) // [[0, 0], [3, 0]]
 */
export function tril(t: Tensor, k = 0): Tensor {
  checkTensor('tril', t);
  return triangle('tril', t, k, false);
}

/**
 * Sum of the main diagonal of the last two axes; batched, so a [..., m, n] input gives shape
 * [...] (rank 0 for a matrix). Complex traces are complex.
 * @example trace(tensor([[1, 2], [3, 4]])) // rank-0 5
 */
export function trace(t: Tensor): Tensor {
  checkTensor('trace', t);
  if (t.ndim < 2) throw new ShapeError('trace', `expected rank ≥ 2, got shape ${fmtShape(t.shape)}`);
  return sum(diagonal(t), { axes: -1 });
}

/**
 * Outer product a bᵀ of the flattened inputs, shape [a.size, b.size]; no conjugation (NumPy's
 * `outer`; for a bᴴ pass `conj(b)`).
 * @example outer(tensor([1, 2]), tensor([3, 4, 5])) // [[3, 4, 5], [6, 8, 10]]
 */
export function outer(a: Tensor, b: Tensor): Tensor {
  checkTensor('outer', a, 'the first operand');
  checkTensor('outer', b, 'the second operand');
  return mul(reshape(a, [a.size, 1]), reshape(b, [1, b.size]));
}

/**
 * Places the last axis of `v` on the `offset`-th diagonal of new trailing square matrices:
 * [..., n] → [..., n + |offset|, n + |offset|] (torch.diag_embed with dim1 = -2, dim2 = -1).
 * @example diagEmbed(tensor([[1, 2], [3, 4]])) // shape [2, 2, 2]: diag(1, 2) and diag(3, 4)
 */
export function diagEmbed(v: Tensor, offset = 0): Tensor {
  checkTensor('diagEmbed', v);
  if (v.ndim < 1) throw new ShapeError('diagEmbed', `expected rank ≥ 1, got shape ${fmtShape(v.shape)}`);
  if (!Number.isInteger(offset)) throw new ValueError('diagEmbed', `offset must be an integer, got ${offset}`);
  const n = v.shape[v.ndim - 1]! + Math.abs(offset);
  const out = empty(v.dtype, [...v.shape.slice(0, -1), n, n]);
  assignInto(diagonal(out, offset), v);
  return out;
}

/**
 * Reverses the order of entries along `axes` (all axes by default), as a view (negative strides).
 * @example flip(tensor([[1, 2], [3, 4]]), 1) // [[2, 1], [4, 3]]
 */
export function flip(t: Tensor, axes?: number | readonly number[]): Tensor {
  checkTensor('flip', t);
  const ax = new Set(normalizeAxes('flip', axes, t.ndim));
  const specs: SliceSpec[] = t.shape.map((_, i) => (ax.has(i) ? [null, null, -1] : null));
  return slice(t, ...specs);
}
