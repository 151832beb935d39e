import { checkTensor } from './checkTensor.js';
import { ShapeError, ValueError, fmtShape } from './errors.js';
import { matmul } from './matmul.js';
import { normalizeAxis, sizeOf } from './shape.js';
import type { Tensor } from './Tensor.js';
import { permute, reshape } from './views.js';

/** `tensordot` axes: a count n (last n of a with first n of b) or explicit lists / single axes. */
export type TensordotAxes = number | readonly [readonly number[] | number, readonly number[] | number];

/**
 * NumPy's `tensordot`: sums products over the given axes of `a` and `b` (paired in order). The
 * result's axes are a's remaining axes followed by b's, in their original order. No
 * conjugation. Computed as permute + reshape to matrices + one `matmul`.
 *
 * @example
 * tensordot(A, B, 1);              // [2,3]·[3,4] → [2,4] (the matrix product)
 * tensordot(A, B, [[0, 2], [1, 0]]);
 * tensordot(u, v, 0);              // outer product
 */
export function tensordot(a: Tensor, b: Tensor, axes: TensordotAxes = 2): Tensor {
  checkTensor('tensordot', a, 'the first operand');
  checkTensor('tensordot', b, 'the second operand');
  const op = 'tensordot';
  let axesA: number[];
  let axesB: number[];
  if (typeof axes === 'number') {
    if (!Number.isInteger(axes) || axes < 0)
      throw new ValueError(op, `axes must be a non-negative integer, got ${axes}`);
    if (axes > a.ndim || axes > b.ndim) {
      throw new ShapeError(op, `cannot contract ${axes} axes of shapes ${fmtShape(a.shape)} and ${fmtShape(b.shape)}`);
    }
    axesA = Array.from({ length: axes }, (_, i) => a.ndim - axes + i);
    axesB = Array.from({ length: axes }, (_, i) => i);
  } else {
    const [xa, xb] = axes;
    axesA = (typeof xa === 'number' ? [xa] : [...xa]).map((x) => normalizeAxis(op, x, a.ndim));
    axesB = (typeof xb === 'number' ? [xb] : [...xb]).map((x) => normalizeAxis(op, x, b.ndim));
    if (axesA.length !== axesB.length) {
      throw new ValueError(
        op,
        `axes lists must have equal length, got ${axesA.length} for a and ${axesB.length} for b`,
      );
    }
    if (new Set(axesA).size !== axesA.length)
      throw new ValueError(op, `repeated axis in a's axes [${axesA.join(', ')}]`);
    if (new Set(axesB).size !== axesB.length)
      throw new ValueError(op, `repeated axis in b's axes [${axesB.join(', ')}]`);
  }
  for (let i = 0; i < axesA.length; i++) {
    const da = a.shape[axesA[i]!]!;
    const db = b.shape[axesB[i]!]!;
    if (da !== db) {
      throw new ShapeError(
        op,
        `contracted axes differ in size: a axis ${axesA[i]} has ${da} (shape ${fmtShape(a.shape)}) but b axis ${axesB[i]} has ${db} (shape ${fmtShape(b.shape)})`,
      );
    }
  }
  const freeA = [...a.shape.keys()].filter((i) => !axesA.includes(i));
  const freeB = [...b.shape.keys()].filter((i) => !axesB.includes(i));
  const shapeA = freeA.map((i) => a.shape[i]!);
  const shapeB = freeB.map((i) => b.shape[i]!);
  const m = sizeOf(shapeA);
  const n = sizeOf(shapeB);
  const k = sizeOf(axesA.map((i) => a.shape[i]!));
  const a2 = reshape(permute(a, [...freeA, ...axesA]), [m, k]);
  const b2 = reshape(permute(b, [...axesB, ...freeB]), [k, n]);
  return reshape(matmul(a2, b2), [...shapeA, ...shapeB]);
}
