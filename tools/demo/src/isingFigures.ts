/**
 * The demo's two figures, shared by the Node run (written as .svg files) and the live page (drawn
 * as points arrive): E/N and C/N against β with Onsager's exact curves, and the TRG's absolute
 * errors on a log axis for every χ, so convergence in χ is visible.
 */
import type { IsingPoint } from './isingSweep.js';
import { BETA_C, onsagerEnergy, onsagerSpecificHeat } from './onsager.js';
import { type Marker, type Series, renderFigure } from './plot/chart.js';
import { superscript } from './plot/ticks.js';

/** The TRG results at one bond dimension (possibly still filling in). */
export interface ChiRun {
  chi: number;
  points: IsingPoint[];
}

const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b'];
const MARKERS: Marker[] = ['circle', 'square', 'triangle', 'diamond'];
const EXACT = '#111';

/**
 * Closer than this to β_c the exact C/N is not drawn: it diverges there (logarithmically), and a
 * grid point that happens to land within 1e-6 of β_c would set the axis by itself.
 */
const EXACT_CURVE_GAP = 1e-3;

const style = (i: number) => ({ color: COLORS[i % COLORS.length]!, marker: MARKERS[i % MARKERS.length]! });
const byBeta = (points: readonly IsingPoint[]) => [...points].sort((a, b) => a.beta - b.beta);

function exactCurves(betas: readonly number[]): { energy: Series; heat: Series } {
  const lo = Math.min(...betas);
  const hi = Math.max(...betas);
  const grid = Array.from({ length: 361 }, (_, i) => lo + ((hi - lo) * i) / 360);
  const energy: [number, number][] = grid.map((b) => [b, onsagerEnergy(b)]);
  const heat: [number, number][] = [];
  for (const b of grid) {
    if (Math.abs(b - BETA_C) < EXACT_CURVE_GAP) continue;
    // A NaN between the two sides breaks the line at the divergence.
    if (b > BETA_C && heat.length > 0 && heat[heat.length - 1]![0] < BETA_C) heat.push([BETA_C, Number.NaN]);
    heat.push([b, onsagerSpecificHeat(b)]);
  }
  const label = 'Onsager, exact (N → ∞)';
  return {
    energy: { label, color: EXACT, points: energy, line: { width: 1.6 } },
    heat: { label, color: EXACT, points: heat, line: { width: 1.6 } },
  };
}

const BETA_C_LINE = { x: BETA_C, label: 'β_{c} = ½ ln(1 + √2)' };
const X_LABEL = 'inverse temperature β  (1/J)';

/** Energy and specific heat per site against β: Onsager's curves and one marker series per χ. */
export function observablesSvg(runs: readonly ChiRun[], betas: readonly number[], steps: number): string {
  const exact = exactCurves(betas);
  const trg = (pick: (p: IsingPoint) => number) =>
    runs.map(
      (r, i): Series => ({
        label: `TRG χ = ${r.chi}`,
        ...style(i),
        points: byBeta(r.points).map((p) => [p.beta, pick(p)] as const),
      }),
    );
  return renderFigure({
    title: `2D Ising model: TRG on N = 2${superscript(steps)} sites against Onsager's exact solution`,
    xLabel: X_LABEL,
    panels: [
      { yLabel: 'energy per site E/N  (J)', yScale: 'linear', series: [exact.energy, ...trg((p) => p.energy)] },
      { yLabel: 'specific heat C/N  (k_{B})', yScale: 'linear', series: [exact.heat, ...trg((p) => p.specificHeat)] },
    ],
    vlines: [BETA_C_LINE],
    note: 'Exact C/N diverges logarithmically at β_{c}; TRG at finite χ gives a finite peak.',
  });
}

/** Closer than this to β_c the exact C/N (∝ −ln|1 − β/β_c|) is beyond what a comparison can mean. */
const INFINITE_C_GAP = 1e-9;

/** Whether β is β_c to double precision, where the exact C/N is infinite (its formula returns a large finite value). */
export function exactHeatIsInfinite(beta: number): boolean {
  return Math.abs(beta - BETA_C) < INFINITE_C_GAP;
}

/**
 * |E_TRG − E_exact| and |C_TRG − C_exact| against β on log axes, one series per χ. At β_c the exact
 * C/N is infinite, so C's error is left out there (and the line broken).
 */
export function errorsSvg(runs: readonly ChiRun[], betas: readonly number[], steps: number): string {
  const series = (pick: (p: IsingPoint) => number) =>
    runs.map(
      (r, i): Series => ({
        label: `TRG χ = ${r.chi}`,
        ...style(i),
        line: { width: 1.2 },
        points: byBeta(r.points).map((p) => [p.beta, pick(p)] as const),
      }),
    );
  const dE = series((p) => Math.abs(p.energy - p.exactEnergy));
  const dC = series((p) => (exactHeatIsInfinite(p.beta) ? Number.NaN : Math.abs(p.specificHeat - p.exactSpecificHeat)));
  return renderFigure({
    title: `Error of TRG against Onsager (N = 2${superscript(steps)} sites): convergence in χ`,
    xLabel: X_LABEL,
    panels: [
      { yLabel: '|E_{TRG} − E_{exact}|/N  (J)', yScale: 'log', series: dE },
      { yLabel: '|C_{TRG} − C_{exact}|/N  (k_{B})', yScale: 'log', series: dC },
    ],
    vlines: [BETA_C_LINE],
    note: 'At β_{c} the exact C/N is infinite, so no C error is shown there.',
    // The x range of the observables figure, also while points are still arriving.
    xDomain: [Math.min(...betas), Math.max(...betas)],
  });
}
