import * as T from '@svd/tensor';
import { type Input, type Var, asVar, constant, isVar } from '../Var.js';
import { conj, real } from './complexParts.js';
import { makeOp, needs } from './makeOp.js';
import { unbroadcast } from './unbroadcast.js';

export { conj, real };

/**
 * Elementwise arithmetic with NumPy broadcasting. Cotangents follow the conjugate-Wirtinger
 * convention: for a holomorphic f, x̄ = ḡ·conj(f'(x)); cotangents are summed back over broadcast
 * axes and made real for real inputs.
 */

/** Numbers become rank-0 constants of the other operand's precision, so float32 stays float32. */
function operands(a: Input, b: Input): [Var, Var] {
  const like = isVar(a) || T.isTensor(a) ? asVar(a) : isVar(b) || T.isTensor(b) ? asVar(b) : null;
  const dtype = like ? T.realDType(like.dtype) : 'float64';
  const lift = (x: Input) => (typeof x === 'number' ? constant(T.scalar(x, { dtype })) : asVar(x));
  return [lift(a), lift(b)];
}

function binary(
  name: string,
  a: Input,
  b: Input,
  f: (x: T.Tensor, y: T.Tensor) => T.Tensor,
  grads: (g: Var, x: Var, y: Var, out: Var, needX: boolean, needY: boolean) => [Var | null, Var | null],
): Var {
  const [x, y] = operands(a, b);
  return makeOp(name, [x, y], f, (g, ctx) => {
    const [X, Y] = ctx.inputs as [Var, Var];
    const [gx, gy] = grads(g, X, Y, ctx.outputs[0]!, needs(ctx, 0), needs(ctx, 1));
    return [gx && unbroadcast(gx, X.shape, X.dtype), gy && unbroadcast(gy, Y.shape, Y.dtype)];
  });
}

function unary(
  name: string,
  a: Input,
  f: (x: T.Tensor) => T.Tensor,
  grad: (g: Var, x: Var, out: Var) => Var | null,
): Var {
  const x = asVar(a);
  return makeOp(name, [x], f, (g, ctx) => {
    const gx = grad(g, ctx.inputs[0]!, ctx.outputs[0]!);
    return [gx && unbroadcast(gx, x.shape, x.dtype)];
  });
}

/** a + b (broadcast). @example add(x, 1) */
export function add(a: Input, b: Input): Var {
  return binary('add', a, b, T.add, (g, _x, _y, _o, nx, ny) => [nx ? g : null, ny ? g : null]);
}

/**
 * a − b elementwise (broadcast).
 *
 * @example
 * const d = sub(x, 1);
 */
export function sub(a: Input, b: Input): Var {
  return binary('sub', a, b, T.sub, (g, _x, _y, _o, nx, ny) => [nx ? g : null, ny ? neg(g) : null]);
}

/**
 * a · b elementwise (broadcast); no conjugation, use `conj` for that.
 *
 * @example
 * const y = mul(x, x);
 */
export function mul(a: Input, b: Input): Var {
  return binary('mul', a, b, T.mul, (g, x, y, _o, nx, ny) => [
    nx ? mul(g, conj(y)) : null,
    ny ? mul(g, conj(x)) : null,
  ]);
}

/**
 * a / b elementwise (broadcast).
 *
 * @example
 * const r = div(x, sum(x)); // normalise to sum 1
 */
export function div(a: Input, b: Input): Var {
  return binary('div', a, b, T.div, (g, _x, y, out, nx, ny) => [
    nx ? div(g, conj(y)) : null,
    ny ? neg(mul(g, conj(div(out, y)))) : null,
  ]);
}

/**
 * aᵇ elementwise. A tracked exponent needs a positive real base (its cotangent uses log a).
 *
 * @example
 * const cube = pow(x, 3);
 */
export function pow(a: Input, b: Input): Var {
  return binary('pow', a, b, T.pow, (g, x, y, out, nx, ny) => [
    nx ? mul(g, conj(mul(y, pow(x, sub(y, 1))))) : null,
    ny ? mul(g, conj(mul(out, log(x)))) : null,
  ]);
}

/**
 * Elementwise maximum (real); ties send the cotangent to `a`.
 *
 * @example
 * const relu = maximum(x, 0);
 */
export function maximum(a: Input, b: Input): Var {
  return binary('maximum', a, b, T.maximum, (g, x, y, _o, nx, ny) => {
    const mask = T.greaterEqual(x.value, y.value);
    return [nx ? mul(g, constant(mask)) : null, ny ? mul(g, constant(T.sub(1, mask))) : null];
  });
}

/**
 * Elementwise minimum (real); ties send the cotangent to `a`.
 *
 * @example
 * const clipped = minimum(x, 1);
 */
export function minimum(a: Input, b: Input): Var {
  return binary('minimum', a, b, T.minimum, (g, x, y, _o, nx, ny) => {
    const mask = T.lessEqual(x.value, y.value);
    return [nx ? mul(g, constant(mask)) : null, ny ? mul(g, constant(T.sub(1, mask))) : null];
  });
}

/**
 * −a elementwise.
 *
 * @example
 * const y = neg(x);
 */
export function neg(a: Input): Var {
  return unary('neg', a, T.neg, (g) => neg(g));
}

/**
 * eᵃ elementwise (real or complex).
 *
 * @example
 * const y = exp(x);
 */
export function exp(a: Input): Var {
  return unary('exp', a, T.exp, (g, _x, out) => mul(g, conj(out)));
}

/**
 * Natural logarithm elementwise (principal branch for complex input).
 *
 * @example
 * const logLik = sum(log(p));
 */
export function log(a: Input): Var {
  return unary('log', a, T.log, (g, x) => div(g, conj(x)));
}

/**
 * √a elementwise (principal branch for complex input); the cotangent is infinite at 0.
 *
 * @example
 * const r = sqrt(sum(mul(x, x)));
 */
export function sqrt(a: Input): Var {
  return unary('sqrt', a, T.sqrt, (g, _x, out) => div(g, mul(conj(out), 2)));
}

/**
 * a² elementwise (no conjugation: for |a|² use `mul(a, conj(a))` or `abs`).
 *
 * @example
 * const y = square(x);
 */
export function square(a: Input): Var {
  return unary('square', a, T.square, (g, x) => mul(g, mul(conj(x), 2)));
}

/**
 * 1/a elementwise.
 *
 * @example
 * const inv = reciprocal(x);
 */
export function reciprocal(a: Input): Var {
  return unary('reciprocal', a, T.reciprocal, (g, _x, out) => neg(mul(g, conj(square(out)))));
}

/**
 * sin(a) elementwise.
 *
 * @example
 * const y = sin(x);
 */
export function sin(a: Input): Var {
  return unary('sin', a, T.sin, (g, x) => mul(g, conj(cos(x))));
}

/**
 * cos(a) elementwise.
 *
 * @example
 * const y = cos(x);
 */
export function cos(a: Input): Var {
  return unary('cos', a, T.cos, (g, x) => neg(mul(g, conj(sin(x)))));
}

/**
 * tanh(a) elementwise.
 *
 * @example
 * const y = tanh(x);
 */
export function tanh(a: Input): Var {
  return unary('tanh', a, T.tanh, (g, _x, out) => mul(g, conj(sub(1, square(out)))));
}

/**
 * |a|, real-valued. The cotangent is ḡ·sign(a) for real input and ḡ·a/|a| for complex input,
 * taken as 0 where a = 0 (the minimum-norm subgradient).
 *
 * @example
 * const l1 = sum(abs(x));
 */
export function abs(a: Input): Var {
  return unary('abs', a, T.abs, (g, x, out) => {
    if (!x.value.isComplex) return mul(g, constant(T.sign(x.value)));
    // Divide by the tracked output |a| (not a constant copy of it), so x/|x| is differentiated
    // correctly in second-order passes.
    const zero = T.equal(x.value, 0);
    return mul(g, div(x, where(zero, 1, out)));
  });
}

/**
 * sign(a) (real) as a constant: its derivative is zero almost everywhere, so it is not tracked.
 *
 * @example
 * sign(variable(tensor([-2, 0, 3]))).value; // [-1, 0, 1]
 */
export function sign(a: Input): Var {
  const x = asVar(a);
  if (!x.value.isComplex) return constant(T.sign(x.value));
  // Complex sign z/|z| is smooth away from 0; differentiate it (0 at 0, as the value).
  const zero = T.equal(x.value, 0);
  return where(zero, 0, div(x, where(zero, 1, abs(x))));
}

/**
 * Multiplies by a real scalar `alpha` (shorthand for `mul(a, alpha)`).
 *
 * @example
 * const half = scale(x, 0.5);
 */
export function scale(a: Input, alpha: number): Var {
  return mul(a, alpha);
}

/**
 * Selects `a` where `cond` is non-zero, `b` elsewhere (broadcast). `cond` is not differentiated;
 * each branch gets the cotangent only where it was selected.
 *
 * @example
 * const y = where(greater(x.value, 0), x, 0); // ReLU; greater from @svd/tensor
 */
export function where(cond: T.Tensor | Var, a: Input, b: Input): Var {
  const c = isVar(cond) ? cond.value : cond;
  return binary(
    'where',
    a,
    b,
    (x, y) => T.where(c, x, y),
    (g, _x, _y, _o, nx, ny) => [nx ? where(c, g, 0) : null, ny ? where(c, 0, g) : null],
  );
}
