import { checkTensor } from './checkTensor.js';
import { complexDType, isComplex, realDType } from './dtype.js';
import { ValueError } from './errors.js';
import { Tensor } from './Tensor.js';
import { broadcastTensors } from './views.js';

/*
 * Real and imaginary parts of complex tensors, and complex tensors from two real ones. `real`
 * (and `imag` without a pending conjugation) are strided views into the interleaved buffer.
 */

/**
 * Real part: a strided view into the interleaved buffer for complex, `t` itself for real.
 *
 * @example
 * const re = real(z); // float64 for a complex128 z
 */
export function real(t: Tensor): Tensor {
  checkTensor('real', t);
  if (!isComplex(t.dtype)) return t;
  return new Tensor(
    t.data,
    realDType(t.dtype),
    t.shape,
    t.strides.map((s) => 2 * s),
    2 * t.offset,
  );
}

/**
 * Imaginary part: a view for complex (a copy when a conjugation is pending); zeros for real.
 *
 * @example
 * const im = imag(z);
 */
export function imag(t: Tensor): Tensor {
  checkTensor('imag', t);
  if (!isComplex(t.dtype)) return new Tensor(new (t.data.constructor as typeof Float64Array)(t.size), t.dtype, t.shape);
  const view = new Tensor(
    t.data,
    realDType(t.dtype),
    t.shape,
    t.strides.map((s) => 2 * s),
    2 * t.offset + 1,
  );
  if (!t.conjugated) return view;
  const out = view.toTypedArray(true);
  for (let i = 0; i < out.length; i++) out[i] = -out[i]! + 0;
  return new Tensor(out, view.dtype, t.shape);
}

/**
 * Builds a complex tensor from real and imaginary parts (broadcast together).
 *
 * @example
 * const z = complex(tensor([1, 2]), tensor([0, -1])); // [1+0i, 2−1i], complex128
 */
export function complex(re: Tensor, im: Tensor): Tensor {
  checkTensor('complex', re, 'the real part');
  checkTensor('complex', im, 'the imaginary part');
  if (isComplex(re.dtype) || isComplex(im.dtype)) {
    throw new ValueError('complex', `re and im must be real, got ${re.dtype} and ${im.dtype}`);
  }
  const [r, i] = broadcastTensors(re, im) as [Tensor, Tensor];
  const dtype = complexDType(re.dtype === 'float32' && im.dtype === 'float32' ? 'float32' : 'float64');
  const rd = r.toTypedArray(false);
  const id = i.toTypedArray(false);
  const out = dtype === 'complex64' ? new Float32Array(2 * r.size) : new Float64Array(2 * r.size);
  for (let k = 0; k < r.size; k++) {
    out[2 * k] = rd[k]!;
    out[2 * k + 1] = id[k]!;
  }
  return new Tensor(out, dtype, r.shape);
}
