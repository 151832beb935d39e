import { DOMParser, type Element } from '@xmldom/xmldom';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chiHint, parseDemoArgs } from '../src/cli.js';
import { errorsSvg, exactHeatIsInfinite, observablesSvg } from '../src/isingFigures.js';
import type { IsingPoint } from '../src/isingSweep.js';
import { BETA_C, onsagerEnergy, onsagerLnZ, onsagerSpecificHeat } from '../src/onsager.js';
import { renderFigure } from '../src/plot/chart.js';
import { makeScale, paddedRange } from '../src/plot/scale.js';
import { svgTextContent } from '../src/plot/svgText.js';
import { linearTicks, logTicks } from '../src/plot/ticks.js';

/** The step between consecutive ticks is 1, 2 or 5 × 10^k, and every tick is an integer multiple of it. */
function expectRoundTicks(values: number[]): void {
  expect(values.length).toBeGreaterThanOrEqual(2);
  const step = values[1]! - values[0]!;
  const k = Math.floor(Math.log10(step) + 1e-9);
  const digit = Math.round(step / 10 ** k);
  expect([1, 2, 5]).toContain(digit);
  expect(Math.abs(step / 10 ** k - digit)).toBeLessThan(1e-9);
  const exactStep = Number(`${digit}e${k}`);
  for (const v of values) {
    const multiple = v / exactStep;
    expect(Math.abs(multiple - Math.round(multiple))).toBeLessThan(1e-9 * Math.max(1, Math.abs(multiple)));
  }
}

describe('linearTicks', () => {
  it('gives the round values a person would write', () => {
    expect(linearTicks(0.2865, 0.5635, 5).map((t) => t.label)).toEqual([
      '0.30',
      '0.35',
      '0.40',
      '0.45',
      '0.50',
      '0.55',
    ]);
    expect(linearTicks(-1.92, -0.63, 5).map((t) => t.value)).toEqual([-1.8, -1.6, -1.4, -1.2, -1, -0.8]);
    expect(linearTicks(-1.92, -0.63, 5)[0]!.label).toBe('\u22121.8');
    expect(linearTicks(0.05, 4.6, 5).map((t) => t.label)).toEqual(['1', '2', '3', '4']);
    expect(linearTicks(-3, 3, 6).map((t) => t.label)).toEqual(['\u22123', '\u22122', '\u22121', '0', '1', '2', '3']);
    expect(linearTicks(1200, 98_000, 4).map((t) => t.value)).toEqual([20_000, 40_000, 60_000, 80_000]);
  });

  it('returns round ticks inside the range, with labels that are exactly the values, for any range', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        fc.double({ min: 1e-6, max: 1e6, noNaN: true }),
        fc.integer({ min: 3, max: 8 }),
        (lo, span, target) => {
          // A range far narrower than its distance from 0 needs more digits than a double has: not an axis.
          fc.pre(span >= 1e-6 * Math.max(1, Math.abs(lo)));
          const hi = lo + span;
          const ticks = linearTicks(lo, hi, target);
          expectRoundTicks(ticks.map((t) => t.value));
          expect(ticks.length).toBeLessThanOrEqual(3 * target);
          for (const t of ticks) {
            expect(t.value).toBeGreaterThanOrEqual(lo - span * 1e-6);
            expect(t.value).toBeLessThanOrEqual(hi + span * 1e-6);
            expect(Number(t.label.replace('\u2212', '-'))).toBe(t.value);
            // No binary-fraction noise such as 0.30000000000000004.
            expect(t.label.replace(/^\u2212/, '').length).toBeLessThanOrEqual(9);
          }
        },
      ),
      { numRuns: 300, seed: 16 },
    );
  });

  it('refuses an empty or non-finite range', () => {
    expect(() => linearTicks(1, 1)).toThrow(/linearTicks: expected finite lo < hi, got lo = 1, hi = 1/);
    expect(() => linearTicks(0, Number.NaN)).toThrow(RangeError);
  });
});

describe('logTicks', () => {
  it('labels the powers of ten, and 2× and 5× them over short ranges', () => {
    expect(logTicks(2e-5, 5e-2).major.map((t) => t.label)).toEqual(['10⁻⁴', '10⁻³', '10⁻²']);
    expect(logTicks(2e-5, 5e-2).major.map((t) => t.value)).toEqual([1e-4, 1e-3, 1e-2]);
    expect(logTicks(2e-5, 5e-2).minor).toContain(3e-5);
    expect(logTicks(1.5e-3, 4e-2).major.map((t) => t.value)).toEqual([2e-3, 5e-3, 1e-2, 2e-2]);
    // 20 decades: every other power is labelled so labels never collide.
    const wide = logTicks(1e-15, 1e5).major.map((t) => t.value);
    expect(wide.length).toBeLessThanOrEqual(11);
    expect(wide.every((v) => Number.isInteger(Math.log10(v)))).toBe(true);
  });

  it('refuses a range that touches zero', () => {
    expect(() => logTicks(0, 1)).toThrow(/logTicks: expected 0 < lo < hi < ∞, got lo = 0, hi = 1/);
  });
});

describe('paddedRange and makeScale', () => {
  it('puts every usable value strictly inside, with the padding asked for', () => {
    expect(paddedRange([0, 10, Number.NaN], 'linear', 0.05)).toEqual([-0.5, 10.5]);
    const [lo, hi] = paddedRange([1e-4, 1e-2, 0, -3], 'log', 0.05);
    expect(Math.log10(lo)).toBeCloseTo(-4.1, 12);
    expect(Math.log10(hi)).toBeCloseTo(-1.9, 12);
    // A single value gets a span of its own size (±10%), then the padding.
    const [a, b] = paddedRange([2], 'linear', 0.05);
    expect(a).toBeCloseTo(1.78, 14);
    expect(b).toBeCloseTo(2.22, 14);
    expect(() => paddedRange([Number.NaN], 'linear')).toThrow(/no finite value/);
  });

  it('maps the range ends onto the pixel ends (y upward)', () => {
    const y = makeScale('log', [1e-4, 1e-1], [300, 60]);
    expect(y.map(1e-4)).toBe(300);
    expect(y.map(1e-1)).toBeCloseTo(60, 10);
    expect(y.map(1e-2)).toBeCloseTo(140, 10);
  });
});

describe('svgTextContent', () => {
  it('escapes XML and turns _{…} into a lowered subscript whose baseline is restored', () => {
    expect(svgTextContent('a < b & c', 10)).toBe('a &lt; b &amp; c');
    expect(svgTextContent('|E_{TRG} − E_{exact}|/N', 10)).toBe(
      '|E<tspan dy="3.0" font-size="7.5">TRG</tspan><tspan dy="-3.0"> − E</tspan>' +
        '<tspan dy="3.0" font-size="7.5">exact</tspan><tspan dy="-3.0">|/N</tspan>',
    );
  });
});

/** A parsed SVG; any well-formedness error throws. */
function parseSvg(svg: string): Element {
  const doc = new DOMParser({
    onError: (level, message) => {
      throw new Error(`SVG is not well-formed XML (${level}): ${message}`);
    },
  }).parseFromString(svg, 'image/svg+xml');
  const root = doc.documentElement!;
  expect(root.tagName).toBe('svg');
  expect(root.getAttribute('xmlns')).toBe('http://www.w3.org/2000/svg');
  return root;
}

const all = (el: Element, tag: string): Element[] => Array.from(el.getElementsByTagName(tag));
const num = (el: Element, attr: string) => Number(el.getAttribute(attr));

/** Every point of every data path and marker lies inside its panel's frame. Returns how many points were checked. */
function expectInsideFrames(root: Element): number {
  let checked = 0;
  for (const panel of all(root, 'g').filter((g) => g.getAttribute('class') === 'panel')) {
    const frame = all(panel, 'rect').find((r) => r.getAttribute('class') === 'frame')!;
    const [x0, y0] = [num(frame, 'x'), num(frame, 'y')];
    const [x1, y1] = [x0 + num(frame, 'width'), y0 + num(frame, 'height')];
    const inside = (x: number, y: number, what: string) => {
      expect(Number.isFinite(x) && Number.isFinite(y), what).toBe(true);
      expect(x >= x0 && x <= x1 && y >= y0 && y <= y1, `${what} (${x}, ${y}) outside [${x0},${x1}]×[${y0},${y1}]`).toBe(
        true,
      );
      checked++;
    };
    for (const p of all(panel, 'path').filter((e) => e.getAttribute('class')?.startsWith('data'))) {
      const d = p.getAttribute('d')!;
      // Data paths are built from M/L/Z only, so every number pair is a point.
      expect(d).toMatch(/^[ML\d.,\s\-Z]+$/);
      for (const m of d.matchAll(/[ML](-?[\d.]+),(-?[\d.]+)/g))
        inside(Number(m[1]), Number(m[2]), `path point in ${d.slice(0, 30)}`);
    }
    for (const c of all(panel, 'circle').filter((e) => e.getAttribute('class')?.startsWith('data'))) {
      const r = num(c, 'r');
      inside(num(c, 'cx') - r, num(c, 'cy') - r, 'marker corner');
      inside(num(c, 'cx') + r, num(c, 'cy') + r, 'marker corner');
    }
  }
  return checked;
}

/** A TRG-like point: the exact values plus an error that shrinks with χ, as real TRG's roughly does. */
function fakePoint(beta: number, chi: number): IsingPoint {
  const err = 0.3 / chi ** 3 / (Math.abs(beta - BETA_C) + 0.01);
  return {
    beta,
    lnZ: onsagerLnZ(beta),
    energy: onsagerEnergy(beta) + err,
    specificHeat: Math.min(onsagerSpecificHeat(beta), 3) - err,
    exactLnZ: onsagerLnZ(beta),
    exactEnergy: onsagerEnergy(beta),
    exactSpecificHeat: onsagerSpecificHeat(beta),
    seconds: 0,
  };
}

describe('the Ising figures', () => {
  const betas = [0.3, 0.4, 0.43, BETA_C, 0.45, 0.5, 0.55];
  const runs = [4, 8, 16].map((chi) => ({ chi, points: betas.map((b) => fakePoint(b, chi)) }));

  it('are well-formed SVG with every curve point and marker inside the frames', () => {
    for (const svg of [observablesSvg(runs, betas, 20), errorsSvg(runs, betas, 20)]) {
      const root = parseSvg(svg);
      // 3 χ series of 7 markers in each of 2 panels, at least (plus the exact curves' points).
      expect(expectInsideFrames(root)).toBeGreaterThanOrEqual(2 * 3 * 7 * 2);
    }
  });

  it('have axis labels with units and a legend entry per χ, the exact solution and β_c', () => {
    const text = (svg: string) => all(parseSvg(svg), 'text').map((t) => t.textContent);
    const main = text(observablesSvg(runs, betas, 20));
    expect(main).toContain('energy per site E/N  (J)');
    expect(main).toContain('specific heat C/N  (kB)');
    expect(main).toContain('inverse temperature β  (1/J)');
    expect(main).toContain('Onsager, exact (N → ∞)');
    for (const chi of [4, 8, 16]) expect(main).toContain(`TRG χ = ${chi}`);
    expect(main).toContain('βc = ½ ln(1 + √2)');
    expect(main).toContain('0.45');
    const errors = text(errorsSvg(runs, betas, 20));
    expect(errors).toContain('|ETRG − Eexact|/N  (J)');
    expect(errors).toContain('|CTRG − Cexact|/N  (kB)');
    expect(errors.some((t) => /^10[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+$/.test(t ?? ''))).toBe(true);
  });

  it('leave C out where the exact C/N is infinite, and draw an empty frame while no point has arrived', () => {
    const root = parseSvg(errorsSvg(runs, betas, 20));
    const cPanel = all(root, 'g').filter((g) => g.getAttribute('class') === 'panel')[1]!;
    const markers =
      all(cPanel, 'circle').length +
      all(cPanel, 'path').filter((p) => p.getAttribute('class') === 'data marker').length;
    expect(markers).toBe(3 * (betas.length - 1));
    expect(exactHeatIsInfinite(BETA_C)).toBe(true);
    expect(exactHeatIsInfinite(0.4406868)).toBe(false); // 6.5e-9 above β_c: C/N = 8.6120 (trg.md)
    const empty = parseSvg(errorsSvg([{ chi: 8, points: [] }], betas, 20));
    expect(all(empty, 'text').filter((t) => t.textContent === 'waiting for results…')).toHaveLength(2);
    expect(expectInsideFrames(empty)).toBe(0);
  });

  it('keeps a single-series figure with an odd range inside the frame', () => {
    const svg = renderFigure({
      title: 'a < b',
      xLabel: 'x',
      panels: [
        {
          yLabel: 'y',
          yScale: 'linear',
          series: [
            {
              label: 's',
              color: 'red',
              points: [
                [-7, 1e9],
                [3, 1e9],
              ],
              marker: 'diamond',
              line: { width: 1 },
            },
          ],
        },
      ],
    });
    expect(expectInsideFrames(parseSvg(svg))).toBe(4 * 2 + 2);
  });
});

describe('the command line', () => {
  it('runs one series per χ, ascending and without repeats', () => {
    expect(parseDemoArgs(['--chi', '16,8,8']).chis).toEqual([8, 16]);
    expect(parseDemoArgs(['--', '--chi', '8']).chis).toEqual([8]);
    expect(parseDemoArgs([]).chis).toEqual([4, 8]);
    expect(parseDemoArgs(['--out', 'x/y.svg']).out).toBe('x/y');
    expect(() => parseDemoArgs(['--chi', '8,x'])).toThrow(
      "demo: --chi expects positive integers separated by commas, got '8,x'",
    );
    expect(() => parseDemoArgs(['--betas', '0.4,-1'])).toThrow(/--betas expects positive numbers/);
  });

  it('suggests χ = 16 only to a run that did not use it', () => {
    expect(chiHint([4, 8])).toContain('--chi 4,8,16');
    expect(chiHint([8, 16])).not.toContain('--chi');
    expect(chiHint([16])).not.toMatch(/--chi\b.*16/);
    expect(chiHint([24])).not.toContain('--chi');
  });
});
