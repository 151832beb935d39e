import * as T from '@svd/tensor';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Var,
  abs,
  add,
  backward,
  conj,
  cos,
  div,
  einsum,
  exp,
  grad,
  hvp,
  jvp,
  log,
  matmul,
  max,
  mean,
  mul,
  norm,
  pow,
  prod,
  real,
  reciprocal,
  sin,
  slice,
  sqrt,
  square,
  sum,
  tanh,
  trace,
  valueAndGrad,
  variable,
  vjp,
} from '../src/index.js';
import { RUNS, awayFromZero, distinct, positive, randn, seedArb, shapeArb } from './helpers/data.js';
import {
  type Loss,
  checkGradients,
  numericDirectional,
  projected,
  realInner,
  relativeError,
} from './helpers/finiteDifference.js';

/** g(x) = Re⟨∇f(x), v⟩: its gradient is the Hessian-vector product H·v. */
const directionalGrad = (f: Loss, v: T.Tensor) => (x: Var) => sum(real(mul(conj(grad(f)(x)), v)));

/** f(x) = Σ xᵢ³ + x₀x₁x₂ (x of length ≥ 3). */
const cubic: Loss = (x) => add(sum(pow(x, 3)), prod(slice(x, [0, 3])));

function cubicHessian(x: number[]): number[][] {
  const n = x.length;
  const H = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 6 * x[i]! : 0)));
  const pairs: [number, number, number][] = [
    [0, 1, 2],
    [0, 2, 1],
    [1, 2, 0],
  ];
  for (const [i, j, k] of pairs) {
    H[i]![j]! += x[k]!;
    H[j]![i]! += x[k]!;
  }
  return H;
}

describe('Hessians', () => {
  it('cubic polynomial Σ xᵢ³ + x₀x₁x₂: hvp, nested grad and the analytic Hessian', () => {
    const x0 = randn([4], 1);
    const xs = Array.from(x0.toTypedArray());
    const H = cubicHessian(xs);
    for (let j = 0; j < 4; j++) {
      const e = T.tensor(xs.map((_, i) => (i === j ? 1 : 0)));
      const column = T.tensor(H.map((row) => row[j]!));
      const viaHvp = hvp(cubic, [x0], [e])[0]!.value;
      const viaNested = grad(directionalGrad(cubic, e))(x0).value;
      expect(relativeError(viaHvp, column)).toBeLessThan(1e-12);
      expect(relativeError(viaNested, column)).toBeLessThan(1e-12);
      // And against finite differences of the first derivative.
      checkGradients(directionalGrad(cubic, e), [x0]);
    }
  });

  it('hvp of the cubic on random points and directions', () => {
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 6 }), seedArb, (n, seed) => {
        const x0 = randn([n], seed);
        const v = randn([n], seed + 1);
        const hv = hvp(cubic, [x0], [v])[0]!.value;
        const H = cubicHessian(Array.from(x0.toTypedArray()));
        const vs = Array.from(v.toTypedArray());
        const ref = T.tensor(H.map((row) => row.reduce((s, h, j) => s + h * vs[j]!, 0)));
        expect(relativeError(hv, ref)).toBeLessThan(1e-12);
      }),
      RUNS,
    );
  });

  it('Σ exp(A·x): H = Aᵀ diag(exp(Ax)) A', () => {
    const A = randn([4, 3], 2);
    const f: Loss = (x) => sum(exp(matmul(A, x)));
    const x0 = T.mul(randn([3], 3), 0.5);
    const w = T.exp(T.matmul(A, x0));
    const H = T.matmul(T.matrixTranspose(A), T.mul(T.reshape(w, [4, 1]), A));
    for (let j = 0; j < 3; j++) {
      const e = T.tensor([0, 1, 2].map((i) => (i === j ? 1 : 0)));
      const col = T.slice(H, null, j).contiguous();
      expect(relativeError(hvp(f, [x0], [e])[0]!.value, col)).toBeLessThan(1e-12);
      expect(relativeError(grad(directionalGrad(f, e))(x0).value, col)).toBeLessThan(1e-12);
    }
    checkGradients(directionalGrad(f, randn([3], 4)), [x0]);
  });

  it('grad(grad(f)) of a scalar function (the docstring example)', () => {
    const f: Loss = (x) => sum(mul(x, mul(x, x)));
    expect(Array.from(grad(f)(T.tensor([1, 2])).value.toTypedArray())).toEqual([3, 12]);
    expect(Array.from(grad((x: Var) => sum(grad(f)(x)))(T.tensor([1, 2])).value.toTypedArray())).toEqual([6, 12]);
    // Third order: d³/dx³ Σ x³ = 6.
    const third = grad((x: Var) => sum(grad((y: Var) => sum(grad(f)(y)))(x)))(T.tensor([1, 2]));
    expect(Array.from(third.value.toTypedArray())).toEqual([6, 6]);
  });

  it('mixed partials ∂²f/∂x∂y through argnums, against finite differences and symmetry', () => {
    // f(x, y) = Σ x²·sin(y) + (Σx)(Σy²)
    const f = (x: Var, y: Var) => add(sum(mul(square(x), sin(y))), mul(sum(x), sum(square(y))));
    const x0 = randn([3], 5);
    const y0 = randn([3], 6);
    const u = randn([3], 7);
    const v = randn([3], 8);
    // y ↦ ⟨∂f/∂x (x, y), u⟩: its gradient is (∂²f/∂y∂x)·u.
    const gxu = (x: Var, y: Var) => sum(mul(grad(f, { argnums: 0 })(x, y), u));
    const gyv = (x: Var, y: Var) => sum(mul(grad(f, { argnums: 1 })(x, y), v));
    checkGradients(gxu, [x0, y0]);
    checkGradients(gyv, [x0, y0]);
    // Symmetry: vᵀ (∂²f/∂y∂x) u = uᵀ (∂²f/∂x∂y) v.
    const a = realInner(grad(gxu, { argnums: 1 })(x0, y0).value, v);
    const b = realInner(grad(gyv, { argnums: 0 })(x0, y0).value, u);
    expect(Math.abs(a - b)).toBeLessThan(1e-12 * Math.max(1, Math.abs(a)));
    // hvp with two arguments gives both blocks at once.
    const [hx, hy] = hvp(f, [x0, y0], [u, v]);
    const refX = T.add(grad(gxu, { argnums: 0 })(x0, y0).value, grad(gyv, { argnums: 0 })(x0, y0).value);
    const refY = T.add(grad(gxu, { argnums: 1 })(x0, y0).value, grad(gyv, { argnums: 1 })(x0, y0).value);
    expect(relativeError(hx!.value, refX)).toBeLessThan(1e-12);
    expect(relativeError(hy!.value, refY)).toBeLessThan(1e-12);
  });

  it('valueAndGrad inside grad', () => {
    const f: Loss = (x) => sum(exp(x));
    const g = grad((x: Var) => {
      const [value, gx] = valueAndGrad(f)(x);
      return add(value, sum(gx));
    })(T.tensor([0, 1]));
    // d/dx (Σeˣ + Σeˣ) = 2eˣ
    expect(relativeError(g.value, T.mul(T.exp(T.tensor([0, 1])), 2))).toBeLessThan(1e-14);
  });

  it('complex input: Hessian-vector product of Σ|z|⁴ against finite differences', () => {
    const f: Loss = (z) => sum(square(square(abs(z))));
    const z0 = awayFromZero([3], 9, 'complex128');
    const v = randn([3], 10, 'complex128');
    checkGradients(directionalGrad(f, v), [z0]);
    const hv = hvp(f, [z0], [v])[0]!.value;
    const ref = grad(directionalGrad(f, v))(z0).value;
    expect(relativeError(hv, ref)).toBeLessThan(1e-12);
  });
});

describe('second derivatives of every smooth op (pullbacks are written with tape ops)', () => {
  type Case = [string, (...xs: Var[]) => Var, T.Tensor[]];
  const cases: Case[] = [
    ['mul', mul, [randn([2, 3], 1), randn([3], 2)]],
    ['div', div, [randn([2, 3], 3), awayFromZero([2, 1], 4)]],
    ['pow', pow, [positive([3], 5), randn([3], 6)]],
    ['exp', exp, [randn([3], 7)]],
    ['log', log, [positive([3], 8)]],
    ['sqrt', sqrt, [positive([3], 9)]],
    ['square', square, [randn([3], 10)]],
    ['reciprocal', reciprocal, [awayFromZero([3], 11)]],
    ['sin', sin, [randn([3], 12)]],
    ['cos', cos, [randn([3], 13)]],
    ['tanh', tanh, [randn([3], 14)]],
    ['abs', (x) => mul(abs(x), x), [awayFromZero([3], 15)]],
    ['matmul', matmul, [randn([2, 3], 16), randn([3, 2], 17)]],
    ['einsum', (a, b) => einsum('ij,jk->ik', a, b), [randn([2, 3], 18), randn([3, 2], 19)]],
    ['prod', (x) => prod(x, { axes: 1 }), [positive([2, 3], 20)]],
    ['mean', (x) => mean(square(x), { axes: 0 }), [randn([2, 3], 21)]],
    ['norm fro', (x) => norm(x), [randn([2, 3], 22)]],
    ['norm 3', (x) => norm(x, { ord: 3, axes: -1 }), [awayFromZero([2, 3], 23)]],
    ['max', (x) => mul(max(x, { axes: 1 }), sum(x, { axes: 1 })), [distinct([2, 3], 24)]],
    ['trace', (x) => square(trace(x)), [randn([3, 3], 25)]],
    ['complex mul', mul, [randn([3], 26, 'complex128'), randn([3], 27, 'complex128')]],
    ['complex exp', exp, [randn([3], 28, 'complex128')]],
    ['complex reciprocal', reciprocal, [awayFromZero([3], 29, 'complex128')]],
    ['complex norm', (x) => norm(x), [randn([2, 2], 30, 'complex128')]],
    ['complex norm ord 1', (x) => norm(x, { ord: 1, axes: -1 }), [awayFromZero([2, 2], 31, 'complex128')]],
    ['complex abs', abs, [awayFromZero([3], 32, 'complex128')]],
    ['complex div', div, [randn([3], 33, 'complex128'), awayFromZero([3], 34, 'complex128')]],
    ['complex sqrt', sqrt, [T.add(randn([3], 35, 'complex128'), 3)]],
    ['complex log', log, [T.add(randn([3], 36, 'complex128'), 3)]],
    ['complex matmul', matmul, [randn([2, 2], 37, 'complex128'), randn([2, 3], 38, 'complex128')]],
  ];
  for (const [name, op, xs] of cases) {
    it(name, () => {
      // The loss is nonlinear so the second derivative is non-trivial for linear ops too.
      const p = projected(op, 77);
      const f: Loss = (...vs) => {
        const y = p(...vs);
        return mul(y, y);
      };
      xs.forEach((_, i) => {
        const v = randn(xs[i]!.shape, 100 + i, xs[i]!.dtype);
        const g = (...vs: Var[]) => sum(real(mul(conj(grad(f, { argnums: i })(...vs)), v)));
        checkGradients(g, xs, { tol: 1e-5 });
      });
    });
  }
});

describe('forward mode (jvp)', () => {
  const functions: [string, (...xs: Var[]) => Var, T.Tensor[]][] = [
    ['x ↦ sin(x)·x', (x) => mul(sin(x), x), [randn([3], 1)]],
    ['matmul', matmul, [randn([2, 3], 2), randn([3, 2], 3)]],
    ['norm along an axis', (x) => norm(x, { axes: 1 }), [randn([2, 3], 4)]],
    ['complex exp of a product', (a, b) => exp(mul(a, b)), [randn([3], 5, 'complex128'), randn([3], 6, 'complex128')]],
    ['|z| (not holomorphic)', (z) => abs(z), [awayFromZero([3], 7, 'complex128')]],
    ['einsum trace', (a) => einsum('ii->', a), [randn([3, 3], 8)]],
  ];
  for (const [name, f, xs] of functions) {
    it(`${name}: jvp against finite differences`, () => {
      const ts = xs.map((x, i) => randn(x.shape, 40 + i, x.dtype));
      const [y, dy] = jvp(f, xs, ts);
      expect(y.requiresGrad).toBe(false);
      expect(dy.shape).toEqual(y.shape);
      expect(dy.dtype).toBe(y.dtype);
      const ref = numericDirectional(f, xs, ts);
      expect(relativeError(dy.value, ref)).toBeLessThan(1e-6);
    });
    it(`${name}: ⟨vjp(v), u⟩ = ⟨v, jvp(u)⟩`, () => {
      const us = xs.map((x, i) => randn(x.shape, 60 + i, x.dtype));
      const [y, back] = vjp(f, ...xs);
      const v = randn(y.shape, 80, y.dtype);
      const cts = back(v);
      const lhs = cts.reduce((s, c, i) => s + realInner(c.value, us[i]!), 0);
      const [, dy] = jvp(f, xs, us);
      const rhs = realInner(v, dy.value);
      expect(Math.abs(lhs - rhs)).toBeLessThan(1e-12 * Math.max(1, Math.abs(lhs)));
    });
  }

  it('the docstring example: d(x²) = 2x·t', () => {
    const [y, dy] = jvp((x) => mul(x, x), [T.tensor([3])], [T.tensor([1])]);
    expect(y.value.toArray()).toEqual([9]);
    expect(dy.value.toArray()).toEqual([6]);
  });

  it('random shapes: jvp of an elementwise composition', () => {
    fc.assert(
      fc.property(shapeArb(), seedArb, (s, seed) => {
        const f = (x: Var) => mul(tanh(x), exp(x));
        const x0 = randn(s, seed);
        const t0 = randn(s, seed + 1);
        const [, dy] = jvp(f, [x0], [t0]);
        expect(relativeError(dy.value, numericDirectional(f, [x0], [t0]))).toBeLessThan(1e-6);
      }),
      RUNS,
    );
  });

  it('several outputs, and an output that does not depend on the input', () => {
    const x0 = randn([3], 9);
    const t0 = randn([3], 10);
    const c = T.tensor([1, 2]);
    const [[a, b], [da, db]] = jvp((x) => [exp(x), reciprocal(add(c, 1))], [x0], [t0]);
    expect(a!.shape).toEqual([3]);
    expect(b!.shape).toEqual([2]);
    expect(relativeError(da!.value, T.mul(T.exp(x0), t0))).toBeLessThan(1e-14);
    expect(Array.from(db!.value.toTypedArray())).toEqual([0, 0]);
  });

  it('jvp of jvp: second directional derivative', () => {
    const f = (x: Var) => sum(pow(x, 3));
    const x0 = randn([3], 11);
    const t0 = randn([3], 12);
    const [, d2] = jvp((x: Var) => jvp(f, [x], [t0])[1], [x0], [t0]);
    // tᵀ H t with H = diag(6x).
    const xs = Array.from(x0.toTypedArray());
    const ts = Array.from(t0.toTypedArray());
    const ref = xs.reduce((s, x, i) => s + 6 * x * ts[i]! * ts[i]!, 0);
    expect(Math.abs(d2.item() - ref)).toBeLessThan(1e-12 * Math.max(1, Math.abs(ref)));
  });
});

describe('mixing transforms', () => {
  it('grad of jvp (forward-over-reverse) equals hvp', () => {
    const f: Loss = (x) => add(sum(pow(x, 3)), mul(sum(exp(x)), sum(x)));
    const x0 = randn([3], 50);
    const t0 = randn([3], 51);
    const viaJvp = grad((x: Var) => jvp(f, [x], [t0])[1])(x0).value;
    const viaHvp = hvp(f, [x0], [t0])[0]!.value;
    expect(relativeError(viaJvp, viaHvp)).toBeLessThan(1e-12);
  });

  it('a transform applied to a tracked value links into the enclosing graph without releasing it', () => {
    const x0 = T.tensor([0.5, -1]);
    const x = variable(x0);
    const y = exp(x);
    // Inside: g = 2y. Outside: L = Σ 2y = Σ 2eˣ, so dL/dx = 2eˣ.
    const g = grad((v: Var) => sum(mul(v, v)))(y);
    expect(g.requiresGrad).toBe(true);
    backward(sum(g));
    expect(relativeError(x.grad!, T.mul(T.exp(x0), 2))).toBeLessThan(1e-15);
  });

  it('a vjp pullback takes null for outputs without a cotangent', () => {
    const [outs, back] = vjp((x: Var) => [exp(x), mul(x, 3)], T.tensor([0, 1]));
    expect(outs).toHaveLength(2);
    const [g] = back([null, T.tensor([1, 1])]);
    expect(Array.from(g!.value.toTypedArray())).toEqual([3, 3]);
    const [h] = back([T.tensor([1, 1]), null]);
    expect(relativeError(h!.value, T.exp(T.tensor([0, 1])))).toBeLessThan(1e-15);
  });

  it('second derivatives of prod at exact zeros are refused with a clear message', () => {
    expect(() => grad((x: Var) => sum(grad((y: Var) => prod(y))(x)))(T.tensor([0, 2, 3]))).toThrow(
      'prod: second derivatives of prod at inputs containing exact zeros are not supported',
    );
  });
});
