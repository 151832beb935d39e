import { type Buffer, type DType, isComplex, itemWidth } from './dtype.js';
import { TENSOR_BRAND, TENSOR_LAYOUT, isTensor } from './brand.js';
import { IndexError, ValueError } from './errors.js';
import { formatTensor } from './format.js';
import { contiguousStrides, sizeOf, stridedOffsets } from './shape.js';

/** A complex number as returned by element accessors: [re, im]. */
export type ComplexPair = [re: number, im: number];

/** Nested plain arrays as produced by `toArray()`; complex entries are [re, im] pairs. */
export type NestedArray = number | ComplexPair | NestedArray[];

/**
 * An N-dimensional strided view on one typed-array buffer.
 *
 * Strides and offset count elements (a complex element spans two reals). `conjugated` is a lazy
 * conjugation bit for complex tensors, so `conj` and `adjoint` are views: every kernel reads the
 * imaginary part through it, and `contiguous()` materialises it. Tensors are immutable through
 * the public API: ops allocate new buffers and never write into their inputs.
 *
 * Tensors are recognised by a brand, `Symbol.for('@svd/tensor.Tensor')` on the prototype, not by
 * class identity: `isTensor(x)` and `x instanceof Tensor` are both true for a Tensor made by any
 * copy of this package (the ESM and the CJS build loaded side by side, say).
 *
 * @example
 * const A = tensor([[1, 2], [3, 4]]);
 * A.shape;       // [2, 2]
 * A.get(1, 0);   // 3
 * A.toArray();   // [[1, 2], [3, 4]]
 */
export class Tensor {
  readonly dtype: DType;
  readonly shape: readonly number[];
  readonly strides: readonly number[];
  readonly offset: number;
  /**
   * The backing typed array. Usually over an ArrayBuffer; the result of a product large enough to
   * run on the thread pool (`matmul` with `setThreads(n > 1)`) is over a SharedArrayBuffer, which
   * the workers wrote in place. The values are the same either way, but a shared buffer cannot be
   * transferred (`postMessage(x, [data.buffer])` throws) and `structuredClone` shares it rather
   * than copying it: use `toTypedArray()` (a copy in ordinary memory) to hand data on.
   */
  readonly data: Buffer;
  readonly conjugated: boolean;

  /**
   * `x instanceof Tensor` is the brand check `isTensor(x)`, so it holds across copies of the
   * package. Subclasses keep the ordinary prototype-chain test.
   */
  static [Symbol.hasInstance](x: unknown): x is Tensor {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class on the right of instanceof (a subclass, maybe)
    if (this !== Tensor) return Function.prototype[Symbol.hasInstance].call(this, x);
    return isTensor(x);
  }

  /** Prefer the creation functions (`tensor`, `zeros`, ...); this constructor trusts its input. */
  constructor(
    data: Buffer,
    dtype: DType,
    shape: readonly number[],
    strides: readonly number[] = contiguousStrides(shape),
    offset = 0,
    conjugated = false,
  ) {
    this.data = data;
    this.dtype = dtype;
    this.shape = Object.freeze([...shape]);
    this.strides = Object.freeze([...strides]);
    this.offset = offset;
    this.conjugated = conjugated && isComplex(dtype);
  }

  get ndim(): number {
    return this.shape.length;
  }

  get size(): number {
    return sizeOf(this.shape);
  }

  get isComplex(): boolean {
    return isComplex(this.dtype);
  }

  /** True when the elements are laid out densely in row-major order with no pending conjugation. */
  get isContiguous(): boolean {
    if (this.conjugated) return false;
    let expected = 1;
    for (let i = this.shape.length - 1; i >= 0; i--) {
      const d = this.shape[i]!;
      if (d !== 1 && this.strides[i] !== expected) return false;
      expected *= d;
    }
    return true;
  }

  /** Buffer offset (in elements) of the entry at `index`, bounds-checked. */
  elementOffset(index: readonly number[]): number {
    if (index.length !== this.ndim) {
      throw new IndexError('Tensor.get', `expected ${this.ndim} indices, got ${index.length}`);
    }
    let o = this.offset;
    for (let i = 0; i < index.length; i++) {
      let j = index[i]!;
      const d = this.shape[i]!;
      if (!Number.isInteger(j) || j < -d || j >= d) {
        throw new IndexError('Tensor.get', `index ${j} is out of range for axis ${i} of size ${d}`);
      }
      if (j < 0) j += d;
      o += j * this.strides[i]!;
    }
    return o;
  }

  /** The real entry at `index` (negative indices count from the end). */
  get(...index: number[]): number {
    if (this.isComplex) {
      throw new ValueError('Tensor.get', `tensor is ${this.dtype}; use getComplex for complex entries`);
    }
    return this.data[this.elementOffset(index)]!;
  }

  /** The entry at `index` as [re, im] (imaginary part 0 for real dtypes). */
  getComplex(...index: number[]): ComplexPair {
    const o = this.elementOffset(index);
    if (!this.isComplex) return [this.data[o]!, 0];
    const im = this.data[2 * o + 1]!;
    return [this.data[2 * o]!, this.conjugated ? -im : im];
  }

  /** The single entry of a size-1 tensor, as a number (real dtypes only). */
  item(): number {
    if (this.size !== 1) {
      throw new ValueError(
        'Tensor.item',
        `expected a tensor with exactly one element, got shape [${this.shape.join(', ')}]`,
      );
    }
    return this.get(...new Array<number>(this.ndim).fill(0));
  }

  /** Element offsets of every entry, row-major logical order. */
  offsets(): Int32Array {
    return stridedOffsets(this.shape, this.strides, this.offset);
  }

  /**
   * A row-major copy of the entries as a plain typed array (complex interleaved, conjugation
   * applied). Returns the underlying buffer itself only when it is exactly that already and
   * `copy` is false.
   */
  toTypedArray(copy = true): Buffer {
    const w = itemWidth(this.dtype);
    const n = this.size;
    if (this.isContiguous && this.offset === 0 && this.data.length === n * w) {
      return copy ? this.data.slice() : this.data;
    }
    const out = this.data instanceof Float32Array ? new Float32Array(n * w) : new Float64Array(n * w);
    const src = this.data;
    if (this.isContiguous) {
      out.set(src.subarray(this.offset * w, (this.offset + n) * w));
      return out;
    }
    const offs = this.offsets();
    if (w === 1) {
      for (let i = 0; i < n; i++) out[i] = src[offs[i]!]!;
    } else {
      const s = this.conjugated ? -1 : 1;
      for (let i = 0; i < n; i++) {
        const o = 2 * offs[i]!;
        out[2 * i] = src[o]!;
        out[2 * i + 1] = s * src[o + 1]! + 0;
      }
    }
    return out;
  }

  /** A dense row-major tensor with the same values (this one, if it is already). */
  contiguous(): Tensor {
    if (this.isContiguous && this.offset === 0 && this.data.length === this.size * itemWidth(this.dtype)) {
      return this;
    }
    return new Tensor(this.toTypedArray(false), this.dtype, this.shape);
  }

  /** Nested plain arrays; complex entries as [re, im]. */
  toArray(): NestedArray {
    const flat = this.toTypedArray(false);
    const cplx = this.isComplex;
    const build = (axis: number, base: number): NestedArray => {
      if (axis === this.ndim) return cplx ? [flat[2 * base]!, flat[2 * base + 1]!] : flat[base]!;
      const d = this.shape[axis]!;
      const inner = sizeOf(this.shape.slice(axis + 1));
      const out: NestedArray[] = [];
      for (let i = 0; i < d; i++) out.push(build(axis + 1, base + i * inner));
      return out;
    };
    return build(0, 0);
  }

  /** NumPy-like text: aligned columns, summarised with '...' when large. */
  toString(): string {
    return formatTensor(this);
  }
}

// Non-enumerable and read-only: the brand is not data, and toArray()/JSON never show it.
Object.defineProperty(Tensor.prototype, TENSOR_BRAND, { value: TENSOR_LAYOUT });
