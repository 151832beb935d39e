/**
 * A figure of panels stacked over a shared x axis, as one self-contained SVG string: frames,
 * round ticks with gridlines, axis labels, vertical reference lines and one legend. Axis ranges
 * come from the data with padding, so every point and line lies inside its frame; nothing is
 * clipped. Pure string building: the same code draws the Node demo's files and the live page.
 */
import { type Scale, type ScaleKind, makeScale, paddedRange } from './scale.js';
import { escapeXml, svgTextContent } from './svgText.js';
import { linearTicks, logTicks } from './ticks.js';

export type Marker = 'circle' | 'square' | 'triangle' | 'diamond';

export interface Series {
  /** Legend text; `_{…}` marks a subscript. Series with the same label share one legend entry. */
  label: string;
  color: string;
  /** [x, y] pairs in order of x; a non-finite y (or ≤ 0 on a log axis) breaks the line there. */
  points: ReadonlyArray<readonly [number, number]>;
  line?: { width: number; dash?: string };
  marker?: Marker;
}

export interface Panel {
  /** y-axis label with units, e.g. "E/N  (J)". */
  yLabel: string;
  yScale: ScaleKind;
  series: Series[];
}

export interface Figure {
  title: string;
  /** x-axis label with units. */
  xLabel: string;
  panels: Panel[];
  /** Vertical reference lines drawn across every panel, and listed in the legend. */
  vlines?: { x: number; label: string }[];
  /** x values the axis must cover even before the series reach them (a live figure's full range). */
  xDomain?: number[];
  /** A remark printed small under the x-axis label (what is left out, and why). */
  note?: string;
  width?: number;
  panelHeight?: number;
}

const FONT = 13;
const MARGIN = { left: 84, right: 236, top: 40, bottom: 52 };
const GAP = 56;
const MARKER_RADIUS = 4;
const REFERENCE_COLOR = '#555';
const REFERENCE_STROKE = `stroke="${REFERENCE_COLOR}" stroke-dasharray="5 4"`;

const px = (v: number) => v.toFixed(2);

/** A marker centred on (x, y): a <circle>, or a closed path of straight segments (M/L/Z only). */
function markerElement(kind: Marker, x: number, y: number, attrs: string, r = MARKER_RADIUS): string {
  const poly = (pts: [number, number][]) => {
    const d = pts.map(([dx, dy], i) => `${i ? 'L' : 'M'}${px(x + dx * r)},${px(y + dy * r)}`).join(' ');
    return `<path${attrs} d="${d} Z"/>`;
  };
  switch (kind) {
    case 'circle':
      return `<circle${attrs} cx="${px(x)}" cy="${px(y)}" r="${r}"/>`;
    case 'square':
      return poly([
        [-0.9, -0.9],
        [0.9, -0.9],
        [0.9, 0.9],
        [-0.9, 0.9],
      ]);
    case 'triangle':
      return poly([
        [0, -1.15],
        [1, 0.75],
        [-1, 0.75],
      ]);
    case 'diamond':
      return poly([
        [0, -1.25],
        [1, 0],
        [0, 1.25],
        [-1, 0],
      ]);
  }
}

const usable = (y: number, kind: ScaleKind) => Number.isFinite(y) && (kind === 'linear' || y > 0);

/** Polyline segments of a series, broken wherever a y is unusable. */
function linePath(s: Series, x: Scale, y: Scale): string {
  let d = '';
  let pen = false;
  for (const [bx, by] of s.points) {
    if (!usable(by, y.kind)) {
      pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${px(x.map(bx))},${px(y.map(by))} `;
    pen = true;
  }
  return d.trim();
}

function text(x: number, y: number, label: string, attrs = '', size = FONT): string {
  const at = `x="${px(x)}" y="${px(y)}" font-size="${size}"`;
  return `<text ${at} xml:space="preserve"${attrs}>${svgTextContent(label, size)}</text>`;
}

function yGrid(y: Scale, left: number, right: number): string {
  const out: string[] = [];
  const ticks = y.kind === 'log' ? logTicks(y.lo, y.hi) : { major: linearTicks(y.lo, y.hi, 5), minor: [] };
  for (const v of ticks.minor) {
    out.push(`<line x1="${px(left)}" x2="${px(right)}" y1="${px(y.map(v))}" y2="${px(y.map(v))}" stroke="#f3f3f3"/>`);
  }
  for (const t of ticks.major) {
    const py = y.map(t.value);
    out.push(`<line x1="${px(left)}" x2="${px(right)}" y1="${px(py)}" y2="${px(py)}" stroke="#dcdcdc"/>`);
    out.push(`<line x1="${px(left - 5)}" x2="${px(left)}" y1="${px(py)}" y2="${px(py)}" stroke="#333"/>`);
    out.push(text(left - 8, py + FONT * 0.35, t.label, ' text-anchor="end"', FONT - 1));
  }
  return out.join('\n');
}

function xGrid(x: Scale, top: number, bottom: number): string {
  const out: string[] = [];
  for (const t of linearTicks(x.lo, x.hi, 6)) {
    const p = x.map(t.value);
    out.push(`<line x1="${px(p)}" x2="${px(p)}" y1="${px(top)}" y2="${px(bottom)}" stroke="#dcdcdc"/>`);
    out.push(`<line x1="${px(p)}" x2="${px(p)}" y1="${px(bottom)}" y2="${px(bottom + 5)}" stroke="#333"/>`);
    out.push(text(p, bottom + 19, t.label, ' text-anchor="middle"', FONT - 1));
  }
  return out.join('\n');
}

function seriesMarks(s: Series, x: Scale, y: Scale): string {
  const out: string[] = [];
  if (s.line) {
    const dash = s.line.dash ? ` stroke-dasharray="${s.line.dash}"` : '';
    const d = linePath(s, x, y);
    if (d)
      out.push(`<path class="data" d="${d}" fill="none" stroke="${s.color}" stroke-width="${s.line.width}"${dash}/>`);
  }
  if (s.marker) {
    for (const [bx, by] of s.points) {
      if (!usable(by, y.kind)) continue;
      const attrs = ` class="data marker" fill="${s.color}" fill-opacity="0.85" stroke="white" stroke-width="0.8"`;
      out.push(markerElement(s.marker, x.map(bx), y.map(by), attrs));
    }
  }
  return out.join('\n');
}

function legendEntry(s: Series | { label: string; reference: true }, left: number, top: number): string {
  const mid = top + 6;
  const sample = `x1="${left}" x2="${left + 28}" y1="${mid}" y2="${mid}"`;
  const out: string[] = [];
  if ('reference' in s) {
    out.push(`<line ${sample} ${REFERENCE_STROKE}/>`);
  } else {
    if (s.line) {
      const dash = s.line.dash ? ` stroke-dasharray="${s.line.dash}"` : '';
      out.push(`<line ${sample} stroke="${s.color}" stroke-width="${s.line.width}"${dash}/>`);
    }
    if (s.marker)
      out.push(markerElement(s.marker, left + 14, mid, ` fill="${s.color}" stroke="white" stroke-width="0.8"`));
  }
  out.push(text(left + 36, mid + FONT * 0.35, s.label));
  return out.join('\n');
}

/** The figure as a standalone SVG document. */
export function renderFigure(fig: Figure): string {
  const width = fig.width ?? 800;
  const ph = fig.panelHeight ?? 250;
  const n = fig.panels.length;
  const height = MARGIN.top + n * ph + (n - 1) * GAP + MARGIN.bottom + (fig.note ? 20 : 0);
  const left = MARGIN.left;
  const right = width - MARGIN.right;
  const vlines = fig.vlines ?? [];

  const xs = fig.panels.flatMap((p) => p.series.flatMap((s) => s.points.map(([bx]) => bx)));
  const x = makeScale(
    'linear',
    paddedRange([...xs, ...vlines.map((v) => v.x), ...(fig.xDomain ?? [])], 'linear', 0.04),
    [left, right],
  );

  const body: string[] = [];
  fig.panels.forEach((panel, i) => {
    const top = MARGIN.top + i * (ph + GAP);
    const bottom = top + ph;
    const ys = panel.series.flatMap((s) => s.points.map(([, v]) => v)).filter((v) => usable(v, panel.yScale));
    body.push(`<g class="panel" data-index="${i}">`);
    const box = `x="${px(left)}" y="${px(top)}" width="${px(right - left)}" height="${px(ph)}"`;
    body.push(`<rect ${box} fill="white"/>`);
    body.push(xGrid(x, top, bottom));
    // A live figure may have nothing to show in a panel yet: keep the frame, say so.
    const y = ys.length > 0 ? makeScale(panel.yScale, paddedRange(ys, panel.yScale, 0.06), [bottom, top]) : null;
    if (y) body.push(yGrid(y, left, right));
    else
      body.push(
        text((left + right) / 2, (top + bottom) / 2, 'waiting for results…', ' text-anchor="middle" fill="#888"'),
      );
    for (const v of vlines) {
      const p = px(x.map(v.x));
      body.push(`<line x1="${p}" x2="${p}" y1="${px(top)}" y2="${px(bottom)}" ${REFERENCE_STROKE}/>`);
    }
    if (y) for (const s of panel.series) body.push(seriesMarks(s, x, y));
    body.push(`<rect class="frame" ${box} fill="none" stroke="#333"/>`);
    const cy = (top + bottom) / 2;
    body.push(text(22, cy, panel.yLabel, ` text-anchor="middle" transform="rotate(-90 22 ${px(cy)})"`));
    body.push('</g>');
  });
  const lastBottom = MARGIN.top + n * ph + (n - 1) * GAP;
  body.push(text((left + right) / 2, lastBottom + 42, fig.xLabel, ' text-anchor="middle"'));
  if (fig.note) body.push(text(left, lastBottom + 64, fig.note, ' fill="#555"', FONT - 2));

  // One legend for the figure, beside the first panel: each distinct label once, then the reference lines.
  const seen = new Set<string>();
  const entries: (Series | { label: string; reference: true })[] = [];
  for (const s of fig.panels.flatMap((p) => p.series)) {
    if (!seen.has(s.label)) entries.push(s);
    seen.add(s.label);
  }
  for (const v of vlines) entries.push({ label: v.label, reference: true });
  const lx = right + 18;
  body.push(`<g class="legend">`);
  entries.forEach((e, i) => {
    body.push(legendEntry(e, lx, MARGIN.top + 6 + i * 22));
  });
  body.push('</g>');

  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"`,
    ` font-family="'DejaVu Sans', 'Helvetica Neue', Arial, sans-serif">\n`,
    `<title>${escapeXml(fig.title.replace(/_\{([^}]*)\}/g, '$1'))}</title>\n`,
    `<rect width="${width}" height="${height}" fill="white"/>\n`,
    text(left, 24, fig.title, ' font-weight="bold"', FONT + 2),
    '\n',
    body.join('\n'),
    '\n</svg>\n',
  ].join('');
}
