/**
 * Internal: monomorphic elementwise loops on raw buffers, one set per op, written out so that
 * each loop has its own type feedback and V8 compiles the op inline (closures made by one
 * factory share their call-site feedback, which goes megamorphic once a second op runs, and the
 * loop then pays a full call per element). Every loop computes in float64 and stores into `o`,
 * so a Float32Array result rounds exactly as the generic path's `o[i] = f(x, y)` does.
 * Comparisons store `+(x < y)` (1 or 0), which V8 compiles without a branch: the generic
 * `x < y ? 1 : 0` mispredicts on mixed data and runs about 3× slower.
 *
 * Not exported from the package index.
 */
import type { Buffer } from '../dtype.js';
import { portableExp } from '../portableExp.js';
import { portableLog } from '../portableLog.js';

/**
 * The loops of one real binary op f. `vv`: both operands flat (o[i] = f(a[sa + i], b[sb + i])).
 * `vs` / `sv`: one operand a scalar s. `st`: a rows × cols block, operand p's element (r, j) at
 * `pp + r·p0 + j·p1`, written to o[k + r·ok + j] (ok = cols for a whole block, larger for a tile).
 */
export interface BinaryLoops {
  vv(o: Buffer, a: Buffer, sa: number, b: Buffer, sb: number, n: number): void;
  vs(o: Buffer, a: Buffer, sa: number, s: number, n: number): void;
  sv(o: Buffer, s: number, b: Buffer, sb: number, n: number): void;
  st(
    o: Buffer,
    k: number,
    ok: number,
    a: Buffer,
    pa: number,
    a0: number,
    a1: number,
    b: Buffer,
    pb: number,
    b0: number,
    b1: number,
    rows: number,
    cols: number,
  ): void;
}

/** The loops of one real unary op f: `v` flat (o[i] = f(a[sa + i])), `st` a strided block as in BinaryLoops. */
export interface UnaryLoops {
  v(o: Buffer, a: Buffer, sa: number, n: number): void;
  st(o: Buffer, k: number, ok: number, a: Buffer, pa: number, a0: number, a1: number, rows: number, cols: number): void;
}

export const addLoops: BinaryLoops = {
  vv(o, a, sa, b, sb, n) {
    for (let i = 0; i < n; i++) o[i] = a[sa + i]! + b[sb + i]!;
  },
  vs(o, a, sa, s, n) {
    for (let i = 0; i < n; i++) o[i] = a[sa + i]! + s;
  },
  sv(o, s, b, sb, n) {
    for (let i = 0; i < n; i++) o[i] = s + b[sb + i]!;
  },
  st(o, k, ok, a, pa, a0, a1, b, pb, b0, b1, rows, cols) {
    for (let r = 0; r < rows; r++, k += ok, pa += a0, pb += b0) {
      for (let j = 0, io = k, ia = pa, ib = pb; j < cols; j++, ia += a1, ib += b1) o[io++] = a[ia]! + b[ib]!;
    }
  },
};

export const subLoops: BinaryLoops = {
  vv(o, a, sa, b, sb, n) {
    for (let i = 0; i < n; i++) o[i] = a[sa + i]! - b[sb + i]!;
  },
  vs(o, a, sa, s, n) {
    for (let i = 0; i < n; i++) o[i] = a[sa + i]! - s;
  },
  sv(o, s, b, sb, n) {
    for (let i = 0; i < n; i++) o[i] = s - b[sb + i]!;
  },
  st(o, k, ok, a, pa, a0, a1, b, pb, b0, b1, rows, cols) {
    for (let r = 0; r < rows; r++, k += ok, pa += a0, pb += b0) {
      for (let j = 0, io = k, ia = pa, ib = pb; j < cols; j++, ia += a1, ib += b1) o[io++] = a[ia]! - b[ib]!;
    }
  },
};

export const mulLoops: BinaryLoops = {
  vv(o, a, sa, b, sb, n) {
    for (let i = 0; i < n; i++) o[i] = a[sa + i]! * b[sb + i]!;
  },
  vs(o, a, sa, s, n) {
    for (let i = 0; i < n; i++) o[i] = a[sa + i]! * s;
  },
  sv(o, s, b, sb, n) {
    for (let i = 0; i < n; i++) o[i] = s * b[sb + i]!;
  },
  st(o, k, ok, a, pa, a0, a1, b, pb, b0, b1, rows, cols) {
    for (let r = 0; r < rows; r++, k += ok, pa += a0, pb += b0) {
      for (let j = 0, io = k, ia = pa, ib = pb; j < cols; j++, ia += a1, ib += b1) o[io++] = a[ia]! * b[ib]!;
    }
  },
};

export const divLoops: BinaryLoops = {
  vv(o, a, sa, b, sb, n) {
    for (let i = 0; i < n; i++) o[i] = a[sa + i]! / b[sb + i]!;
  },
  vs(o, a, sa, s, n) {
    for (let i = 0; i < n; i++) o[i] = a[sa + i]! / s;
  },
  sv(o, s, b, sb, n) {
    for (let i = 0; i < n; i++) o[i] = s / b[sb + i]!;
  },
  st(o, k, ok, a, pa, a0, a1, b, pb, b0, b1, rows, cols) {
    for (let r = 0; r < rows; r++, k += ok, pa += a0, pb += b0) {
      for (let j = 0, io = k, ia = pa, ib = pb; j < cols; j++, ia += a1, ib += b1) o[io++] = a[ia]! / b[ib]!;
    }
  },
};

export const powLoops: BinaryLoops = {
  vv(o, a, sa, b, sb, n) {
    // biome-ignore lint/style/useExponentiationOperator: Math.pow, exactly as the generic path calls it
    for (let i = 0; i < n; i++) o[i] = Math.pow(a[sa + i]!, b[sb + i]!);
  },
  vs(o, a, sa, s, n) {
    // biome-ignore lint/style/useExponentiationOperator: Math.pow, exactly as the generic path calls it
    for (let i = 0; i < n; i++) o[i] = Math.pow(a[sa + i]!, s);
  },
  sv(o, s, b, sb, n) {
    // biome-ignore lint/style/useExponentiationOperator: Math.pow, exactly as the generic path calls it
    for (let i = 0; i < n; i++) o[i] = Math.pow(s, b[sb + i]!);
  },
  st(o, k, ok, a, pa, a0, a1, b, pb, b0, b1, rows, cols) {
    for (let r = 0; r < rows; r++, k += ok, pa += a0, pb += b0) {
      // biome-ignore lint/style/useExponentiationOperator: Math.pow, exactly as the generic path calls it
      for (let j = 0, io = k, ia = pa, ib = pb; j < cols; j++, ia += a1, ib += b1) o[io++] = Math.pow(a[ia]!, b[ib]!);
    }
  },
};

export const maximumLoops: BinaryLoops = {
  vv(o, a, sa, b, sb, n) {
    for (let i = 0; i < n; i++) o[i] = Math.max(a[sa + i]!, b[sb + i]!);
  },
  vs(o, a, sa, s, n) {
    for (let i = 0; i < n; i++) o[i] = Math.max(a[sa + i]!, s);
  },
  sv(o, s, b, sb, n) {
    for (let i = 0; i < n; i++) o[i] = Math.max(s, b[sb + i]!);
  },
  st(o, k, ok, a, pa, a0, a1, b, pb, b0, b1, rows, cols) {
    for (let r = 0; r < rows; r++, k += ok, pa += a0, pb += b0) {
      for (let j = 0, io = k, ia = pa, ib = pb; j < cols; j++, ia += a1, ib += b1) o[io++] = Math.max(a[ia]!, b[ib]!);
    }
  },
};

export const minimumLoops: BinaryLoops = {
  vv(o, a, sa, b, sb, n) {
    for (let i = 0; i < n; i++) o[i] = Math.min(a[sa + i]!, b[sb + i]!);
  },
  vs(o, a, sa, s, n) {
    for (let i = 0; i < n; i++) o[i] = Math.min(a[sa + i]!, s);
  },
  sv(o, s, b, sb, n) {
    for (let i = 0; i < n; i++) o[i] = Math.min(s, b[sb + i]!);
  },
  st(o, k, ok, a, pa, a0, a1, b, pb, b0, b1, rows, cols) {
    for (let r = 0; r < rows; r++, k += ok, pa += a0, pb += b0) {
      for (let j = 0, io = k, ia = pa, ib = pb; j < cols; j++, ia += a1, ib += b1) o[io++] = Math.min(a[ia]!, b[ib]!);
    }
  },
};

export const equalLoops: BinaryLoops = {
  vv(o, a, sa, b, sb, n) {
    for (let i = 0; i < n; i++) o[i] = +(a[sa + i]! === b[sb + i]!);
  },
  vs(o, a, sa, s, n) {
    for (let i = 0; i < n; i++) o[i] = +(a[sa + i]! === s);
  },
  sv(o, s, b, sb, n) {
    for (let i = 0; i < n; i++) o[i] = +(s === b[sb + i]!);
  },
  st(o, k, ok, a, pa, a0, a1, b, pb, b0, b1, rows, cols) {
    for (let r = 0; r < rows; r++, k += ok, pa += a0, pb += b0) {
      for (let j = 0, io = k, ia = pa, ib = pb; j < cols; j++, ia += a1, ib += b1) o[io++] = +(a[ia]! === b[ib]!);
    }
  },
};

export const notEqualLoops: BinaryLoops = {
  vv(o, a, sa, b, sb, n) {
    for (let i = 0; i < n; i++) o[i] = +(a[sa + i]! !== b[sb + i]!);
  },
  vs(o, a, sa, s, n) {
    for (let i = 0; i < n; i++) o[i] = +(a[sa + i]! !== s);
  },
  sv(o, s, b, sb, n) {
    for (let i = 0; i < n; i++) o[i] = +(s !== b[sb + i]!);
  },
  st(o, k, ok, a, pa, a0, a1, b, pb, b0, b1, rows, cols) {
    for (let r = 0; r < rows; r++, k += ok, pa += a0, pb += b0) {
      for (let j = 0, io = k, ia = pa, ib = pb; j < cols; j++, ia += a1, ib += b1) o[io++] = +(a[ia]! !== b[ib]!);
    }
  },
};

export const lessLoops: BinaryLoops = {
  vv(o, a, sa, b, sb, n) {
    for (let i = 0; i < n; i++) o[i] = +(a[sa + i]! < b[sb + i]!);
  },
  vs(o, a, sa, s, n) {
    for (let i = 0; i < n; i++) o[i] = +(a[sa + i]! < s);
  },
  sv(o, s, b, sb, n) {
    for (let i = 0; i < n; i++) o[i] = +(s < b[sb + i]!);
  },
  st(o, k, ok, a, pa, a0, a1, b, pb, b0, b1, rows, cols) {
    for (let r = 0; r < rows; r++, k += ok, pa += a0, pb += b0) {
      for (let j = 0, io = k, ia = pa, ib = pb; j < cols; j++, ia += a1, ib += b1) o[io++] = +(a[ia]! < b[ib]!);
    }
  },
};

export const lessEqualLoops: BinaryLoops = {
  vv(o, a, sa, b, sb, n) {
    for (let i = 0; i < n; i++) o[i] = +(a[sa + i]! <= b[sb + i]!);
  },
  vs(o, a, sa, s, n) {
    for (let i = 0; i < n; i++) o[i] = +(a[sa + i]! <= s);
  },
  sv(o, s, b, sb, n) {
    for (let i = 0; i < n; i++) o[i] = +(s <= b[sb + i]!);
  },
  st(o, k, ok, a, pa, a0, a1, b, pb, b0, b1, rows, cols) {
    for (let r = 0; r < rows; r++, k += ok, pa += a0, pb += b0) {
      for (let j = 0, io = k, ia = pa, ib = pb; j < cols; j++, ia += a1, ib += b1) o[io++] = +(a[ia]! <= b[ib]!);
    }
  },
};

export const greaterLoops: BinaryLoops = {
  vv(o, a, sa, b, sb, n) {
    for (let i = 0; i < n; i++) o[i] = +(a[sa + i]! > b[sb + i]!);
  },
  vs(o, a, sa, s, n) {
    for (let i = 0; i < n; i++) o[i] = +(a[sa + i]! > s);
  },
  sv(o, s, b, sb, n) {
    for (let i = 0; i < n; i++) o[i] = +(s > b[sb + i]!);
  },
  st(o, k, ok, a, pa, a0, a1, b, pb, b0, b1, rows, cols) {
    for (let r = 0; r < rows; r++, k += ok, pa += a0, pb += b0) {
      for (let j = 0, io = k, ia = pa, ib = pb; j < cols; j++, ia += a1, ib += b1) o[io++] = +(a[ia]! > b[ib]!);
    }
  },
};

export const greaterEqualLoops: BinaryLoops = {
  vv(o, a, sa, b, sb, n) {
    for (let i = 0; i < n; i++) o[i] = +(a[sa + i]! >= b[sb + i]!);
  },
  vs(o, a, sa, s, n) {
    for (let i = 0; i < n; i++) o[i] = +(a[sa + i]! >= s);
  },
  sv(o, s, b, sb, n) {
    for (let i = 0; i < n; i++) o[i] = +(s >= b[sb + i]!);
  },
  st(o, k, ok, a, pa, a0, a1, b, pb, b0, b1, rows, cols) {
    for (let r = 0; r < rows; r++, k += ok, pa += a0, pb += b0) {
      for (let j = 0, io = k, ia = pa, ib = pb; j < cols; j++, ia += a1, ib += b1) o[io++] = +(a[ia]! >= b[ib]!);
    }
  },
};

export const negLoops: UnaryLoops = {
  v(o, a, sa, n) {
    for (let i = 0; i < n; i++) o[i] = -a[sa + i]!;
  },
  st(o, k, ok, a, pa, a0, a1, rows, cols) {
    for (let r = 0; r < rows; r++, k += ok, pa += a0) {
      for (let j = 0, io = k, ia = pa; j < cols; j++, ia += a1) o[io++] = -a[ia]!;
    }
  },
};

export const absLoops: UnaryLoops = {
  v(o, a, sa, n) {
    for (let i = 0; i < n; i++) o[i] = Math.abs(a[sa + i]!);
  },
  st(o, k, ok, a, pa, a0, a1, rows, cols) {
    for (let r = 0; r < rows; r++, k += ok, pa += a0) {
      for (let j = 0, io = k, ia = pa; j < cols; j++, ia += a1) o[io++] = Math.abs(a[ia]!);
    }
  },
};

export const expLoops: UnaryLoops = {
  v(o, a, sa, n) {
    for (let i = 0; i < n; i++) o[i] = portableExp(a[sa + i]!);
  },
  st(o, k, ok, a, pa, a0, a1, rows, cols) {
    for (let r = 0; r < rows; r++, k += ok, pa += a0) {
      for (let j = 0, io = k, ia = pa; j < cols; j++, ia += a1) o[io++] = portableExp(a[ia]!);
    }
  },
};

export const logLoops: UnaryLoops = {
  v(o, a, sa, n) {
    for (let i = 0; i < n; i++) o[i] = portableLog(a[sa + i]!);
  },
  st(o, k, ok, a, pa, a0, a1, rows, cols) {
    for (let r = 0; r < rows; r++, k += ok, pa += a0) {
      for (let j = 0, io = k, ia = pa; j < cols; j++, ia += a1) o[io++] = portableLog(a[ia]!);
    }
  },
};

export const sqrtLoops: UnaryLoops = {
  v(o, a, sa, n) {
    for (let i = 0; i < n; i++) o[i] = Math.sqrt(a[sa + i]!);
  },
  st(o, k, ok, a, pa, a0, a1, rows, cols) {
    for (let r = 0; r < rows; r++, k += ok, pa += a0) {
      for (let j = 0, io = k, ia = pa; j < cols; j++, ia += a1) o[io++] = Math.sqrt(a[ia]!);
    }
  },
};

export const squareLoops: UnaryLoops = {
  v(o, a, sa, n) {
    for (let i = 0; i < n; i++) o[i] = a[sa + i]! * a[sa + i]!;
  },
  st(o, k, ok, a, pa, a0, a1, rows, cols) {
    for (let r = 0; r < rows; r++, k += ok, pa += a0) {
      for (let j = 0, io = k, ia = pa; j < cols; j++, ia += a1) o[io++] = a[ia]! * a[ia]!;
    }
  },
};

export const reciprocalLoops: UnaryLoops = {
  v(o, a, sa, n) {
    for (let i = 0; i < n; i++) o[i] = 1 / a[sa + i]!;
  },
  st(o, k, ok, a, pa, a0, a1, rows, cols) {
    for (let r = 0; r < rows; r++, k += ok, pa += a0) {
      for (let j = 0, io = k, ia = pa; j < cols; j++, ia += a1) o[io++] = 1 / a[ia]!;
    }
  },
};

/**
 * `where` picks through a two-slot scratch buffer, `pick[+(c !== 0)]`, instead of a conditional:
 * V8 compiles the conditional to a branch, which mispredicts on mixed conditions (2.3× slower on
 * a random mask). A Float64Array slot holds any double (float32 inputs exactly), so the picked
 * value is bit-identical; the result buffer then rounds it as the generic path's store does.
 */
const pick = new Float64Array(2);

/** `where` with every operand flat: o[i] = c[sc + i] !== 0 ? a[sa + i] : b[sb + i] (a NaN condition picks a). */
export function whereFlat(
  o: Buffer,
  c: Buffer,
  sc: number,
  a: Buffer,
  sa: number,
  b: Buffer,
  sb: number,
  n: number,
): void {
  const p = pick;
  for (let i = 0; i < n; i++) {
    p[0] = b[sb + i]!;
    p[1] = a[sa + i]!;
    o[i] = p[+(c[sc + i]! !== 0)]!;
  }
}

/** `where` on a rows × cols block, strides and `ok` as in BinaryLoops.st (a broadcast scalar has strides 0). */
export function whereStrided(
  o: Buffer,
  k: number,
  ok: number,
  c: Buffer,
  pc: number,
  c0: number,
  c1: number,
  a: Buffer,
  pa: number,
  a0: number,
  a1: number,
  b: Buffer,
  pb: number,
  b0: number,
  b1: number,
  rows: number,
  cols: number,
): void {
  const p = pick;
  for (let r = 0; r < rows; r++, k += ok, pc += c0, pa += a0, pb += b0) {
    for (let j = 0, io = k, ic = pc, ia = pa, ib = pb; j < cols; j++, ic += c1, ia += a1, ib += b1) {
      p[0] = b[ib]!;
      p[1] = a[ia]!;
      o[io++] = p[+(c[ic]! !== 0)]!;
    }
  }
}

/** A unary op given as a function on a strided block (for the ops without their own loops). */
export function mapStrided(
  o: Buffer,
  k: number,
  ok: number,
  a: Buffer,
  pa: number,
  a0: number,
  a1: number,
  rows: number,
  cols: number,
  f: (x: number) => number,
): void {
  for (let r = 0; r < rows; r++, k += ok, pa += a0) {
    for (let j = 0, io = k, ia = pa; j < cols; j++, ia += a1) o[io++] = f(a[ia]!);
  }
}
