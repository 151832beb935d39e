import { describe, expect, it } from 'vitest';
import {
  ShapeError,
  ValueError,
  allFinite,
  allclose,
  arrayEqual,
  conj,
  isFinite as isFiniteT,
  isclose,
  tensor,
  transpose,
} from '../src/index.js';
import { vals } from './helpers.js';

describe('allclose / isclose', () => {
  it('uses |a − b| ≤ atol + rtol·|b| with broadcasting', () => {
    expect(allclose(tensor([1, 2]), tensor([1 + 1e-9, 2 + 1e-6]))).toBe(true);
    expect(allclose(tensor([1, 2]), tensor([1, 2.001]))).toBe(false);
    expect(
      allclose(
        tensor([
          [1, 1],
          [1, 1],
        ]),
        tensor([1]),
      ),
    ).toBe(true);
    expect(allclose(tensor([0]), tensor([1e-9]))).toBe(true); // within atol
    expect(allclose(tensor([0]), tensor([1e-7]))).toBe(false);
    // asymmetric in b, like NumPy: rtol scales |b| (1 ≤ 0.095·11 but 1 > 0.095·10)
    expect(allclose(tensor([10]), tensor([11]), { rtol: 0.095, atol: 0 })).toBe(true);
    expect(allclose(tensor([11]), tensor([10]), { rtol: 0.095, atol: 0 })).toBe(false);
  });

  it('infinities equal only themselves; NaN only with equalNan', () => {
    expect(allclose(tensor([Infinity]), tensor([Infinity]))).toBe(true);
    expect(allclose(tensor([Infinity]), tensor([-Infinity]))).toBe(false);
    expect(allclose(tensor([Number.NaN]), tensor([Number.NaN]))).toBe(false);
    expect(allclose(tensor([Number.NaN]), tensor([Number.NaN]), { equalNan: true })).toBe(true);
  });

  it('complex: modulus of the difference; reads conjugated views', () => {
    const a = tensor([[1, 1]], { dtype: 'complex128' });
    expect(allclose(a, tensor([[1, 1 + 1e-9]], { dtype: 'complex128' }))).toBe(true);
    expect(allclose(a, conj(a))).toBe(false);
    expect(allclose(conj(conj(a)), a)).toBe(true);
    expect(allclose(tensor([1]), tensor([[1, 0]], { dtype: 'complex64' }))).toBe(true);
  });

  it('isclose returns 0/1 and errors are typed', () => {
    const r = isclose(tensor([1, 2, Number.NaN]), tensor([1, 2.1, Number.NaN]));
    expect(vals(r)).toEqual([1, 0, 0]);
    expect(() => allclose(tensor([1, 2]), tensor([1, 2, 3]))).toThrow(ShapeError);
    expect(() => allclose(tensor([1]), tensor([1]), { rtol: -1 })).toThrow(ValueError);
  });
});

describe('arrayEqual / isFinite / allFinite', () => {
  it('arrayEqual needs equal shapes and values, dtype may differ', () => {
    const m = tensor([
      [1, 2],
      [3, 4],
    ]);
    expect(
      arrayEqual(
        m,
        tensor(
          [
            [1, 2],
            [3, 4],
          ],
          { dtype: 'float32' },
        ),
      ),
    ).toBe(true);
    expect(arrayEqual(m, transpose(m))).toBe(false);
    expect(arrayEqual(tensor([1, 2]), tensor([[1, 2]]))).toBe(false);
    expect(arrayEqual(tensor([Number.NaN]), tensor([Number.NaN]))).toBe(false);
    expect(arrayEqual(tensor([Number.NaN]), tensor([Number.NaN]), { equalNan: true })).toBe(true);
  });

  it('isFinite / allFinite check both complex parts', () => {
    expect(vals(isFiniteT(tensor([1, Infinity, Number.NaN])))).toEqual([1, 0, 0]);
    const z = tensor(
      [
        [1, Infinity],
        [1, 2],
      ],
      { dtype: 'complex128' },
    );
    expect(isFiniteT(z).dtype).toBe('float64');
    expect(vals(isFiniteT(z))).toEqual([0, 1]);
    expect(allFinite(z)).toBe(false);
    expect(allFinite(tensor([1, 2]))).toBe(true);
    expect(allFinite(tensor([]))).toBe(true);
  });
});
