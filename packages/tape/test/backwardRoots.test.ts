/**
 * What `backward` does with the outputs and cotangents it is given: a plain-number cotangent
 * takes the output's dtype and shape (`backward(loss32, 1)` used to throw a float64-vs-float32
 * error), and an output that does not require a gradient is an error, as in PyTorch ("element 0
 * of tensors does not require grad and does not have a grad_fn"), instead of a silent no-op.
 */
import * as T from '@svd/tensor';
import { describe, expect, it } from 'vitest';
import {
  TapeError,
  abs,
  backward,
  constant,
  gradients,
  mul,
  noGrad,
  square,
  stopGradient,
  sum,
  variable,
} from '../src/index.js';

describe('a plain-number cotangent', () => {
  it('backward(loss32, 1): float32 cotangent, float32 gradient 2x', () => {
    const x = variable(T.tensor([1, -2, 3], { dtype: 'float32' }));
    const loss = sum(square(x));
    expect(loss.dtype).toBe('float32');
    backward(loss, 1);
    expect(x.grad!.dtype).toBe('float32');
    expect(Array.from(x.grad!.toTypedArray())).toEqual([2, -4, 6]);
  });

  it('scales like a tensor cotangent of the same value', () => {
    const x = variable(T.tensor([1, -2, 3], { dtype: 'float32' }));
    backward(sum(square(x)), 0.5);
    expect(Array.from(x.grad!.toTypedArray())).toEqual([1, -2, 3]);
  });

  it('a complex output gets c + 0i', () => {
    // y = z² (complex); backward(y, 1) with cotangent 1+0i gives conj(2z).
    const z = variable(T.tensor([[1, 2]], { dtype: 'complex64', shape: [] }));
    backward(mul(z, z), 1);
    expect(z.grad!.dtype).toBe('complex64');
    expect(Array.from(z.grad!.toTypedArray())).toEqual([2, -4]);
  });

  it('fills a non-scalar output (as a number broadcasts in every op)', () => {
    const x = variable(
      T.tensor(
        [
          [1, -2],
          [3, 4],
        ],
        { dtype: 'float32' },
      ),
    );
    backward(abs(x), 3);
    expect(x.grad!.toArray()).toEqual([
      [3, -3],
      [3, 3],
    ]);
  });

  it('works in gradients and per output in a list', () => {
    const x = variable(T.tensor([2], { dtype: 'float32' }));
    const y = mul(x, x);
    const [g] = gradients([y, sum(x)], [x], [2, null]);
    expect(g!.dtype).toBe('float32');
    expect(g!.value.toArray()).toEqual([8]);
  });

  it('a Tensor cotangent of another dtype is still refused (only numbers adapt)', () => {
    const x = variable(T.tensor([1], { dtype: 'float32' }));
    expect(() => backward(sum(x), T.scalar(1))).toThrow('backward: cotangent 0 has dtype float64, expected float32');
  });
});

describe('backward on an output that does not require a gradient', () => {
  const x = () => variable(T.tensor([1, 2]));
  const message = 'backward: output 0 does not require a gradient: it was computed under noGrad, from constants only';

  it('computed under noGrad', () => {
    const v = x();
    const loss = noGrad(() => sum(square(v)));
    expect(() => backward(loss)).toThrow(TapeError);
    expect(() => backward(loss)).toThrow(message);
    expect(v.grad).toBeNull();
  });

  it('computed from constants only', () => {
    expect(() => backward(sum(square(constant(T.tensor([1, 2])))))).toThrow(message);
  });

  it('cut by stopGradient', () => {
    expect(() => backward(sum(stopGradient(square(x()))))).toThrow(message);
  });

  it('names the output among several', () => {
    const v = x();
    expect(() => backward([sum(v), noGrad(() => sum(v))], [1, 1])).toThrow(
      'backward: output 1 does not require a gradient',
    );
    // An untracked output with an explicitly absent cotangent is not differentiated: no error.
    const w = x();
    backward([sum(w), noGrad(() => sum(w))], [1, null]);
    expect(w.grad!.toArray()).toEqual([1, 1]);
  });

  it('gradients() keeps its contract: null for inputs the outputs do not depend on', () => {
    const v = x();
    expect(
      gradients(
        noGrad(() => sum(v)),
        [v],
      ),
    ).toEqual([null]);
  });
});
