import * as T from '@svd/tensor';
import { describe, expect, it } from 'vitest';
import {
  TapeError,
  type Var,
  add,
  backward,
  conj,
  constant,
  enableGrad,
  exp,
  grad,
  gradients,
  isRecording,
  mul,
  noGrad,
  real,
  sin,
  stopGradient,
  sum,
  valueAndGrad,
  variable,
  vjp,
} from '../src/index.js';
import { randn } from './helpers/data.js';

/** Asserts that `fn` throws a TapeError with exactly `message`. */
function expectTapeError(fn: () => unknown, message: string): void {
  let caught: unknown = null;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(TapeError);
  expect((caught as TapeError).code).toBe('TAPE');
  expect((caught as TapeError).message).toBe(message);
}

const values = (t: T.Tensor) => Array.from(t.toTypedArray());

describe('noGrad and stopGradient', () => {
  it('noGrad results do not require grad and record nothing', () => {
    const x = variable(T.tensor([1, 2]));
    const y = noGrad(() => mul(x, x));
    expect(y.requiresGrad).toBe(false);
    expect(y.node).toBe(null);
    expect(values(y.value)).toEqual([1, 4]);
    expect(isRecording()).toBe(true);
  });

  it('noGrad scopes nest and restore even when the callback throws', () => {
    expect(() =>
      noGrad(() => {
        expect(isRecording()).toBe(false);
        enableGrad(() => expect(isRecording()).toBe(true));
        expect(isRecording()).toBe(false);
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(isRecording()).toBe(true);
  });

  it('stopGradient cuts the graph: d/dx [stop(x)·x] = x', () => {
    const x = variable(T.tensor([3, -2]));
    backward(sum(mul(stopGradient(x), x)));
    expect(values(x.grad!)).toEqual([3, -2]);
    const s = stopGradient(x);
    expect(s.requiresGrad).toBe(false);
    expect(s.value).toBe(x.value);
  });

  it('constants and plain tensors are never differentiated', () => {
    const c = constant(T.tensor([1, 2]));
    const x = variable(T.tensor([3, 4]));
    backward(sum(mul(mul(c, x), T.tensor([1, 1]))));
    expect(c.grad).toBe(null);
    expect(values(x.grad!)).toEqual([1, 2]);
  });
});

describe('independent computations', () => {
  it('two separate graphs do not interfere', () => {
    const x = variable(T.tensor([1, 2]));
    const y = variable(T.tensor([3, 4]));
    const L1 = sum(mul(x, x));
    const L2 = sum(exp(y));
    backward(L1);
    expect(values(x.grad!)).toEqual([2, 4]);
    expect(y.grad).toBe(null);
    backward(L2);
    expect(values(x.grad!)).toEqual([2, 4]);
    expect(values(y.grad!)).toEqual(values(T.exp(y.value)));
  });

  it('two losses of the same leaf through separate nodes accumulate into .grad', () => {
    const x = variable(T.tensor([1, 2]));
    const L1 = sum(mul(x, 3));
    const L2 = sum(mul(x, x));
    backward(L1);
    backward(L2);
    expect(values(x.grad!)).toEqual([5, 7]);
  });

  it('functional transforms leave .grad and the graphs of other computations alone', () => {
    const x = variable(T.tensor([1, 2]));
    const L = sum(mul(x, x));
    const g = grad((v: Var) => sum(sin(v)))(x.value);
    expect(values(g.value)).toEqual(values(T.cos(x.value)));
    const [, gs] = valueAndGrad((v: Var) => sum(mul(v, v)))(T.tensor([5]));
    expect(values(gs.value)).toEqual([10]);
    expect(x.grad).toBe(null);
    backward(L);
    expect(values(x.grad!)).toEqual([2, 4]);
  });

  it('gradients() returns cotangents of intermediate values without touching .grad', () => {
    const x = variable(T.tensor([1, 2]));
    const h = mul(x, x);
    const L = sum(mul(h, 3));
    const [gh, gx] = gradients(L, [h, x], undefined, { retainGraph: true });
    expect(values(gh!.value)).toEqual([3, 3]);
    expect(values(gx!.value)).toEqual([6, 12]);
    expect(x.grad).toBe(null);
    const other = variable(T.tensor([0]));
    expect(gradients(L, [other])).toEqual([null]);
  });
});

describe('graph release and retainGraph', () => {
  it('a second backward through a released graph throws with the retainGraph hint', () => {
    const x = variable(T.tensor([1, 2]));
    const L = sum(mul(x, x));
    backward(L);
    expectTapeError(
      () => backward(L),
      "backward: the graph through rule 'sum' was already released by an earlier backward; pass { retainGraph: true } to the first backward to differentiate the same graph twice",
    );
    // The first result is intact.
    expect(values(x.grad!)).toEqual([2, 4]);
  });

  it('a shared intermediate is released by the first backward', () => {
    const x = variable(T.tensor([1, 2]));
    const h = exp(x);
    backward(sum(h));
    expectTapeError(
      () => backward(sum(mul(h, 2))),
      "backward: the graph through rule 'exp' was already released by an earlier backward; pass { retainGraph: true } to the first backward to differentiate the same graph twice",
    );
  });

  it('with retainGraph a second backward works and accumulates (doubling .grad)', () => {
    const x = variable(T.tensor([1, 2]));
    const L = sum(mul(x, x));
    backward(L, undefined, { retainGraph: true });
    expect(values(x.grad!)).toEqual([2, 4]);
    backward(L, undefined, { retainGraph: true });
    expect(values(x.grad!)).toEqual([4, 8]);
    backward(L);
    expect(values(x.grad!)).toEqual([6, 12]);
    expect(() => backward(L)).toThrow(TapeError);
  });

  it('released nodes drop their saved data', () => {
    const x = variable(T.tensor([1, 2]));
    const L = sum(mul(x, x));
    const node = L.node!;
    backward(L);
    expect(node.released).toBe(true);
    expect(node.spec).toBe(null);
    expect(node.saved).toBe(undefined);
  });

  it('a vjp pullback can be called several times', () => {
    const [, back] = vjp((v: Var) => mul(v, v), T.tensor([1, 2]));
    expect(values(back(T.tensor([1, 1]))[0]!.value)).toEqual([2, 4]);
    expect(values(back(T.tensor([1, 0]))[0]!.value)).toEqual([2, 0]);
  });
});

describe('misuse gives clear errors', () => {
  it('backward on a non-scalar output without cotangents', () => {
    const x = variable(T.tensor([1, 2, 3]));
    expectTapeError(
      () => backward(mul(x, 2)),
      'backward: output 0 has shape [3] and dtype float64; only a real scalar (size-1) output gets the implicit cotangent 1 — pass cotangents explicitly',
    );
  });

  it('backward on a complex scalar without cotangents', () => {
    const z = variable(T.tensor([[1, 2]], { dtype: 'complex128' }));
    expectTapeError(
      () => backward(sum(z)),
      'backward: output 0 has shape [] and dtype complex128; only a real scalar (size-1) output gets the implicit cotangent 1 — pass cotangents explicitly',
    );
  });

  it('explicit cotangents of the wrong shape, dtype or count', () => {
    const x = variable(T.tensor([1, 2, 3]));
    const y = mul(x, 2);
    expectTapeError(
      () => backward(y, T.ones([2])),
      'backward: cotangent 0 has shape [2], expected [3] (the shape of output 0)',
    );
    expectTapeError(
      () => backward(y, T.ones([3], { dtype: 'float32' })),
      'backward: cotangent 0 has dtype float32, expected float64 (the dtype of output 0)',
    );
    expectTapeError(() => backward([y, y], [T.ones([3])]), 'backward: got 1 cotangents for 2 outputs');
    expectTapeError(
      () => backward(T.ones([3]) as unknown as Var),
      'backward: output 0 is a Tensor of dtype float64 and shape [3], expected a Var; only tracked values can be differentiated',
    );
  });

  it('grad of a function returning a non-scalar', () => {
    expectTapeError(
      () => grad((v: Var) => mul(v, 2))(T.tensor([1, 2])),
      'grad: f must return a real scalar (size-1) Var, got dtype float64 and shape [2]',
    );
    expectTapeError(
      () => grad((() => 3) as unknown as (v: Var) => Var)(T.tensor([1])),
      "grad: f must return a Var (use the tape's ops on its arguments), got 3",
    );
    expectTapeError(
      () => grad((v: Var) => sum(v), { argnums: 2 })(T.tensor([1])),
      'grad: argnums entry 2 is out of range for 1 argument(s)',
    );
  });
});

describe('unused arguments', () => {
  it('grad of a function that does not use an argument is zeros of its shape and dtype', () => {
    const f = (x: Var, _y: Var) => sum(mul(x, x));
    const [gx, gy] = grad(f, { argnums: [0, 1] })(T.tensor([1, 2]), randn([2, 3], 1));
    expect(values(gx!.value)).toEqual([2, 4]);
    expect(gy!.shape).toEqual([2, 3]);
    expect(gy!.dtype).toBe('float64');
    expect(values(gy!.value)).toEqual([0, 0, 0, 0, 0, 0]);
    const gz = grad((x: Var, _z: Var) => sum(mul(x, 0)), { argnums: 1 })(T.tensor([1]), randn([2], 2, 'complex64'));
    expect(gz.dtype).toBe('complex64');
    expect(values(gz.value)).toEqual([0, 0, 0, 0]);
  });

  it('grad of a constant function and of the identity', () => {
    expect(values(grad((_x: Var) => constant(T.scalar(3)))(T.tensor([1, 2])).value)).toEqual([0, 0]);
    expect(values(grad((x: Var) => x)(T.scalar(4)).value)).toEqual([1]);
  });

  it('a leaf the loss does not depend on keeps .grad null', () => {
    const x = variable(T.tensor([1]));
    const y = variable(T.tensor([2]));
    backward(sum(add(x, 1)));
    expect(y.grad).toBe(null);
  });
});

describe('.grad is a plain tensor', () => {
  it('even when the cotangent is a broadcast or a lazily conjugated view', () => {
    const x = variable(T.tensor([1, 2, 3]));
    backward(sum(x));
    expect(x.grad!.isContiguous).toBe(true);
    expect(Array.from(x.grad!.data)).toEqual([1, 1, 1]);
    const z = variable(T.tensor([[1, 2]], { dtype: 'complex128' }));
    // L = Re Σ conj(z)·i = Im z: the cotangent i comes back through conj as a lazily conjugated view.
    backward(sum(real(mul(conj(z), T.tensor([[0, 1]], { dtype: 'complex128' })))));
    expect(z.grad!.conjugated).toBe(false);
    expect(Array.from(z.grad!.data)).toEqual([0, 1]);
  });
});
