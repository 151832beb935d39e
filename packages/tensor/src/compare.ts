import { checkTensor } from './checkTensor.js';
import { type Operand, empty, im, operand, re } from './access.js';
import { hypot } from './complexMath.js';
import { promoteTypes, realDType } from './dtype.js';
import { ValueError } from './errors.js';
import { broadcastShapes, sameShape } from './shape.js';
import type { Tensor } from './Tensor.js';

/**
 * Approximate and exact comparison of whole tensors, for tests and convergence checks. Complex
 * entries are compared as complex numbers (modulus of the difference), never part by part.
 */

export interface CloseOptions {
  /** Relative tolerance (default 1e-5). */
  rtol?: number;
  /** Absolute tolerance (default 1e-8). */
  atol?: number;
  /** Treat NaN as equal to NaN (default false). */
  equalNan?: boolean;
}

function tolerances(op: string, opts: CloseOptions): [number, number, boolean] {
  const rtol = opts.rtol ?? 1e-5;
  const atol = opts.atol ?? 1e-8;
  if (!(rtol >= 0) || !(atol >= 0)) {
    throw new ValueError(op, `rtol and atol must be non-negative, got rtol = ${rtol}, atol = ${atol}`);
  }
  return [rtol, atol, opts.equalNan ?? false];
}

/**
 * NumPy's isclose test for entry i: exact equality (which makes equal infinities close), or
 * |a − b| ≤ atol + rtol·|b| for finite entries, or both NaN when `equalNan`. Asymmetric in b,
 * like NumPy.
 */
function closeAt(pa: Operand, pb: Operand, i: number, rtol: number, atol: number, equalNan: boolean): boolean {
  const ar = re(pa, i);
  const ai = im(pa, i);
  const br = re(pb, i);
  const bi = im(pb, i);
  if (ar === br && ai === bi) return true;
  const aNan = Number.isNaN(ar) || Number.isNaN(ai);
  const bNan = Number.isNaN(br) || Number.isNaN(bi);
  if (aNan || bNan) return equalNan && aNan && bNan;
  if (!Number.isFinite(ar) || !Number.isFinite(ai) || !Number.isFinite(br) || !Number.isFinite(bi)) return false;
  return hypot(ar - br, ai - bi) <= atol + rtol * hypot(br, bi);
}

/**
 * Elementwise closeness with broadcasting: 1 where |a − b| ≤ atol + rtol·|b| (see `allclose`),
 * else 0, in the real dtype of the promoted type.
 * @example isclose(tensor([1, 2]), tensor([1 + 1e-9, 2.1])) // [1, 0]
 */
export function isclose(a: Tensor, b: Tensor, opts: CloseOptions = {}): Tensor {
  checkTensor('isclose', a, 'the first operand');
  checkTensor('isclose', b, 'the second operand');
  const [rtol, atol, equalNan] = tolerances('isclose', opts);
  const shape = broadcastShapes('isclose', a.shape, b.shape);
  const out = empty(realDType(promoteTypes(a.dtype, b.dtype)), shape);
  const pa = operand(a, shape);
  const pb = operand(b, shape);
  for (let i = 0; i < out.size; i++) out.data[i] = closeAt(pa, pb, i, rtol, atol, equalNan) ? 1 : 0;
  return out;
}

/**
 * True when every entry satisfies |a − b| ≤ atol + rtol·|b| (NumPy semantics: broadcasting,
 * equal infinities are close, NaN only with `equalNan`; rtol = 1e-5, atol = 1e-8 by default).
 * Shapes that do not broadcast throw ShapeError rather than returning false.
 * @example allclose(tensor([1, 2]), tensor([1, 2 + 1e-9])) // true
 */
export function allclose(a: Tensor, b: Tensor, opts: CloseOptions = {}): boolean {
  checkTensor('allclose', a, 'the first operand');
  checkTensor('allclose', b, 'the second operand');
  const [rtol, atol, equalNan] = tolerances('allclose', opts);
  const shape = broadcastShapes('allclose', a.shape, b.shape);
  const pa = operand(a, shape);
  const pb = operand(b, shape);
  let n = 1;
  for (const d of shape) n *= d;
  for (let i = 0; i < n; i++) if (!closeAt(pa, pb, i, rtol, atol, equalNan)) return false;
  return true;
}

/**
 * True when a and b have the same shape (no broadcasting) and equal values; dtypes may differ
 * (a real entry equals a complex one with zero imaginary part). NaN ≠ NaN unless `equalNan`.
 * @example arrayEqual(tensor([1, 2]), tensor([1, 2], { dtype: 'float32' })) // true
 */
export function arrayEqual(a: Tensor, b: Tensor, opts: { equalNan?: boolean } = {}): boolean {
  checkTensor('arrayEqual', a, 'the first operand');
  checkTensor('arrayEqual', b, 'the second operand');
  if (!sameShape(a.shape, b.shape)) return false;
  const pa = operand(a, a.shape);
  const pb = operand(b, b.shape);
  const equalNan = opts.equalNan ?? false;
  for (let i = 0; i < a.size; i++) {
    const ar = re(pa, i);
    const ai = im(pa, i);
    const br = re(pb, i);
    const bi = im(pb, i);
    if (ar === br && ai === bi) continue;
    if (equalNan && (Number.isNaN(ar) || Number.isNaN(ai)) && (Number.isNaN(br) || Number.isNaN(bi))) continue;
    return false;
  }
  return true;
}

/**
 * 1 where the entry is finite (complex: both parts finite), else 0, in the real dtype of t.
 * @example isFinite(tensor([1, Infinity, NaN])) // [1, 0, 0]
 */
// biome-ignore lint/suspicious/noShadowRestrictedNames: the name the brief asks for (numpy.isfinite); this module uses Number.isFinite only
export function isFinite(t: Tensor): Tensor {
  checkTensor('isFinite', t);
  const out = empty(realDType(t.dtype), t.shape);
  const p = operand(t, t.shape);
  for (let i = 0; i < out.size; i++) out.data[i] = Number.isFinite(re(p, i)) && Number.isFinite(im(p, i)) ? 1 : 0;
  return out;
}

/**
 * True when every entry is finite (complex: both parts); true for an empty tensor.
 * @example allFinite(tensor([1, 2])) // true
 */
export function allFinite(t: Tensor): boolean {
  checkTensor('allFinite', t);
  const p = operand(t, t.shape);
  for (let i = 0; i < t.size; i++) if (!Number.isFinite(re(p, i)) || !Number.isFinite(im(p, i))) return false;
  return true;
}
