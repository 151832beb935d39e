/**
 * Element types. Complex values are stored interleaved (re, im) in one real typed array, so a
 * complex tensor of `size` elements owns a buffer of `2·size` reals.
 */
export type DType = 'float64' | 'float32' | 'complex128' | 'complex64';
export type RealDType = 'float64' | 'float32';
export type ComplexDType = 'complex128' | 'complex64';
export type Buffer = Float64Array | Float32Array;

export const DTYPES: readonly DType[] = ['float64', 'float32', 'complex128', 'complex64'];

export function isDType(x: unknown): x is DType {
  return typeof x === 'string' && (DTYPES as readonly string[]).includes(x);
}

export function isComplex(dtype: DType): dtype is ComplexDType {
  return dtype === 'complex128' || dtype === 'complex64';
}

/** Reals per element: 2 for complex (interleaved re, im), 1 otherwise. */
export function itemWidth(dtype: DType): 1 | 2 {
  return isComplex(dtype) ? 2 : 1;
}

/** The real dtype of the same precision: complex128 → float64, complex64 → float32. */
export function realDType(dtype: DType): RealDType {
  return dtype === 'complex128' || dtype === 'float64' ? 'float64' : 'float32';
}

/** The complex dtype of the same precision. */
export function complexDType(dtype: DType): ComplexDType {
  return dtype === 'float64' || dtype === 'complex128' ? 'complex128' : 'complex64';
}

export function isSinglePrecision(dtype: DType): boolean {
  return dtype === 'float32' || dtype === 'complex64';
}

/**
 * NumPy's promotion lattice restricted to our four types: the result is complex if either is,
 * and single precision only if both are.
 *
 *            float32  float64    complex64   complex128
 * float32    float32  float64    complex64   complex128
 * float64    float64  float64    complex128  complex128
 * complex64  complex64 complex128 complex64  complex128
 */
export function promoteTypes(a: DType, b: DType): DType {
  const complex = isComplex(a) || isComplex(b);
  const single = isSinglePrecision(a) && isSinglePrecision(b);
  if (complex) return single ? 'complex64' : 'complex128';
  return single ? 'float32' : 'float64';
}

/** A zero-filled buffer able to hold `size` elements of `dtype`. */
export function allocate(dtype: DType, size: number): Buffer {
  const n = size * itemWidth(dtype);
  return isSinglePrecision(dtype) ? new Float32Array(n) : new Float64Array(n);
}

/** Machine epsilon (distance from 1 to the next float) of the dtype's real precision. */
export function epsOf(dtype: DType): number {
  return isSinglePrecision(dtype) ? 2 ** -23 : 2 ** -52;
}
