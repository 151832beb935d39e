/** Axis ranges from the data, with padding so no point or line sits on the frame, and the maps to pixels. */

export type ScaleKind = 'linear' | 'log';

export interface Scale {
  kind: ScaleKind;
  /** The axis range in data units (after padding). */
  lo: number;
  hi: number;
  /** Data value → pixel coordinate. */
  map: (v: number) => number;
}

/**
 * [min, max] of the usable values (finite; and > 0 on a log axis), widened by `pad` of the span on
 * each side (in log10 units on a log axis). A single value gets a span of its own size (or 1).
 */
export function paddedRange(values: Iterable<number>, kind: ScaleKind, pad = 0.05): [number, number] {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const raw of values) {
    if (!Number.isFinite(raw) || (kind === 'log' && raw <= 0)) continue;
    const v = kind === 'log' ? Math.log10(raw) : raw;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min > max) throw new RangeError(`paddedRange: no ${kind === 'log' ? 'positive ' : ''}finite value to plot`);
  if (min === max) {
    const half = kind === 'log' ? 0.5 : Math.abs(min) * 0.1 || 1;
    min -= half;
    max += half;
  }
  const d = (max - min) * pad;
  return kind === 'log' ? [10 ** (min - d), 10 ** (max + d)] : [min - d, max + d];
}

/** A scale taking [lo, hi] onto pixels [p0, p1] (p1 < p0 for an upward y axis). */
export function makeScale(kind: ScaleKind, [lo, hi]: [number, number], [p0, p1]: [number, number]): Scale {
  const f = kind === 'log' ? Math.log10 : (v: number) => v;
  const a = f(lo);
  const b = f(hi);
  return { kind, lo, hi, map: (v: number) => p0 + ((f(v) - a) / (b - a)) * (p1 - p0) };
}
