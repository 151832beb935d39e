/**
 * Tick values a reader can read: multiples of 1, 2 or 5 × 10^k on a linear axis, powers of ten
 * (and, over less than about two decades, 2× and 5× them) on a log axis. Values are rounded to the
 * step's decimal so a label never reads 0.30000000000000004.
 */

export interface Tick {
  value: number;
  label: string;
}

/** Round ticks covering [lo, hi] with roughly `target` intervals; only ticks inside the range are returned. */
export function linearTicks(lo: number, hi: number, target = 5): Tick[] {
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && hi > lo)) {
    throw new RangeError(`linearTicks: expected finite lo < hi, got lo = ${lo}, hi = ${hi}`);
  }
  const raw = (hi - lo) / Math.max(1, target);
  let exponent = Math.floor(Math.log10(raw));
  const normalised = raw / 10 ** exponent;
  // Thresholds at the geometric means of 1–2, 2–5 and 5–10, so the step is the nearest round one.
  let digit = normalised < Math.SQRT2 ? 1 : normalised < Math.sqrt(10) ? 2 : normalised < Math.sqrt(50) ? 5 : 10;
  if (digit === 10) {
    digit = 1;
    exponent += 1;
  }
  const decimals = Math.max(0, -exponent);
  // The step as a decimal string's value: 2 × 10^-2 is written 0.02, not 0.020000000000000004.
  const step = Number((digit * 10 ** exponent).toFixed(decimals));
  const ticks: Tick[] = [];
  // A relative slack so a tick that equals an end up to rounding is kept.
  const slack = step * 1e-9;
  for (let i = Math.ceil((lo - slack) / step); i * step <= hi + slack; i++) {
    const value = Number((i * step).toFixed(decimals));
    ticks.push({ value: Object.is(value, -0) ? 0 : value, label: formatFixed(value, decimals) });
  }
  return ticks;
}

function formatFixed(value: number, decimals: number): string {
  // U+2212 MINUS SIGN: a typographic minus lines up with the digits.
  const s = Math.abs(value).toFixed(decimals);
  return value < 0 && Number(s) !== 0 ? `\u2212${s}` : s;
}

const SUPERSCRIPT: Record<string, string> = {
  '-': '\u207b',
  '0': '\u2070',
  '1': '\u00b9',
  '2': '\u00b2',
  '3': '\u00b3',
  '4': '\u2074',
  '5': '\u2075',
  '6': '\u2076',
  '7': '\u2077',
  '8': '\u2078',
  '9': '\u2079',
};

/** An integer in superscript digits: 20 → "²⁰", −3 → "⁻³". */
export function superscript(k: number): string {
  return [...String(k)].map((c) => SUPERSCRIPT[c] ?? c).join('');
}

/** 10^k written as "10⁻³" (k an integer). */
export function powerOfTenLabel(k: number): string {
  return `10${superscript(k)}`;
}

export interface LogTicks {
  /** Labelled ticks with gridlines. */
  major: Tick[];
  /** Unlabelled ticks (2…9 × 10^k) for light gridlines. */
  minor: number[];
}

/** Ticks for a log axis over [lo, hi] (both > 0). */
export function logTicks(lo: number, hi: number): LogTicks {
  if (!(lo > 0 && Number.isFinite(hi) && hi > lo)) {
    throw new RangeError(`logTicks: expected 0 < lo < hi < ∞, got lo = ${lo}, hi = ${hi}`);
  }
  const kLo = Math.floor(Math.log10(lo));
  const kHi = Math.ceil(Math.log10(hi));
  const inside = (v: number) => v >= lo * (1 - 1e-12) && v <= hi * (1 + 1e-12);
  const decadesSpanned = Math.log10(hi / lo);
  // Over many decades label every n-th power so labels do not collide.
  const every = Math.max(1, Math.ceil((kHi - kLo) / 8));
  const major: Tick[] = [];
  const minor: number[] = [];
  for (let k = kLo; k <= kHi; k++) {
    const decade = Number(`1e${k}`);
    if (inside(decade) && k % every === 0) major.push({ value: decade, label: powerOfTenLabel(k) });
    else if (inside(decade)) minor.push(decade);
    for (let m = 2; m <= 9; m++) {
      const v = Number(`${m}e${k}`);
      if (!inside(v)) continue;
      if (decadesSpanned < 2 && (m === 2 || m === 5)) major.push({ value: v, label: `${m}×${powerOfTenLabel(k)}` });
      else minor.push(v);
    }
  }
  major.sort((a, b) => a.value - b.value);
  return { major, minor };
}
