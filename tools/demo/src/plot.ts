import { BETA_C, onsagerEnergy, onsagerSpecificHeat } from './onsager.js';
import type { IsingPoint } from './isingSweep.js';

/**
 * A self-contained SVG: energy and specific heat per site against β, Onsager's exact curves as
 * lines and the TRG values as points, with β_c marked.
 */
export function isingSvg(points: readonly IsingPoint[], chi: number): string {
  const W = 720;
  const H = 300;
  const pad = 48;
  const betas = points.map((p) => p.beta);
  const lo = Math.min(...betas) - 0.01;
  const hi = Math.max(...betas) + 0.01;
  const grid = Array.from({ length: 241 }, (_, i) => lo + ((hi - lo) * i) / 240);
  const panel = (title: string, exact: (b: number) => number, trg: (p: IsingPoint) => number, top: number) => {
    const ys = [...grid.map(exact), ...points.map(trg)].filter(Number.isFinite);
    const ymin = Math.min(...ys);
    const ymax = Math.max(...ys);
    const x = (b: number) => pad + ((b - lo) / (hi - lo)) * (W - 2 * pad);
    const y = (v: number) => top + H - pad - ((v - ymin) / (ymax - ymin || 1)) * (H - 2 * pad);
    const path = grid.map((b, i) => `${i === 0 ? 'M' : 'L'}${x(b).toFixed(1)},${y(exact(b)).toFixed(1)}`).join(' ');
    const dots = points
      .map((p) => `<circle cx="${x(p.beta).toFixed(1)}" cy="${y(trg(p)).toFixed(1)}" r="4" fill="#d62728"/>`)
      .join('');
    const ticks = [ymin, (ymin + ymax) / 2, ymax]
      .map((v) => `<text x="${pad - 6}" y="${y(v).toFixed(1)}" font-size="11" text-anchor="end">${v.toFixed(3)}</text>`)
      .join('');
    const bticks = [lo, BETA_C, hi]
      .map((b) => `<text x="${x(b).toFixed(1)}" y="${top + H - pad + 16}" font-size="11" text-anchor="middle">${b.toFixed(3)}</text>`)
      .join('');
    return `<g><text x="${W / 2}" y="${top + 18}" font-size="14" text-anchor="middle">${title}</text>
<rect x="${pad}" y="${top + pad}" width="${W - 2 * pad}" height="${H - 2 * pad}" fill="none" stroke="#999"/>
<line x1="${x(BETA_C)}" x2="${x(BETA_C)}" y1="${top + pad}" y2="${top + H - pad}" stroke="#bbb" stroke-dasharray="4 3"/>
<path d="${path}" fill="none" stroke="#1f77b4" stroke-width="2"/>${dots}${ticks}${bticks}</g>`;
  };
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${2 * H + 30}" font-family="sans-serif">
<rect width="100%" height="100%" fill="white"/>
${panel(`energy per site E/N (line: Onsager, dots: TRG χ=${chi})`, onsagerEnergy, (p) => p.energy, 0)}
${panel('specific heat per site C/N', onsagerSpecificHeat, (p) => p.specificHeat, H)}
<text x="${W / 2}" y="${2 * H + 20}" font-size="12" text-anchor="middle">β (dashed: β_c = ln(1+√2)/2)</text>
</svg>
`;
}
