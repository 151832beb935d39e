/**
 * The portable elementary functions behind tensor exp/log (real and complex): accuracy against
 * correctly rounded mpmath values (tools/fixtures/generate_portable_math.py), the special values
 * IEEE/C99 specify, and that neither they nor the tensor ops call Math.exp/Math.log (whose last bit
 * differs between JavaScript engines) — so the bits are the same in every engine.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { exp, log, tensor, transpose } from '../src/index.js';
import { portableAtan2 } from '../src/portableAtan.js';
import { portableExp } from '../src/portableExp.js';
import { LN2_HI, LN2_LO, portableLog, portableLog1p } from '../src/portableLog.js';
import { portableCos, portableSin } from '../src/portableTrig.js';

type Pair = [number, number];
const fixture = JSON.parse(readFileSync(new URL('./fixtures/portable_math.json', import.meta.url), 'utf8')) as {
  exp: Pair[];
  log: Pair[];
  log1p: Pair[];
  sin: Pair[];
  cos: Pair[];
  atan2: [number, number, number][];
};

/** |got − want| in units of the last place of want (subnormals: 2^−1074). NaN if got is NaN. */
function ulps(got: number, want: number): number {
  if (got === want) return 0;
  const e = Math.max(Math.floor(Math.log2(Math.abs(want))), -1022);
  return Math.abs(got - want) / 2 ** (e - 52);
}

function worst(rows: readonly (readonly number[])[], f: (...a: number[]) => number): { ulps: number; at: number[] } {
  let w = { ulps: 0, at: [] as number[] };
  for (const row of rows) {
    const args = row.slice(0, -1);
    const u = ulps(f(...args), row[row.length - 1]!);
    if (!(u <= w.ulps)) w = { ulps: u, at: args };
  }
  return w;
}

const bits = (x: number) => {
  const v = new DataView(new ArrayBuffer(8));
  v.setFloat64(0, x);
  return v.getBigUint64(0);
};

describe('accuracy against correctly rounded values (mpmath)', () => {
  test.each([
    ['exp', fixture.exp, portableExp, 1],
    ['log', fixture.log, portableLog, 1],
    ['log1p', fixture.log1p, portableLog1p, 2],
    ['sin', fixture.sin, portableSin, 1],
    ['cos', fixture.cos, portableCos, 1],
    ['atan2', fixture.atan2, portableAtan2, 1],
  ] as const)('%s is within its bound in ulps at every fixture point', (_name, rows, f, bound) => {
    expect(rows.length).toBeGreaterThan(500);
    const w = worst(rows, f as (...a: number[]) => number);
    expect(w.ulps, `worst at ${w.at}`).toBeLessThanOrEqual(bound);
  });

  test('ln 2 is split as fdlibm does: LN2_HI with 32 significant bits, LN2_LO = ln 2 − LN2_HI rounded (the old low part was off by 2.3e-17)', () => {
    // LN2_HI has 32 significant bits, so k·LN2_HI is exact for the exponents that occur.
    expect(bits(LN2_HI) & 0xfffffn).toBe(0n);
    // ln 2 − LN2_HI, from mpmath: the nearest double is LN2_LO.
    expect(LN2_LO).toBe(1.9082149292705877e-10);
    expect(portableLog(2)).toBe(Math.LN2);
    // 1000·ln 2 = 693.14718055994530941… rounds to 693.1471805599454 (mpmath); the old split gave
    // 1000·LN2_HI + 1000·1.9082146973659064e-10 = 693.1471805599452, two ulps low.
    expect(ulps(portableLog(2 ** 1000), 693.1471805599454)).toBeLessThanOrEqual(1);
    expect(ulps(1000 * LN2_HI + 1000 * LN2_LO, 693.1471805599454)).toBe(0);
  });
});

describe('special values', () => {
  test('exp', () => {
    expect(portableExp(0)).toBe(1);
    expect(portableExp(-0)).toBe(1);
    expect(portableExp(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
    expect(portableExp(Number.NEGATIVE_INFINITY)).toBe(0);
    expect(portableExp(Number.NaN)).toBeNaN();
    // Overflow threshold ln(MAX_VALUE) = 709.782712893384: the largest finite result, then ∞.
    expect(portableExp(709.782712893384)).toBe(1.7976931348622732e308);
    expect(portableExp(709.7827128933841)).toBe(Number.POSITIVE_INFINITY);
    // Subnormal results, and the underflow threshold ln(2^−1075) ≈ −745.1332: the smallest subnormal, then 0.
    expect(portableExp(-740)).toBe(4.2e-322);
    expect(portableExp(-745.1332191019411)).toBe(5e-324);
    expect(portableExp(-745.1332191019412)).toBe(0);
    expect(portableExp(1e-300)).toBe(1);
    expect(portableExp(Math.LN2)).toBe(2);
  });

  test('log and log1p', () => {
    expect(portableLog(1)).toBe(0);
    expect(portableLog(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(portableLog(-0)).toBe(Number.NEGATIVE_INFINITY);
    expect(portableLog(-1)).toBeNaN();
    expect(portableLog(Number.NEGATIVE_INFINITY)).toBeNaN();
    expect(portableLog(Number.NaN)).toBeNaN();
    expect(portableLog(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
    expect(portableLog(5e-324)).toBe(-744.4400719213812); // smallest subnormal: ln 2^−1074
    expect(portableLog(2 ** -1022)).toBe(-708.3964185322641); // smallest normal
    expect(portableLog(Number.MAX_VALUE)).toBe(709.782712893384);
    expect(Object.is(portableLog1p(-0), -0)).toBe(true);
    expect(portableLog1p(1e-300)).toBe(1e-300);
    expect(portableLog1p(-1)).toBe(Number.NEGATIVE_INFINITY);
    expect(portableLog1p(-2)).toBeNaN();
    expect(portableLog1p(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
    expect(portableLog1p(Number.MAX_VALUE)).toBe(709.782712893384);
  });

  test('sin, cos, atan2 (C99 Annex F)', () => {
    expect(Object.is(portableSin(-0), -0)).toBe(true);
    expect(portableCos(0)).toBe(1);
    expect(portableSin(Number.POSITIVE_INFINITY)).toBeNaN();
    expect(portableCos(Number.NEGATIVE_INFINITY)).toBeNaN();
    expect(portableSin(Number.NaN)).toBeNaN();
    expect(portableSin(1e-300)).toBe(1e-300);
    const PI = Math.PI;
    const cases: [number, number, number][] = [
      [0, 1, 0],
      [-0, 1, -0],
      [0, -0, PI],
      [-0, -0, -PI],
      [0, -1, PI],
      [-0, -1, -PI],
      [1, 0, PI / 2],
      [-1, -0, -PI / 2],
      [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY, PI / 4],
      [Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY, (-3 * PI) / 4],
      [1, Number.NEGATIVE_INFINITY, PI],
      [-1, Number.POSITIVE_INFINITY, -0],
      [Number.POSITIVE_INFINITY, 1, PI / 2],
    ];
    for (const [y, x, want] of cases) expect(Object.is(portableAtan2(y, x), want), `atan2(${y}, ${x})`).toBe(true);
    expect(portableAtan2(Number.NaN, 1)).toBeNaN();
    expect(portableAtan2(1, Number.NaN)).toBeNaN();
  });
});

describe('no engine-dependent Math calls', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  test('tensor exp/log (real and complex, contiguous and strided) and the portable functions never call Math.exp/log/sin/cos/atan2', () => {
    const banned = ['exp', 'log', 'log1p', 'expm1', 'sin', 'cos', 'atan2', 'atan'] as const;
    for (const name of banned) {
      vi.spyOn(Math, name).mockImplementation(() => {
        throw new Error(`Math.${name} was called`);
      });
    }
    const xs = [-745, -3.5, -1, -1e-9, 0, 0.3, 1, 2.5, 700];
    const real = tensor(xs);
    const pos = tensor(xs.map((v) => Math.abs(v) + 0.25));
    const z = tensor(
      xs.map((v, i) => [v / 100, (i - 4) * 1.3]),
      { dtype: 'complex128' },
    );
    const strided = transpose(tensor([xs, xs]));
    const results = [exp(real), log(pos), exp(z), log(z), exp(strided), log(exp(strided))];
    for (const r of results) expect(r.size).toBeGreaterThan(0);
    for (const x of xs) {
      portableExp(x);
      portableLog(Math.abs(x));
      portableLog1p(x / 1000);
      portableSin(x);
      portableCos(x);
      portableAtan2(x, 1.5);
    }
  });

  test('tensor exp/log give exactly the portable functions’ bits (float64 and the float32 rounding of them)', () => {
    const xs = fixture.exp.map(([x]) => x).filter((x) => Math.abs(x) < 80);
    const e = exp(tensor(xs)).toTypedArray();
    expect(Array.from(e)).toEqual(xs.map(portableExp));
    const ys = fixture.log.map(([x]) => x);
    const l = log(tensor(ys)).toTypedArray();
    expect(Array.from(l)).toEqual(ys.map(portableLog));
    const e32 = exp(tensor(Float32Array.from(xs.slice(0, 50)))).toTypedArray();
    expect(Array.from(e32)).toEqual(Array.from(Float32Array.from(xs.slice(0, 50)), (x) => Math.fround(portableExp(x))));
  });

  test('complex exp/log are built from the portable parts', () => {
    const z = tensor(
      [
        [0.3, 2.1],
        [-1.5, -0.4],
        [0.99, 0.05],
        [3, 0],
      ],
      { dtype: 'complex128' },
    );
    const ez = exp(z).toTypedArray();
    const lz = log(z).toTypedArray();
    const zs: Pair[] = [
      [0.3, 2.1],
      [-1.5, -0.4],
      [0.99, 0.05],
      [3, 0],
    ];
    zs.forEach(([x, y], i) => {
      if (y === 0) expect(ez[2 * i]).toBe(portableExp(x));
      else {
        expect(ez[2 * i]).toBe(portableExp(x) * portableCos(y));
        expect(ez[2 * i + 1]).toBe(portableExp(x) * portableSin(y));
      }
      expect(lz[2 * i + 1]).toBe(portableAtan2(y, x));
      // |log z| real part within 1 ulp of the true ln|z| (mpmath-free check: exp of it gives |z| back closely).
      expect(Math.abs(portableExp(lz[2 * i]!) - Math.hypot(x, y))).toBeLessThan(4e-16 * Math.hypot(x, y));
    });
  });
});
