/**
 * Element types. Complex values are stored interleaved (re, im) in one real typed array, so a
 * complex tensor of `size` elements owns a buffer of `2·size` reals.
 */
export type DType = 'float64' | 'float32' | 'complex128' | 'complex64';
export type RealDType = 'float64' | 'float32';
export type ComplexDType = 'complex128' | 'complex64';
export type Buffer = Float64Array | Float32Array;

/**
 * Every supported dtype, double precision first: for validating user input or looping a test over
 * all dtypes.
 *
 * @example
 * for (const dtype of DTYPES) zeros([2, 2], { dtype });
 */
export const DTYPES: readonly DType[] = ['float64', 'float32', 'complex128', 'complex64'];

/**
 * Type guard: whether `x` is one of the four dtype names (for validating untyped options).
 *
 * @example
 * isDType('float64'); // true
 * isDType('int32');   // false
 */
export function isDType(x: unknown): x is DType {
  return typeof x === 'string' && (DTYPES as readonly string[]).includes(x);
}

/**
 * Whether a dtype is complex (complex128 or complex64); narrows the type to `ComplexDType`.
 *
 * @example
 * isComplex(A.dtype) ? conj(A) : A;
 */
export function isComplex(dtype: DType): dtype is ComplexDType {
  return dtype === 'complex128' || dtype === 'complex64';
}

/**
 * Reals per element: 2 for complex (interleaved re, im), 1 otherwise. Multiply an element offset
 * by it to index the underlying buffer.
 *
 * @example
 * const re = t.data[i * itemWidth(t.dtype)]; // real part of entry i of a contiguous t
 */
export function itemWidth(dtype: DType): 1 | 2 {
  return isComplex(dtype) ? 2 : 1;
}

/**
 * The real dtype of the same precision: complex128 → float64, complex64 → float32 (the dtype of
 * `abs`, `real` and singular values of a complex tensor).
 *
 * @example
 * realDType('complex64'); // 'float32'
 */
export function realDType(dtype: DType): RealDType {
  return dtype === 'complex128' || dtype === 'float64' ? 'float64' : 'float32';
}

/**
 * The complex dtype of the same precision: float64 → complex128, float32 → complex64.
 *
 * @example
 * complexDType('float32'); // 'complex64'
 */
export function complexDType(dtype: DType): ComplexDType {
  return dtype === 'float64' || dtype === 'complex128' ? 'complex128' : 'complex64';
}

/**
 * Whether a dtype is single precision (float32 or complex64), e.g. to pick looser tolerances.
 *
 * @example
 * const tol = isSinglePrecision(A.dtype) ? 1e-4 : 1e-10;
 */
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
 *
 * @example
 * promoteTypes('float32', 'complex128'); // 'complex128'
 */
export function promoteTypes(a: DType, b: DType): DType {
  const complex = isComplex(a) || isComplex(b);
  const single = isSinglePrecision(a) && isSinglePrecision(b);
  if (complex) return single ? 'complex64' : 'complex128';
  return single ? 'float32' : 'float64';
}

/**
 * A zero-filled buffer able to hold `size` elements of `dtype` (Float32Array for single
 * precision, twice as many reals for complex).
 *
 * @example
 * const buf = allocate('complex128', 3); // Float64Array of length 6
 */
export function allocate(dtype: DType, size: number): Buffer {
  const n = size * itemWidth(dtype);
  return isSinglePrecision(dtype) ? new Float32Array(n) : new Float64Array(n);
}

/**
 * Machine epsilon (distance from 1 to the next float) of the dtype's real precision, the unit of
 * numerical tolerances.
 *
 * @example
 * const rtol = 10 * epsOf(A.dtype); // 2**-52 · 10 for float64
 */
export function epsOf(dtype: DType): number {
  return isSinglePrecision(dtype) ? 2 ** -23 : 2 ** -52;
}
