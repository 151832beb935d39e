/**
 * Matrix–vector products for blocked Householder reductions, on one flat workspace that holds
 * the matrix and the vectors (offsets in elements, rows of the matrix `lda` apart):
 *
 *   addTransposedProduct: y[0:cols] += Aᵀ·v   (y = Σ_r v_r·A[r, :], rows in order)
 *   rowProducts:          x[0:rows]  = A·u    (one dot product per row)
 *
 * When `data` is the view returned by {@link gemvWorkspace} (WebAssembly memory) the bulk runs in
 * the f64x2 kernels of `gemvWasm.ts`, else in the JavaScript loops below; both use the same
 * summation order — rows in groups of four added left to right into y; per row an even-column
 * and an odd-column partial sum, added at the end, then the last odd column — so the results
 * have the same bits either way, on every engine.
 */
import { parallelGemv } from '../threads/parallelGemv.js';
import { gemvFor, wasmGemv } from './gemvWasm.js';

/**
 * A Float64Array of at least `doubles` elements (contents unspecified) for {@link rowProducts}
 * and {@link addTransposedProduct}: a view of the kernels' WebAssembly memory when wasm SIMD is
 * available, else a plain array. The next call may grow that memory and detach earlier views,
 * so use the view for one computation and do not keep it. Up to 8M doubles (64 MiB) the memory is
 * shared and kept (it grows to the largest request); larger workspaces get memory of their own,
 * released with the view. With `dedicated: true` the workspace always has memory of its own,
 * which no other call touches: a matrix copied in once stays there for many products (an
 * iterative solver's repeated A·x), at the price of that memory.
 *
 * @example
 * const w = kernels.gemvWorkspace(n * n + 2 * n); // matrix at 0, u at n·n, x at n·n + n
 * w.set(a);
 * kernels.rowProducts(w, 0, n, n, n, n * n, n * n + n);
 */
export function gemvWorkspace(doubles: number, options: { dedicated?: boolean } = {}): Float64Array {
  const w = wasmGemv(doubles, options.dedicated ?? false);
  return w === null ? new Float64Array(doubles) : w.view;
}

/**
 * y[yOff .. yOff+cols) += Aᵀ·v for the rows×cols matrix A at aOff (row stride lda) and v at
 * vOff (rows entries), all in `data`; y must not overlap A or v.
 *
 * @example
 * const w = kernels.gemvWorkspace(8);
 * w.set([1, 2, 3, 4, 1, 1, 0, 0]); // A = [[1, 2], [3, 4]], v = [1, 1], y = [0, 0]
 * kernels.addTransposedProduct(w, 0, 2, 2, 2, 4, 6); // y = [4, 6]
 */
export function addTransposedProduct(
  data: Float64Array,
  aOff: number,
  lda: number,
  rows: number,
  cols: number,
  vOff: number,
  yOff: number,
): void {
  if (rows <= 0 || cols <= 0) return;
  // Large products on the kept (shared) workspace run on the thread pool, split by columns of y.
  if (parallelGemv('cols', data, aOff, lda, rows, cols, vOff, yOff, addTransposedProductSerial)) return;
  addTransposedProductSerial(data, aOff, lda, rows, cols, vOff, yOff);
}

/**
 * {@link addTransposedProduct} on this thread. Each y[c] depends only on column c of A and on v
 * (groups of four rows in order, then the last rows), so any split of the columns gives the
 * same bits.
 */
export function addTransposedProductSerial(
  data: Float64Array,
  aOff: number,
  lda: number,
  rows: number,
  cols: number,
  vOff: number,
  yOff: number,
): void {
  if (rows <= 0 || cols <= 0) return;
  const groups = rows >> 2;
  const pairs = cols >> 1;
  const w = gemvFor(data);
  if (w !== null && groups > 0 && pairs > 0) {
    w.addT4(8 * aOff, 8 * lda, groups, pairs, 8 * vOff, 8 * yOff);
    // the last odd column of the grouped rows
    if (cols & 1) addGroups(data, aOff, lda, groups, 2 * pairs, cols, vOff, yOff);
  } else {
    addGroups(data, aOff, lda, groups, 0, cols, vOff, yOff);
  }
  for (let r = 4 * groups; r < rows; r++) {
    const v = data[vOff + r]!;
    const b = aOff + r * lda;
    for (let c = 0; c < cols; c++) data[yOff + c] = data[yOff + c]! + v * data[b + c]!;
  }
}

/** y[c] += Σ over groups of 4 rows (in order) for columns c0 ≤ c < c1. */
function addGroups(
  d: Float64Array,
  aOff: number,
  lda: number,
  groups: number,
  c0: number,
  c1: number,
  vOff: number,
  yOff: number,
): void {
  for (let g = 0; g < groups; g++) {
    const b0 = aOff + 4 * g * lda;
    const b1 = b0 + lda;
    const b2 = b1 + lda;
    const b3 = b2 + lda;
    const v0 = d[vOff + 4 * g]!;
    const v1 = d[vOff + 4 * g + 1]!;
    const v2 = d[vOff + 4 * g + 2]!;
    const v3 = d[vOff + 4 * g + 3]!;
    for (let c = c0; c < c1; c++) {
      d[yOff + c] = d[yOff + c]! + v0 * d[b0 + c]! + v1 * d[b1 + c]! + v2 * d[b2 + c]! + v3 * d[b3 + c]!;
    }
  }
}

/**
 * x[xOff .. xOff+rows) = A·u for the rows×cols matrix A at aOff (row stride lda) and u at uOff
 * (cols entries), all in `data`; x must not overlap A or u.
 *
 * @example
 * const w = kernels.gemvWorkspace(8);
 * w.set([1, 2, 3, 4, 1, 1, 0, 0]); // A = [[1, 2], [3, 4]], u = [1, 1]
 * kernels.rowProducts(w, 0, 2, 2, 2, 4, 6); // x = [3, 7]
 */
export function rowProducts(
  data: Float64Array,
  aOff: number,
  lda: number,
  rows: number,
  cols: number,
  uOff: number,
  xOff: number,
): void {
  if (rows <= 0) return;
  // Large products on the kept (shared) workspace run on the thread pool, split by rows of x.
  if (parallelGemv('rows', data, aOff, lda, rows, cols, uOff, xOff, rowProductsSerial)) return;
  rowProductsSerial(data, aOff, lda, rows, cols, uOff, xOff);
}

/**
 * {@link rowProducts} on this thread. Each x[r] depends only on row r of A and on u (even and
 * odd column sums, then the last odd column), so any split of the rows gives the same bits.
 */
export function rowProductsSerial(
  data: Float64Array,
  aOff: number,
  lda: number,
  rows: number,
  cols: number,
  uOff: number,
  xOff: number,
): void {
  if (rows <= 0) return;
  const groups = rows >> 2;
  const pairs = cols >> 1;
  const w = gemvFor(data);
  let r = 0;
  if (w !== null && groups > 0 && pairs > 0) {
    w.dots4(8 * aOff, 8 * lda, groups, pairs, 8 * uOff, 8 * xOff);
    r = 4 * groups;
  }
  for (; r < rows; r++) {
    const b = aOff + r * lda;
    let even = 0;
    let odd = 0;
    for (let p = 0; p < pairs; p++) {
      even += data[b + 2 * p]! * data[uOff + 2 * p]!;
      odd += data[b + 2 * p + 1]! * data[uOff + 2 * p + 1]!;
    }
    data[xOff + r] = even + odd;
  }
  if (cols & 1) {
    const c = cols - 1;
    const u = data[uOff + c]!;
    for (let i = 0; i < rows; i++) data[xOff + i] = data[xOff + i]! + data[aOff + i * lda + c]! * u;
  }
}
