import { type Operand, at, empty, im, operand, re } from './access.js';
import { ccos, cdiv, cexp, clog, cmul, cpowInt, csign, csin, csqrt, ctanh, hypot } from './complexMath.js';
import { type DType, isComplex, promoteTypes, realDType } from './dtype.js';
import { DTypeError } from './errors.js';
import { full } from './creation.js';
import { broadcastShapes, sameShape } from './shape.js';
import { type ComplexPair, Tensor } from './Tensor.js';

/**
 * NumPy-style elementwise arithmetic with broadcasting. Every op allocates its result (inputs
 * are never written), the result dtype is `promoteTypes` of the operands, and a plain number
 * operand is read as a rank-0 tensor of the other operand's dtype (so `mul(x32, 2)` stays
 * float32). Real inputs stay real: `sqrt(-1)` and `log(-1)` are NaN, as in NumPy, not complex.
 */

/** A tensor or a plain number (broadcast as a rank-0 tensor). */
export type Operandish = Tensor | number;

type RealBin = (x: number, y: number) => number;
type CplxBin = (a: number, b: number, c: number, d: number, out: Float64Array | Float32Array, k: number) => void;

function lift(x: Operandish, other: Operandish): Tensor {
  if (x instanceof Tensor) return x;
  const dtype: DType = other instanceof Tensor ? other.dtype : 'float64';
  return full([], x, { dtype });
}

/** Shared driver: broadcasting, dtype promotion, the contiguous fast path. */
function binary(op: string, x: Operandish, y: Operandish, fr: RealBin, fc: CplxBin | null, outReal = false): Tensor {
  const a = lift(x, y);
  const b = lift(y, x);
  const dtype = promoteTypes(a.dtype, b.dtype);
  const complex = isComplex(dtype);
  if (complex && fc === null) {
    throw new DTypeError(op, `complex operands are not supported (got ${a.dtype} and ${b.dtype}); compare real or imag parts`);
  }
  const shape = broadcastShapes(op, a.shape, b.shape);
  const out = empty(outReal ? realDType(dtype) : dtype, shape);
  const n = out.size;
  const o = out.data;
  if (!complex) {
    const ad = a.data;
    const bd = b.data;
    if (sameShape(a.shape, b.shape) && a.isContiguous && b.isContiguous) {
      // Fast path: one flat loop, no offset tables.
      const sa = a.offset;
      const sb = b.offset;
      for (let i = 0; i < n; i++) o[i] = fr(ad[sa + i]!, bd[sb + i]!);
      return out;
    }
    const pa = operand(a, shape);
    const pb = operand(b, shape);
    for (let i = 0; i < n; i++) o[i] = fr(ad[at(pa, i)]!, bd[at(pb, i)]!);
    return out;
  }
  const pa = operand(a, shape);
  const pb = operand(b, shape);
  if (outReal) {
    const tmp = new Float64Array(2);
    for (let i = 0; i < n; i++) {
      (fc as CplxBin)(re(pa, i), im(pa, i), re(pb, i), im(pb, i), tmp, 0);
      o[i] = tmp[0]!;
    }
    return out;
  }
  for (let i = 0; i < n; i++) (fc as CplxBin)(re(pa, i), im(pa, i), re(pb, i), im(pb, i), o, 2 * i);
  return out;
}

/**
 * Elementwise a + b with broadcasting.
 * @example add(tensor([[1], [2]]), tensor([10, 20])) // [[11, 21], [12, 22]]
 */
export function add(a: Operandish, b: Operandish): Tensor {
  return binary('add', a, b, (x, y) => x + y, (p, q, r, s, o, k) => {
    o[k] = p + r;
    o[k + 1] = q + s;
  });
}

/**
 * Elementwise a − b with broadcasting.
 * @example sub(tensor([5, 7]), 2) // [3, 5]
 */
export function sub(a: Operandish, b: Operandish): Tensor {
  return binary('sub', a, b, (x, y) => x - y, (p, q, r, s, o, k) => {
    o[k] = p - r;
    o[k + 1] = q - s;
  });
}

/**
 * Elementwise a·b with broadcasting (complex: (p+iq)(r+is)).
 * @example mul(tensor([[1, 0]], { dtype: 'complex128' }), tensor([[0, 1]], { dtype: 'complex128' })) // [0+1j]
 */
export function mul(a: Operandish, b: Operandish): Tensor {
  return binary('mul', a, b, (x, y) => x * y, cmul);
}

/**
 * Elementwise a / b with broadcasting; complex division by Smith's algorithm (no overflow in
 * |b|²). Division by zero gives ±Infinity or NaN, as in IEEE arithmetic.
 * @example div(tensor([1, 2]), tensor([4, 8])) // [0.25, 0.25]
 */
export function div(a: Operandish, b: Operandish): Tensor {
  return binary('div', a, b, (x, y) => x / y, cdiv);
}

/**
 * Elementwise a^b (Math.pow semantics for reals: a negative base with a non-integer exponent is
 * NaN). A complex base is supported with a real exponent whose entries are integers (computed
 * by repeated squaring); a complex exponent or a non-integer exponent of a complex base throws
 * DTypeError.
 * @example pow(tensor([2, 3]), 2) // [4, 9]
 */
export function pow(a: Operandish, b: Operandish): Tensor {
  const bt = b instanceof Tensor ? b : null;
  if (bt !== null && isComplex(bt.dtype)) {
    throw new DTypeError('pow', `complex exponents are not supported, got exponent dtype ${bt.dtype}`);
  }
  return binary('pow', a, b, Math.pow, (p, q, r, _s, o, k) => {
    if (!Number.isInteger(r)) {
      throw new DTypeError('pow', `a complex base needs integer exponents, got exponent ${r}`);
    }
    cpowInt(p, q, r, o, k);
  });
}

/**
 * Elementwise maximum; NaN in either operand gives NaN (NumPy's `maximum`, not `fmax`).
 * Complex operands throw DTypeError (complex numbers are not ordered).
 * @example maximum(tensor([1, NaN, 3]), 2) // [2, NaN, 3]
 */
export function maximum(a: Operandish, b: Operandish): Tensor {
  return binary('maximum', a, b, Math.max, null);
}

/**
 * Elementwise minimum; NaN propagates. Complex operands throw DTypeError.
 * @example minimum(tensor([1, 5]), tensor([4, 2])) // [1, 2]
 */
export function minimum(a: Operandish, b: Operandish): Tensor {
  return binary('minimum', a, b, Math.min, null);
}

// Comparisons return 1/0 in the REAL dtype of the promoted type (we have no boolean dtype).
// Ordering comparisons reject complex; equal/notEqual accept it (both parts must match).

/**
 * 1 where a == b, else 0, in the real dtype of the promoted type. Complex: both parts equal.
 * @example equal(tensor([1, 2]), 2) // [0, 1]
 */
export function equal(a: Operandish, b: Operandish): Tensor {
  return binary('equal', a, b, (x, y) => (x === y ? 1 : 0), (p, q, r, s, o, k) => {
    o[k] = p === r && q === s ? 1 : 0;
  }, true);
}

/**
 * 1 where a != b (NaN != NaN is 1), else 0. Complex: either part differs.
 * @example notEqual(tensor([1, NaN]), tensor([1, NaN])) // [0, 1]
 */
export function notEqual(a: Operandish, b: Operandish): Tensor {
  return binary('notEqual', a, b, (x, y) => (x !== y ? 1 : 0), (p, q, r, s, o, k) => {
    o[k] = p !== r || q !== s ? 1 : 0;
  }, true);
}

/** 1 where a < b else 0 (real dtypes only). @example less(tensor([1, 3]), 2) // [1, 0] */
export function less(a: Operandish, b: Operandish): Tensor {
  return binary('less', a, b, (x, y) => (x < y ? 1 : 0), null);
}

/** 1 where a ≤ b else 0 (real dtypes only). @example lessEqual(tensor([1, 2]), 2) // [1, 1] */
export function lessEqual(a: Operandish, b: Operandish): Tensor {
  return binary('lessEqual', a, b, (x, y) => (x <= y ? 1 : 0), null);
}

/** 1 where a > b else 0 (real dtypes only). @example greater(tensor([1, 3]), 2) // [0, 1] */
export function greater(a: Operandish, b: Operandish): Tensor {
  return binary('greater', a, b, (x, y) => (x > y ? 1 : 0), null);
}

/** 1 where a ≥ b else 0 (real dtypes only). @example greaterEqual(tensor([1, 2]), 2) // [0, 1] */
export function greaterEqual(a: Operandish, b: Operandish): Tensor {
  return binary('greaterEqual', a, b, (x, y) => (x >= y ? 1 : 0), null);
}

type CplxUn = (x: number, y: number, out: Float64Array | Float32Array, k: number) => void;

/** Shared driver for unary ops; `fc` null means complex input is rejected. */
function unary(op: string, t: Tensor, fr: (x: number) => number, fc: CplxUn | null, outDType: DType = t.dtype): Tensor {
  const out = empty(outDType, t.shape);
  const n = out.size;
  const o = out.data;
  if (!isComplex(t.dtype)) {
    const d = t.data;
    if (t.isContiguous) {
      for (let i = 0, s = t.offset; i < n; i++) o[i] = fr(d[s + i]!);
    } else {
      const offs = t.offsets();
      for (let i = 0; i < n; i++) o[i] = fr(d[offs[i]!]!);
    }
    return out;
  }
  if (fc === null) throw new DTypeError(op, `complex input is not supported, got ${t.dtype}`);
  const p: Operand = operand(t, t.shape);
  for (let i = 0; i < n; i++) fc(re(p, i), im(p, i), o, isComplex(outDType) ? 2 * i : i);
  return out;
}

/** −t. @example neg(tensor([1, -2])) // [-1, 2] */
export function neg(t: Tensor): Tensor {
  return unary('neg', t, (x) => -x, (x, y, o, k) => {
    o[k] = -x;
    o[k + 1] = -y;
  });
}

/**
 * |t|; for complex input the modulus in the real dtype (overflow-safe hypot: |1e200 + 1e200i|
 * is finite).
 * @example abs(tensor([[3, 4]], { dtype: 'complex128' })) // float64 [5]
 */
export function abs(t: Tensor): Tensor {
  return unary('abs', t, Math.abs, (x, y, o, k) => {
    o[k] = hypot(x, y);
  }, realDType(t.dtype));
}

/** Square root (principal branch for complex; NaN for negative reals). @example sqrt(tensor([4, 9])) // [2, 3] */
export function sqrt(t: Tensor): Tensor {
  return unary('sqrt', t, Math.sqrt, csqrt);
}

/** e^t. @example exp(tensor([0])) // [1] */
export function exp(t: Tensor): Tensor {
  return unary('exp', t, Math.exp, cexp);
}

/** Natural logarithm (principal branch for complex). @example log(tensor([1])) // [0] */
export function log(t: Tensor): Tensor {
  return unary('log', t, Math.log, clog);
}

/** sin (complex: sin x cosh y + i cos x sinh y). @example sin(tensor([0])) // [0] */
export function sin(t: Tensor): Tensor {
  return unary('sin', t, Math.sin, csin);
}

/** cos (complex: cos x cosh y − i sin x sinh y). @example cos(tensor([0])) // [1] */
export function cos(t: Tensor): Tensor {
  return unary('cos', t, Math.cos, ccos);
}

/** tanh (complex too, without overflow for large |Re z|). @example tanh(tensor([0])) // [0] */
export function tanh(t: Tensor): Tensor {
  return unary('tanh', t, Math.tanh, ctanh);
}

/** t² (complex: z·z, not |z|²). @example square(tensor([[0, 1]], { dtype: 'complex128' })) // [-1+0j] */
export function square(t: Tensor): Tensor {
  return unary('square', t, (x) => x * x, (x, y, o, k) => {
    o[k] = (x - y) * (x + y); // avoids the cancellation of x² − y²
    o[k + 1] = 2 * x * y;
  });
}

/**
 * −1, 0 or 1 (0 keeps its sign, NaN stays NaN); for complex input z/|z| (0 at 0), as NumPy 2.
 * @example sign(tensor([-3, 0, 2])) // [-1, 0, 1]
 */
export function sign(t: Tensor): Tensor {
  return unary('sign', t, (x) => (x > 0 ? 1 : x < 0 ? -1 : x), csign);
}

/** 1/t (complex by Smith's algorithm). @example reciprocal(tensor([2, 4])) // [0.5, 0.25] */
export function reciprocal(t: Tensor): Tensor {
  return unary('reciprocal', t, (x) => 1 / x, (x, y, o, k) => cdiv(1, 0, x, y, o, k));
}

/**
 * The argument (phase) in (−π, π], in the real dtype; for real input 0 or π (π also for −0,
 * following atan2 like NumPy).
 * @example angle(tensor([[0, 1]], { dtype: 'complex128' })) // [π/2]
 */
export function angle(t: Tensor): Tensor {
  return unary('angle', t, (x) => Math.atan2(0, x), (x, y, o, k) => {
    o[k] = Math.atan2(y, x);
  }, realDType(t.dtype));
}

/**
 * The complex conjugate as a fresh contiguous tensor (no lazy conjugation bit); a plain copy for
 * real input. Use `conj` from views for the free lazy version.
 * @example conjPhysical(tensor([[1, 2]], { dtype: 'complex128' })).data // Float64Array [1, -2]
 */
export function conjPhysical(t: Tensor): Tensor {
  return unary('conjPhysical', t, (x) => x, (x, y, o, k) => {
    o[k] = x;
    o[k + 1] = -y;
  });
}

/**
 * Picks `a` where `cond` is nonzero (complex cond: either part nonzero) and `b` elsewhere; all
 * three broadcast together. Result dtype promoteTypes(a, b); if both are numbers, float64.
 * @example where(tensor([1, 0]), tensor([1, 2]), -1) // [1, -1]
 */
export function where(cond: Tensor, a: Operandish, b: Operandish): Tensor {
  const ta = lift(a, b);
  const tb = lift(b, a);
  const dtype = promoteTypes(ta.dtype, tb.dtype);
  const shape = broadcastShapes('where', broadcastShapes('where', cond.shape, ta.shape), tb.shape);
  const out = empty(dtype, shape);
  const pc = operand(cond, shape);
  const pa = operand(ta, shape);
  const pb = operand(tb, shape);
  const o = out.data;
  const cplx = isComplex(dtype);
  for (let i = 0; i < out.size; i++) {
    const p = re(pc, i) !== 0 || im(pc, i) !== 0 ? pa : pb;
    if (cplx) {
      o[2 * i] = re(p, i);
      o[2 * i + 1] = im(p, i);
    } else o[i] = re(p, i);
  }
  return out;
}

function scalarTensor(alpha: number | ComplexPair, like: Tensor): Tensor {
  if (typeof alpha === 'number') return full([], alpha, { dtype: like.dtype });
  const dtype = isComplex(like.dtype) ? like.dtype : like.dtype === 'float32' ? 'complex64' : 'complex128';
  const s = full([], alpha[0], { dtype });
  s.data[1] = alpha[1];
  return s;
}

/**
 * alpha·t; alpha may be a complex [re, im] pair (a real t then becomes complex of its precision).
 * @example scale(tensor([1, 2]), 3) // [3, 6]
 */
export function scale(t: Tensor, alpha: number | ComplexPair): Tensor {
  return mul(t, scalarTensor(alpha, t));
}

/**
 * t + alpha for every entry; alpha may be a complex [re, im] pair.
 * @example addScalar(tensor([1, 2]), 0.5) // [1.5, 2.5]
 */
export function addScalar(t: Tensor, alpha: number | ComplexPair): Tensor {
  return add(t, scalarTensor(alpha, t));
}
