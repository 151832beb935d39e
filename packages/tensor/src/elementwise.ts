import { isTensor } from './brand.js';
import { checkTensor } from './checkTensor.js';
import { full } from './creation.js';
import { isComplex } from './dtype.js';
import { type Operandish, binaryOp, unaryOp, whereOp } from './elementwiseCore.js';
import { DTypeError } from './errors.js';
import type { ComplexPair, Tensor } from './Tensor.js';

/**
 * NumPy-style elementwise arithmetic with broadcasting. Every op allocates its result (inputs
 * are never written), the result dtype is `promoteTypes` of the operands, and a plain number
 * operand is read as a rank-0 tensor of the other operand's dtype (so `mul(x32, 2)` stays
 * float32). Real inputs stay real: `sqrt(-1)` and `log(-1)` are NaN, as in NumPy, not complex.
 *
 * The drivers and per-op definitions live in `elementwiseCore.ts`: real operands run monomorphic
 * loops (flat, scalar-broadcast or nested-stride), complex ones a per-element generic path.
 */

export type { Operandish } from './elementwiseCore.js';

/**
 * Elementwise a + b with broadcasting.
 * @example add(tensor([[1], [2]]), tensor([10, 20])) // [[11, 21], [12, 22]]
 */
export function add(a: Operandish, b: Operandish): Tensor {
  return binaryOp('add', a, b);
}

/**
 * Elementwise a − b with broadcasting.
 * @example sub(tensor([5, 7]), 2) // [3, 5]
 */
export function sub(a: Operandish, b: Operandish): Tensor {
  return binaryOp('sub', a, b);
}

/**
 * Elementwise a·b with broadcasting (complex: (p+iq)(r+is)).
 * @example mul(tensor([[1, 0]], { dtype: 'complex128' }), tensor([[0, 1]], { dtype: 'complex128' })) // [0+1j]
 */
export function mul(a: Operandish, b: Operandish): Tensor {
  return binaryOp('mul', a, b);
}

/**
 * Elementwise a / b with broadcasting; complex division by Smith's algorithm (no overflow in
 * |b|²). Division by zero gives ±Infinity or NaN, as in IEEE arithmetic.
 * @example div(tensor([1, 2]), tensor([4, 8])) // [0.25, 0.25]
 */
export function div(a: Operandish, b: Operandish): Tensor {
  return binaryOp('div', a, b);
}

/**
 * Elementwise a^b (Math.pow semantics for reals: a negative base with a non-integer exponent is
 * NaN). A complex base is supported with a real exponent whose entries are integers (computed
 * by repeated squaring); a complex exponent or a non-integer exponent of a complex base throws
 * DTypeError.
 * @example pow(tensor([2, 3]), 2) // [4, 9]
 */
export function pow(a: Operandish, b: Operandish): Tensor {
  const bt = isTensor(b) ? b : null;
  if (bt !== null && isComplex(bt.dtype)) {
    throw new DTypeError('pow', `complex exponents are not supported, got exponent dtype ${bt.dtype}`);
  }
  return binaryOp('pow', a, b);
}

/**
 * Elementwise maximum; NaN in either operand gives NaN (NumPy's `maximum`, not `fmax`).
 * Complex operands throw DTypeError (complex numbers are not ordered).
 * @example maximum(tensor([1, NaN, 3]), 2) // [2, NaN, 3]
 */
export function maximum(a: Operandish, b: Operandish): Tensor {
  return binaryOp('maximum', a, b);
}

/**
 * Elementwise minimum; NaN propagates. Complex operands throw DTypeError.
 * @example minimum(tensor([1, 5]), tensor([4, 2])) // [1, 2]
 */
export function minimum(a: Operandish, b: Operandish): Tensor {
  return binaryOp('minimum', a, b);
}

// Comparisons return 1/0 in the REAL dtype of the promoted type (we have no boolean dtype).
// Ordering comparisons reject complex; equal/notEqual accept it (both parts must match).

/**
 * 1 where a == b, else 0, in the real dtype of the promoted type. Complex: both parts equal.
 * @example equal(tensor([1, 2]), 2) // [0, 1]
 */
export function equal(a: Operandish, b: Operandish): Tensor {
  return binaryOp('equal', a, b);
}

/**
 * 1 where a != b (NaN != NaN is 1), else 0. Complex: either part differs.
 * @example notEqual(tensor([1, NaN]), tensor([1, NaN])) // [0, 1]
 */
export function notEqual(a: Operandish, b: Operandish): Tensor {
  return binaryOp('notEqual', a, b);
}

/** 1 where a < b else 0 (real dtypes only). @example less(tensor([1, 3]), 2) // [1, 0] */
export function less(a: Operandish, b: Operandish): Tensor {
  return binaryOp('less', a, b);
}

/** 1 where a ≤ b else 0 (real dtypes only). @example lessEqual(tensor([1, 2]), 2) // [1, 1] */
export function lessEqual(a: Operandish, b: Operandish): Tensor {
  return binaryOp('lessEqual', a, b);
}

/** 1 where a > b else 0 (real dtypes only). @example greater(tensor([1, 3]), 2) // [0, 1] */
export function greater(a: Operandish, b: Operandish): Tensor {
  return binaryOp('greater', a, b);
}

/** 1 where a ≥ b else 0 (real dtypes only). @example greaterEqual(tensor([1, 2]), 2) // [0, 1] */
export function greaterEqual(a: Operandish, b: Operandish): Tensor {
  return binaryOp('greaterEqual', a, b);
}

/** −t. @example neg(tensor([1, -2])) // [-1, 2] */
export function neg(t: Tensor): Tensor {
  return unaryOp('neg', t);
}

/**
 * |t|; for complex input the modulus in the real dtype (overflow-safe hypot: |1e200 + 1e200i|
 * is finite).
 * @example abs(tensor([[3, 4]], { dtype: 'complex128' })) // float64 [5]
 */
export function abs(t: Tensor): Tensor {
  return unaryOp('abs', t);
}

/** Square root (principal branch for complex; NaN for negative reals). @example sqrt(tensor([4, 9])) // [2, 3] */
export function sqrt(t: Tensor): Tensor {
  return unaryOp('sqrt', t);
}

/** e^t. @example exp(tensor([0])) // [1] */
export function exp(t: Tensor): Tensor {
  return unaryOp('exp', t);
}

/** Natural logarithm (principal branch for complex). @example log(tensor([1])) // [0] */
export function log(t: Tensor): Tensor {
  return unaryOp('log', t);
}

/** sin (complex: sin x cosh y + i cos x sinh y). @example sin(tensor([0])) // [0] */
export function sin(t: Tensor): Tensor {
  return unaryOp('sin', t);
}

/** cos (complex: cos x cosh y − i sin x sinh y). @example cos(tensor([0])) // [1] */
export function cos(t: Tensor): Tensor {
  return unaryOp('cos', t);
}

/** tanh (complex too, without overflow for large |Re z|). @example tanh(tensor([0])) // [0] */
export function tanh(t: Tensor): Tensor {
  return unaryOp('tanh', t);
}

/** t² (complex: z·z, not |z|²). @example square(tensor([[0, 1]], { dtype: 'complex128' })) // [-1+0j] */
export function square(t: Tensor): Tensor {
  return unaryOp('square', t);
}

/**
 * −1, 0 or 1 (0 keeps its sign, NaN stays NaN); for complex input z/|z| (0 at 0), as NumPy 2.
 * @example sign(tensor([-3, 0, 2])) // [-1, 0, 1]
 */
export function sign(t: Tensor): Tensor {
  return unaryOp('sign', t);
}

/** 1/t (complex by Smith's algorithm). @example reciprocal(tensor([2, 4])) // [0.5, 0.25] */
export function reciprocal(t: Tensor): Tensor {
  return unaryOp('reciprocal', t);
}

/**
 * The argument (phase) in (−π, π], in the real dtype; for real input 0 or π (π also for −0,
 * following atan2 like NumPy).
 * @example angle(tensor([[0, 1]], { dtype: 'complex128' })) // [π/2]
 */
export function angle(t: Tensor): Tensor {
  return unaryOp('angle', t);
}

/**
 * The complex conjugate as a fresh contiguous tensor (no lazy conjugation bit); a plain copy for
 * real input. Use `conj` from views for the free lazy version.
 * @example conjPhysical(tensor([[1, 2]], { dtype: 'complex128' })).data // Float64Array [1, -2]
 */
export function conjPhysical(t: Tensor): Tensor {
  return unaryOp('conjPhysical', t);
}

/**
 * Picks `a` where `cond` is nonzero (complex cond: either part nonzero) and `b` elsewhere; all
 * three broadcast together. Result dtype promoteTypes(a, b); if both are numbers, float64.
 * @example where(tensor([1, 0]), tensor([1, 2]), -1) // [1, -1]
 */
export function where(cond: Tensor, a: Operandish, b: Operandish): Tensor {
  return whereOp(cond, a, b);
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
  checkTensor('scale', t);
  return mul(t, scalarTensor(alpha, t));
}

/**
 * t + alpha for every entry; alpha may be a complex [re, im] pair.
 * @example addScalar(tensor([1, 2]), 0.5) // [1.5, 2.5]
 */
export function addScalar(t: Tensor, alpha: number | ComplexPair): Tensor {
  checkTensor('addScalar', t);
  return add(t, scalarTensor(alpha, t));
}
