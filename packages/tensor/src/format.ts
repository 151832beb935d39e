import { checkTensor } from './checkTensor.js';
import { isComplex } from './dtype.js';
import type { Tensor } from './Tensor.js';

/**
 * A NumPy-like printer. Example of the output:
 *
 *   tensor([[ 1. ,  2.5],
 *           [-3. ,  4. ]], shape=[2, 2], dtype=float64)
 *
 * Rules (close to numpy.array2string with its defaults):
 * - All shown entries share one notation. Scientific when the largest finite |x| is ≥ 1e8, the
 *   smallest nonzero one is < 1e-4, or their ratio exceeds 1e3; fixed otherwise.
 * - Fixed: at most `precision` (default 6) fractional digits, trailing zeros trimmed per entry,
 *   then padded with spaces to the widest fraction, so decimal points line up ("1. " / "2.5").
 *   Scientific: mantissas share the longest trimmed digit count (zero-padded), exponents have at
 *   least two digits ("1.5e-05").
 * - Columns are right-aligned to the widest entry; rows wrap at `lineWidth` (default 75).
 * - Complex entries print as re±imj ("1.+2.j"), real and imaginary parts formatted as two
 *   separate columns.
 * - More than `threshold` (default 1000) entries: each axis longer than 2·`edgeItems` shows its
 *   first and last `edgeItems` (default 3) entries around "...".
 * - The shape and dtype are always shown.
 */
export interface FormatOptions {
  precision?: number;
  threshold?: number;
  edgeItems?: number;
  lineWidth?: number;
}

type Fmt = (x: number) => string;

/** Builds the shared formatter (notation, digits) for a group of values. */
function realFormatter(values: readonly number[], precision: number): { fmt: Fmt; width: number } {
  let maxAbs = 0;
  let minAbs = Infinity;
  for (const x of values) {
    const a = Math.abs(x);
    if (!Number.isFinite(a)) continue;
    if (a > maxAbs) maxAbs = a;
    if (a !== 0 && a < minAbs) minAbs = a;
  }
  const sci = maxAbs >= 1e8 || (minAbs !== Infinity && (minAbs < 1e-4 || maxAbs / minAbs > 1e3));
  const special = (x: number): string | null =>
    Number.isNaN(x) ? 'nan' : x === Infinity ? 'inf' : x === -Infinity ? '-inf' : null;
  const sign = (x: number): string => (x < 0 || Object.is(x, -0) ? '-' : '');
  let digits = 0;
  for (const x of values) {
    if (!Number.isFinite(x)) continue;
    const s = sci ? Math.abs(x).toExponential(precision).split('e')[0]! : Math.abs(x).toFixed(precision);
    const frac = (s.split('.')[1] ?? '').replace(/0+$/, '');
    digits = Math.max(digits, frac.length);
  }
  let fmt: Fmt;
  if (sci) {
    fmt = (x) => {
      const sp = special(x);
      if (sp !== null) return sp;
      const [m, e] = Math.abs(x).toExponential(digits).split('e') as [string, string];
      const mant = m.includes('.') ? m : `${m}.`;
      const exp = `${e[0]}${e.slice(1).padStart(2, '0')}`;
      return `${sign(x)}${mant}e${exp}`;
    };
  } else {
    fmt = (x) => {
      const sp = special(x);
      if (sp !== null) return sp;
      const s = Math.abs(x).toFixed(precision);
      const [int, frac = ''] = s.split('.') as [string, string?];
      const f = frac.replace(/0+$/, '');
      return `${sign(x)}${int}.${f.padEnd(digits, ' ')}`;
    };
  }
  let width = 0;
  for (const x of values) width = Math.max(width, fmt(x).length);
  return { fmt, width };
}

/** Indices shown along an axis of length `len`; -1 marks the "..." gap. */
function shownIndices(len: number, summarise: boolean, edge: number): number[] {
  if (!summarise || len <= 2 * edge) return [...Array(len).keys()];
  const head = [...Array(edge).keys()];
  const tail = head.map((i) => len - edge + i);
  return [...head, -1, ...tail];
}

/**
 * Formats a tensor as NumPy-like text (this is `Tensor.prototype.toString`).
 * @example
 * formatTensor(tensor([[1, 2.5], [-3, 4]]))
 * // tensor([[ 1. ,  2.5],
 * //         [-3. ,  4. ]], shape=[2, 2], dtype=float64)
 */
export function formatTensor(t: Tensor, opts: FormatOptions = {}): string {
  checkTensor('formatTensor', t);
  const precision = opts.precision ?? 6;
  const threshold = opts.threshold ?? 1000;
  const edge = opts.edgeItems ?? 3;
  const lineWidth = opts.lineWidth ?? 75;
  const prefix = 'tensor(';
  const suffix = `shape=[${t.shape.join(', ')}], dtype=${t.dtype})`;
  if (t.size === 0) return `${prefix}[], ${suffix}`;
  const flat = t.toTypedArray(false);
  const cplx = isComplex(t.dtype);
  const summarise = t.size > threshold;
  const shown = t.shape.map((d) => shownIndices(d, summarise, edge));
  const strides: number[] = [];
  let s = 1;
  for (let i = t.ndim - 1; i >= 0; i--) {
    strides[i] = s;
    s *= t.shape[i]!;
  }
  // Gather the shown entries' linear indices to size the columns over exactly what is printed.
  const linear: number[] = [];
  const gather = (axis: number, base: number): void => {
    if (axis === t.ndim) {
      linear.push(base);
      return;
    }
    for (const i of shown[axis]!) if (i >= 0) gather(axis + 1, base + i * strides[axis]!);
  };
  gather(0, 0);
  let entry: (k: number) => string;
  if (cplx) {
    const r = realFormatter(
      linear.map((k) => flat[2 * k]!),
      precision,
    );
    const im = realFormatter(
      linear.map((k) => Math.abs(flat[2 * k + 1]!)),
      precision,
    );
    entry = (k) => {
      const y = flat[2 * k + 1]!;
      const sgn = y < 0 || Object.is(y, -0) ? '-' : '+';
      // NumPy style: the imaginary part's alignment padding goes after the 'j' ("2.j  ").
      return `${r.fmt(flat[2 * k]!).padStart(r.width)}${sgn}${`${im.fmt(Math.abs(y)).trimEnd()}j`.padEnd(im.width + 1)}`;
    };
  } else {
    const f = realFormatter(
      linear.map((k) => flat[k]!),
      precision,
    );
    entry = (k) => f.fmt(flat[k]!).padStart(f.width);
  }
  if (t.ndim === 0) return `${prefix}${entry(0).trim()}, ${suffix}`;

  const render = (axis: number, base: number, indent: number): string => {
    const idx = shown[axis]!;
    if (axis === t.ndim - 1) {
      const lines: string[] = [];
      let line = '[';
      for (const [n, i] of idx.entries()) {
        const e = i < 0 ? '...' : entry(base + i * strides[axis]!);
        const piece = n < idx.length - 1 ? `${e},` : e;
        if (n > 0 && indent + line.length + 1 + piece.length > lineWidth) {
          lines.push(line);
          line = ` ${piece}`;
        } else line += n > 0 ? ` ${piece}` : piece;
      }
      lines.push(`${line}]`);
      return lines.join(`\n${' '.repeat(indent)}`);
    }
    const sep = `,${'\n'.repeat(t.ndim - 1 - axis)}${' '.repeat(indent + 1)}`;
    const parts = idx.map((i) => (i < 0 ? '...' : render(axis + 1, base + i * strides[axis]!, indent + 1)));
    return `[${parts.join(sep)}]`;
  };
  return `${prefix}${render(0, 0, prefix.length)}, ${suffix}`;
}
