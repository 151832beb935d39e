import { type Walk, at, empty, im, operand, re, walk } from './access.js';
import { isTensor } from './brand.js';
import { checkOperand, checkTensor } from './checkTensor.js';
import { ccos, cdiv, cexp, clog, cmul, cpowInt, csign, csin, csqrt, ctanh, hypot } from './complexMath.js';
import { full } from './creation.js';
import { type Buffer, type DType, isComplex, promoteTypes, realDType } from './dtype.js';
import { DTypeError } from './errors.js';
import * as L from './kernels/elementwiseLoops.js';
import { portableExp } from './portableExp.js';
import { portableLog } from './portableLog.js';
import { broadcastShapes, sameShape } from './shape.js';
import type { Tensor } from './Tensor.js';

/**
 * Internal: the drivers and per-op definitions behind the public elementwise ops of
 * `elementwise.ts`. Not exported from the package index.
 *
 * Each op is defined once as a scalar function (`fr`, complex `fc`) plus, for the common real
 * ops, monomorphic loops (`kernels/elementwiseLoops.ts`). The fast real path dispatches on the
 * operand layout: both flat (contiguous, full size) → `vv`; one a size-1 scalar → `vs`/`sv`;
 * anything else → nested stride loops over `walk` blocks. The generic path (`generic = true`)
 * is the reference implementation — one `fr` call per element through offset tables — kept
 * callable so tests can check the fast paths against it bit for bit.
 */

/** A tensor or a plain number (broadcast as a rank-0 tensor). */
export type Operandish = Tensor | number;

type RealBin = (x: number, y: number) => number;
type CplxBin = (a: number, b: number, c: number, d: number, out: Buffer, k: number) => void;
type CplxUn = (x: number, y: number, out: Buffer, k: number) => void;

export interface BinarySpec {
  readonly fr: RealBin;
  /** null: complex operands are rejected. */
  readonly fc: CplxBin | null;
  /** Result in the real dtype of the promoted type (comparisons). */
  readonly outReal: boolean;
  readonly loops: L.BinaryLoops | null;
}

export interface UnarySpec {
  readonly fr: (x: number) => number;
  /** null: complex input is rejected. */
  readonly fc: CplxUn | null;
  /** Result in the real dtype of the input (abs, angle). */
  readonly outReal: boolean;
  readonly loops: L.UnaryLoops | null;
}

const bin = (fr: RealBin, fc: CplxBin | null, loops: L.BinaryLoops | null, outReal = false): BinarySpec => ({
  fr,
  fc,
  outReal,
  loops,
});
const un = (fr: (x: number) => number, fc: CplxUn | null, loops: L.UnaryLoops | null, outReal = false): UnarySpec => ({
  fr,
  fc,
  outReal,
  loops,
});

export const BINARY = {
  add: bin(
    (x, y) => x + y,
    (p, q, r, s, o, k) => {
      o[k] = p + r;
      o[k + 1] = q + s;
    },
    L.addLoops,
  ),
  sub: bin(
    (x, y) => x - y,
    (p, q, r, s, o, k) => {
      o[k] = p - r;
      o[k + 1] = q - s;
    },
    L.subLoops,
  ),
  mul: bin((x, y) => x * y, cmul, L.mulLoops),
  div: bin((x, y) => x / y, cdiv, L.divLoops),
  pow: bin(
    Math.pow,
    (p, q, r, _s, o, k) => {
      if (!Number.isInteger(r)) {
        throw new DTypeError('pow', `a complex base needs integer exponents, got exponent ${r}`);
      }
      cpowInt(p, q, r, o, k);
    },
    L.powLoops,
  ),
  maximum: bin(Math.max, null, L.maximumLoops),
  minimum: bin(Math.min, null, L.minimumLoops),
  // Comparisons return 1/0 in the REAL dtype of the promoted type (we have no boolean dtype).
  // Ordering comparisons reject complex; equal/notEqual accept it (both parts must match).
  equal: bin(
    (x, y) => (x === y ? 1 : 0),
    (p, q, r, s, o, k) => {
      o[k] = p === r && q === s ? 1 : 0;
    },
    L.equalLoops,
    true,
  ),
  notEqual: bin(
    (x, y) => (x !== y ? 1 : 0),
    (p, q, r, s, o, k) => {
      o[k] = p !== r || q !== s ? 1 : 0;
    },
    L.notEqualLoops,
    true,
  ),
  less: bin((x, y) => (x < y ? 1 : 0), null, L.lessLoops),
  lessEqual: bin((x, y) => (x <= y ? 1 : 0), null, L.lessEqualLoops),
  greater: bin((x, y) => (x > y ? 1 : 0), null, L.greaterLoops),
  greaterEqual: bin((x, y) => (x >= y ? 1 : 0), null, L.greaterEqualLoops),
} satisfies Record<string, BinarySpec>;

export type BinaryName = keyof typeof BINARY;

export const UNARY = {
  neg: un(
    (x) => -x,
    (x, y, o, k) => {
      o[k] = -x;
      o[k + 1] = -y;
    },
    L.negLoops,
  ),
  abs: un(
    Math.abs,
    (x, y, o, k) => {
      o[k] = hypot(x, y);
    },
    L.absLoops,
    true,
  ),
  sqrt: un(Math.sqrt, csqrt, L.sqrtLoops),
  // Portable (engine-independent bits) instead of Math.exp/Math.log, see portableExp.ts.
  exp: un(portableExp, cexp, L.expLoops),
  log: un(portableLog, clog, L.logLoops),
  sin: un(Math.sin, csin, null),
  cos: un(Math.cos, ccos, null),
  tanh: un(Math.tanh, ctanh, null),
  square: un(
    (x) => x * x,
    (x, y, o, k) => {
      o[k] = (x - y) * (x + y); // avoids the cancellation of x² − y²
      o[k + 1] = 2 * x * y;
    },
    L.squareLoops,
  ),
  sign: un((x) => (x > 0 ? 1 : x < 0 ? -1 : x), csign, null),
  reciprocal: un(
    (x) => 1 / x,
    (x, y, o, k) => cdiv(1, 0, x, y, o, k),
    L.reciprocalLoops,
  ),
  angle: un(
    (x) => Math.atan2(0, x),
    (x, y, o, k) => {
      o[k] = Math.atan2(y, x);
    },
    null,
    true,
  ),
  conjPhysical: un(
    (x) => x,
    (x, y, o, k) => {
      o[k] = x;
      o[k + 1] = -y;
    },
    null,
  ),
} satisfies Record<string, UnarySpec>;

export type UnaryName = keyof typeof UNARY;

/** A plain number as a rank-0 tensor of the other operand's dtype (float64 if both are numbers). */
export function lift(x: Operandish, other: Operandish): Tensor {
  if (isTensor(x)) return x;
  const dtype: DType = isTensor(other) ? other.dtype : 'float64';
  return full([], x, { dtype });
}

/** Tile edge for blocks read across strides: a 32×32 float64 tile touches 32 cache lines per operand. */
const TILE = 32;

/**
 * Runs `visit` over the blocks of `w`: whole blocks, or TILE × TILE tiles of them when the block
 * is large and some operand's inner stride is not ±1 or 0 (a transposed view would otherwise
 * touch a new cache line for every entry, ~3× slower at 1024²). `k` is the output index of the
 * tile's first entry; output rows are `w.cols` apart.
 */
function forTiles(w: Walk, visit: (q: number, k: number, r0: number, j0: number, h: number, wd: number) => void): void {
  const { rows, cols, s1, bases } = w;
  const nb = bases[0]!.length;
  const block = rows * cols;
  let tile = rows >= 2 * TILE && cols >= 2 * TILE;
  if (tile) tile = s1.some((s) => s > 1 || s < -1);
  for (let q = 0; q < nb; q++) {
    const kq = q * block;
    if (!tile) {
      visit(q, kq, 0, 0, rows, cols);
      continue;
    }
    for (let r0 = 0; r0 < rows; r0 += TILE) {
      const h = Math.min(TILE, rows - r0);
      for (let j0 = 0; j0 < cols; j0 += TILE) visit(q, kq + r0 * cols + j0, r0, j0, h, Math.min(TILE, cols - j0));
    }
  }
}

/** Whether entry i of the traversal of a size-`n` result is buffer element `t.offset + i`. */
function flat(t: Tensor, n: number): boolean {
  return t.size === n && t.isContiguous;
}

/** Fills `o` (size n > 0) with spec(a, b) broadcast to `shape`, for real a and b. */
function realBinary(loops: L.BinaryLoops, a: Tensor, b: Tensor, shape: readonly number[], o: Buffer, n: number): void {
  const ad = a.data;
  const bd = b.data;
  const aFlat = flat(a, n);
  const bFlat = flat(b, n);
  if (aFlat && bFlat) {
    loops.vv(o, ad, a.offset, bd, b.offset, n);
    return;
  }
  if (aFlat && b.size === 1) {
    loops.vs(o, ad, a.offset, bd[b.offset]!, n);
    return;
  }
  if (bFlat && a.size === 1) {
    loops.sv(o, ad[a.offset]!, bd, b.offset, n);
    return;
  }
  const w = walk(shape, [a, b]);
  const { cols, s0, s1, bases } = w;
  const ba = bases[0]!;
  const bb = bases[1]!;
  const a0 = s0[0]!;
  const a1 = s1[0]!;
  const b0 = s0[1]!;
  const b1 = s1[1]!;
  forTiles(w, (q, k, r0, j0, h, wd) =>
    loops.st(o, k, cols, ad, ba[q]! + r0 * a0 + j0 * a1, a0, a1, bd, bb[q]! + r0 * b0 + j0 * b1, b0, b1, h, wd),
  );
}

/** Shared binary driver: broadcasting, dtype promotion, fast real loops unless `generic`. */
export function binaryOp(op: BinaryName, x: Operandish, y: Operandish, generic = false): Tensor {
  const { fr, fc, outReal, loops } = BINARY[op] as BinarySpec;
  checkOperand(op, x, 'the first operand');
  checkOperand(op, y, 'the second operand');
  const a = lift(x, y);
  const b = lift(y, x);
  const dtype = promoteTypes(a.dtype, b.dtype);
  const complex = isComplex(dtype);
  if (complex && fc === null) {
    throw new DTypeError(
      op,
      `complex operands are not supported (got ${a.dtype} and ${b.dtype}); compare real or imag parts`,
    );
  }
  const shape = broadcastShapes(op, a.shape, b.shape);
  const out = empty(outReal ? realDType(dtype) : dtype, shape);
  const n = out.size;
  const o = out.data;
  if (!complex) {
    if (!generic && loops !== null) {
      if (n > 0) realBinary(loops, a, b, shape, o, n);
      return out;
    }
    const ad = a.data;
    const bd = b.data;
    if (sameShape(a.shape, b.shape) && a.isContiguous && b.isContiguous) {
      const sa = a.offset;
      const sb = b.offset;
      for (let i = 0; i < n; i++) o[i] = fr(ad[sa + i]!, bd[sb + i]!);
      return out;
    }
    const pa = operand(a, shape);
    const pb = operand(b, shape);
    for (let i = 0; i < n; i++) o[i] = fr(ad[at(pa, i)]!, bd[at(pb, i)]!);
    return out;
  }
  const pa = operand(a, shape);
  const pb = operand(b, shape);
  if (outReal) {
    const tmp = new Float64Array(2);
    for (let i = 0; i < n; i++) {
      (fc as CplxBin)(re(pa, i), im(pa, i), re(pb, i), im(pb, i), tmp, 0);
      o[i] = tmp[0]!;
    }
    return out;
  }
  for (let i = 0; i < n; i++) (fc as CplxBin)(re(pa, i), im(pa, i), re(pb, i), im(pb, i), o, 2 * i);
  return out;
}

/** Shared unary driver; real input runs the op's loops (or `fr` over stride blocks) unless `generic`. */
export function unaryOp(op: UnaryName, t: Tensor, generic = false): Tensor {
  const { fr, fc, outReal, loops } = UNARY[op] as UnarySpec;
  checkTensor(op, t);
  const outDType = outReal ? realDType(t.dtype) : t.dtype;
  const out = empty(outDType, t.shape);
  const n = out.size;
  const o = out.data;
  if (!isComplex(t.dtype)) {
    const d = t.data;
    if (generic) {
      if (t.isContiguous) {
        for (let i = 0, s = t.offset; i < n; i++) o[i] = fr(d[s + i]!);
      } else {
        const offs = t.offsets();
        for (let i = 0; i < n; i++) o[i] = fr(d[offs[i]!]!);
      }
      return out;
    }
    if (n === 0) return out;
    if (t.isContiguous) {
      if (loops !== null) loops.v(o, d, t.offset, n);
      else for (let i = 0, s = t.offset; i < n; i++) o[i] = fr(d[s + i]!);
      return out;
    }
    const w = walk(t.shape, [t]);
    const ba = w.bases[0]!;
    const a0 = w.s0[0]!;
    const a1 = w.s1[0]!;
    const cols = w.cols;
    forTiles(w, (q, k, r0, j0, h, wd) => {
      const pa = ba[q]! + r0 * a0 + j0 * a1;
      if (loops !== null) loops.st(o, k, cols, d, pa, a0, a1, h, wd);
      else L.mapStrided(o, k, cols, d, pa, a0, a1, h, wd, fr);
    });
    return out;
  }
  if (fc === null) throw new DTypeError(op, `complex input is not supported, got ${t.dtype}`);
  const p = operand(t, t.shape);
  for (let i = 0; i < n; i++) fc(re(p, i), im(p, i), o, isComplex(outDType) ? 2 * i : i);
  return out;
}

/** `where` driver: real cond and values run flat or stride-block loops unless `generic`. */
export function whereOp(cond: Tensor, a: Operandish, b: Operandish, generic = false): Tensor {
  checkTensor('where', cond, 'the condition');
  checkOperand('where', a, 'the second argument');
  checkOperand('where', b, 'the third argument');
  const ta = lift(a, b);
  const tb = lift(b, a);
  const dtype = promoteTypes(ta.dtype, tb.dtype);
  const shape = broadcastShapes('where', broadcastShapes('where', cond.shape, ta.shape), tb.shape);
  const out = empty(dtype, shape);
  const o = out.data;
  const n = out.size;
  const cplx = isComplex(dtype);
  if (!generic && !cplx && !isComplex(cond.dtype)) {
    if (n === 0) return out;
    if (flat(cond, n) && flat(ta, n) && flat(tb, n)) {
      L.whereFlat(o, cond.data, cond.offset, ta.data, ta.offset, tb.data, tb.offset, n);
      return out;
    }
    const w = walk(shape, [cond, ta, tb]);
    const { cols, s0, s1 } = w;
    const [bc, ba, bb] = w.bases as [Int32Array, Int32Array, Int32Array];
    const [c0, a0, b0] = s0 as [number, number, number];
    const [c1, a1, b1] = s1 as [number, number, number];
    const cd = cond.data;
    const ad = ta.data;
    const bd = tb.data;
    forTiles(w, (q, k, r0, j0, h, wd) =>
      L.whereStrided(
        o,
        k,
        cols,
        cd,
        bc[q]! + r0 * c0 + j0 * c1,
        c0,
        c1,
        ad,
        ba[q]! + r0 * a0 + j0 * a1,
        a0,
        a1,
        bd,
        bb[q]! + r0 * b0 + j0 * b1,
        b0,
        b1,
        h,
        wd,
      ),
    );
    return out;
  }
  const pc = operand(cond, shape);
  const pa = operand(ta, shape);
  const pb = operand(tb, shape);
  for (let i = 0; i < n; i++) {
    const p = re(pc, i) !== 0 || im(pc, i) !== 0 ? pa : pb;
    if (cplx) {
      o[2 * i] = re(p, i);
      o[2 * i + 1] = im(p, i);
    } else o[i] = re(p, i);
  }
  return out;
}
