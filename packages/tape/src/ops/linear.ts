import * as T from '@svd/tensor';
import { type Input, type Var, asVar } from '../Var.js';
import { mul } from './arithmetic.js';
import { conj } from './complexParts.js';
import { makeOp, needs } from './makeOp.js';
import { sum } from './reductions.js';
import { unbroadcast } from './unbroadcast.js';
import { diagonal, matrixTranspose, permute, reshape } from './views.js';

/**
 * Aᴴ of the last two axes, differentiable (conj of a transpose view).
 *
 * @example
 * const gram = matmul(adjoint(A), A); // AᴴA
 */
export function adjoint(x: Input): Var {
  return conj(matrixTranspose(x));
}

/** Batched matrix product of rank ≥ 2 operands; cotangents Ḡ·Bᴴ and Aᴴ·Ḡ, summed over broadcast batches. */
function matmul2(a: Var, b: Var): Var {
  return makeOp('matmul', [a, b], T.matmul, (g, ctx) => {
    const [A, B] = ctx.inputs as [Var, Var];
    return [
      needs(ctx, 0) ? unbroadcast(matmul(g, adjoint(B)), A.shape, A.dtype) : null,
      needs(ctx, 1) ? unbroadcast(matmul(adjoint(A), g), B.shape, B.dtype) : null,
    ];
  });
}

/**
 * NumPy matmul: 1-D operands are promoted to a row (left) or column (right) and the added axis
 * removed again; leading axes broadcast as a batch.
 *
 * @example
 * const y = matmul(W, x); // W: [3, 4], x: [4] → y: [3]
 */
export function matmul(a: Input, b: Input): Var {
  let x = asVar(a);
  let y = asVar(b);
  const xVec = x.ndim === 1;
  const yVec = y.ndim === 1;
  if (xVec) x = reshape(x, [1, x.shape[0]!]);
  if (yVec) y = reshape(y, [y.shape[0]!, 1]);
  if (x.ndim < 1 || y.ndim < 1) {
    throw new T.ShapeError('matmul', `operands must have rank ≥ 1, got ranks ${asVar(a).ndim} and ${asVar(b).ndim}`);
  }
  let out = matmul2(x, y);
  if (xVec || yVec) {
    const shape = [...out.shape];
    if (yVec) shape.splice(shape.length - 1, 1);
    if (xVec) shape.splice(shape.length - (yVec ? 1 : 2), 1);
    out = reshape(out, shape);
  }
  return out;
}

/**
 * Σ aᵢbᵢ of two vectors (no conjugation).
 *
 * @example
 * const s = dot(x, y); // rank-0 Var
 */
export function dot(a: Input, b: Input): Var {
  return sum(mul(a, b));
}

/**
 * Σ conj(aᵢ)bᵢ of two vectors: the complex inner product ⟨a, b⟩.
 *
 * @example
 * const overlap = vdot(psi, phi);
 */
export function vdot(a: Input, b: Input): Var {
  return sum(mul(conj(a), b));
}

/**
 * Outer product of the flattened inputs (no conjugation, like NumPy).
 *
 * @example
 * const P = outer(u, v); // [m] × [n] → [m, n]
 */
export function outer(a: Input, b: Input): Var {
  const x = asVar(a);
  const y = asVar(b);
  return mul(reshape(x, [x.size, 1]), reshape(y, [1, y.size]));
}

/**
 * NumPy tensordot, composed of differentiable permute / reshape / matmul.
 *
 * @example
 * const C = tensordot(A, B, [[1], [0]]); // = matmul(A, B)
 */
export function tensordot(a: Input, b: Input, axes: T.TensordotAxes = 2): Var {
  const x = asVar(a);
  const y = asVar(b);
  let ax: number[];
  let bx: number[];
  if (typeof axes === 'number') {
    ax = [...Array(axes).keys()].map((i) => x.ndim - axes + i);
    bx = [...Array(axes).keys()];
  } else {
    const [p, q] = axes;
    ax = (typeof p === 'number' ? [p] : [...p]).map((i) => (i < 0 ? i + x.ndim : i));
    bx = (typeof q === 'number' ? [q] : [...q]).map((i) => (i < 0 ? i + y.ndim : i));
  }
  // Let @svd/tensor validate sizes and produce its messages.
  const shapeCheck = T.tensordot(T.zeros(x.shape), T.zeros(y.shape), [ax, bx]).shape;
  const freeA = [...x.shape.keys()].filter((i) => !ax.includes(i));
  const freeB = [...y.shape.keys()].filter((i) => !bx.includes(i));
  const k = ax.reduce((n, i) => n * x.shape[i]!, 1);
  const fa = freeA.reduce((n, i) => n * x.shape[i]!, 1);
  const fb = freeB.reduce((n, i) => n * y.shape[i]!, 1);
  const xm = reshape(permute(x, [...freeA, ...ax]), [fa, k]);
  const ym = reshape(permute(y, [...bx, ...freeB]), [k, fb]);
  return reshape(matmul(xm, ym), shapeCheck);
}

interface ParsedEinsum {
  inputs: string[];
  output: string;
}

function parseEinsum(subscripts: string, n: number): ParsedEinsum {
  const spec = subscripts.replace(/\s+/g, '');
  if (spec.includes('.')) {
    throw new T.ValueError(
      'einsum',
      `ellipsis ('...') is not supported by the differentiable einsum, got '${subscripts}'`,
    );
  }
  const [lhs, rhs] = spec.split('->') as [string, string | undefined];
  const inputs = lhs.split(',');
  if (inputs.length !== n) {
    throw new T.ValueError('einsum', `subscripts '${subscripts}' name ${inputs.length} operands, got ${n}`);
  }
  let output = rhs;
  if (output === undefined) {
    const counts = new Map<string, number>();
    for (const s of inputs) for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
    output = [...counts]
      .filter(([, c]) => c === 1)
      .map(([l]) => l)
      .sort()
      .join('');
  }
  return { inputs, output };
}

/**
 * Removes repeated letters (taking diagonals) and letters that occur only in this operand and not
 * in the output (summing them), so the remaining contraction is multilinear with a simple adjoint.
 */
function simplifyOperand(v: Var, letters: string, keep: (l: string) => boolean): [Var, string] {
  let cur = v;
  let s = letters;
  for (;;) {
    const dup = [...s].findIndex((c, i) => s.indexOf(c) !== i);
    if (dup < 0) break;
    const first = s.indexOf(s[dup]!);
    cur = diagonal(cur, 0, first, dup);
    const letter = s[dup]!;
    s = [...s].filter((_, i) => i !== first && i !== dup).join('') + letter;
  }
  const drop = [...s].map((c, i) => (keep(c) ? -1 : i)).filter((i) => i >= 0);
  if (drop.length > 0) {
    cur = sum(cur, { axes: drop });
    s = [...s].filter((c) => keep(c)).join('');
  }
  return [cur, s];
}

/**
 * Differentiable einsum (explicit or implicit output; no ellipsis). Each operand's cotangent is
 * itself an einsum of the output cotangent with the conjugated other operands.
 *
 * @example
 * const C = einsum('ij,jk->ik', A, B);
 */
export function einsum(subscripts: string, ...operands: Input[]): Var {
  const { inputs, output } = parseEinsum(subscripts, operands.length);
  const vars = operands.map(asVar);
  const simplified = vars.map((v, i) =>
    simplifyOperand(v, inputs[i]!, (l) => output.includes(l) || inputs.some((s, j) => j !== i && s.includes(l))),
  );
  const ops = simplified.map(([v]) => v);
  const subs = simplified.map(([, s]) => s);
  const spec = `${subs.join(',')}->${output}`;
  return makeOp(
    'einsum',
    ops,
    (...ts) => T.einsum(spec, ...ts),
    (g, ctx) =>
      ctx.inputs.map((input, i) => {
        if (!input.requiresGrad) return null;
        const others = ctx.inputs.filter((_, j) => j !== i).map((o) => conj(o));
        const otherSubs = subs.filter((_, j) => j !== i);
        const r = einsum(`${[output, ...otherSubs].join(',')}->${subs[i]}`, g, ...others);
        return unbroadcast(r, input.shape, input.dtype);
      }),
  );
}
