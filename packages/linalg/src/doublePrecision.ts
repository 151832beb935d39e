import { type DType, Tensor, isComplex, realDType } from '@svd/tensor';
import { complexOutputTensor, outputTensor } from './batch.js';

/*
 * The package's single-precision rule for functions composed of other tensor operations:
 * compute in float64 / complex128 and round once at the end.
 */

/** The same values in double precision (float32 → float64, complex64 → complex128; exact). */
export function toDouble(t: Tensor): Tensor {
  if (realDType(t.dtype) === 'float64') return t;
  const raw = t.toTypedArray(false);
  return new Tensor(Float64Array.from(raw), isComplex(t.dtype) ? 'complex128' : 'float64', t.shape);
}

/** A double-precision result in `dtype`'s precision (rounded once), with no −0 (as every output). */
export function roundTo(t: Tensor, dtype: DType): Tensor {
  const raw = t.toTypedArray(false);
  const data = raw instanceof Float64Array ? raw.slice() : Float64Array.from(raw);
  return (isComplex(t.dtype) ? complexOutputTensor : outputTensor)(data, t.shape, dtype);
}
