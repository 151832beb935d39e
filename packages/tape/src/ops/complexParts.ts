import * as T from '@svd/tensor';
import { type Input, asVar, constant } from '../Var.js';
import type { Var } from '../Var.js';
import { makeOp } from './makeOp.js';

/**
 * Complex parts under the conjugate-Wirtinger convention dL = Re Σ conj(ḡ)·dz: the cotangent of
 * z for L(Re z) is ḡ (as a complex number with zero imaginary part), for L(Im z) it is i·ḡ.
 */

/**
 * Complex conjugate (a view; the identity for real input). The cotangent is conjugated back.
 *
 * @example
 * const n2 = real(sum(mul(z, conj(z)))); // Σ|z|²
 */
export function conj(x: Input): Var {
  const v = asVar(x);
  if (!v.value.isComplex) return v;
  return makeOp(
    'conj',
    [v],
    (t) => T.conj(t),
    (g) => [conj(g)],
  );
}

/**
 * Real part (a view for complex input; the identity for real input). Its cotangent is ḡ.
 *
 * @example
 * const loss = sum(real(z));
 */
export function real(x: Input): Var {
  const v = asVar(x);
  if (!v.value.isComplex) return v;
  return makeOp(
    'real',
    [v],
    (t) => T.real(t),
    (g) => [complex(g, constant(T.zerosLike(g.value)))],
  );
}

/**
 * Imaginary part (real dtype); zeros for a real input. Its cotangent is i·ḡ.
 *
 * @example
 * imag(variable(complexTensor)); // Var of dtype float64
 */
export function imag(x: Input): Var {
  const v = asVar(x);
  if (!v.value.isComplex) {
    return constant(T.zeros(v.shape, { dtype: v.dtype }));
  }
  return makeOp(
    'imag',
    [v],
    (t) => T.imag(t),
    (g) => [complex(constant(T.zerosLike(g.value)), g)],
  );
}

/**
 * re + i·im from two real inputs (broadcast together); the cotangents are the real and imaginary
 * parts of ḡ.
 *
 * @example
 * const z = complex(x, y); // x, y: float64 → z: complex128
 */
export function complex(re: Input, im: Input): Var {
  const a = asVar(re);
  const b = asVar(im);
  return makeOp(
    'complex',
    [a, b],
    (x, y) => T.complex(x, y),
    (g, ctx) => [
      unbroadcast(real(g), ctx.inputs[0]!.shape, ctx.inputs[0]!.dtype),
      unbroadcast(imag(g), ctx.inputs[1]!.shape, ctx.inputs[1]!.dtype),
    ],
  );
}

import { unbroadcast } from './unbroadcast.js';
