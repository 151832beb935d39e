import type { GradcheckReport, InputReport } from './types.js';

/** Four significant digits, no trailing zeros: enough to see how wrong, short enough to scan. */
export function fmtNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  return String(Number(x.toPrecision(4)));
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function fmtIndex(r: InputReport): string {
  if (r.worstOutput === null && r.worstIndex.length === 0 && r.worstPart === null) return 'random direction';
  let s = `[${r.worstIndex.join(', ')}]`;
  if (r.worstPart) s += ` ${r.worstPart}`;
  const o = r.worstOutput;
  if (o) s += ` → out ${o.output}[${o.index.join(', ')}]${o.part ? ` ${o.part}` : ''}`;
  return s;
}

/** Lays out rows as aligned columns separated by ' | ', with a dashed rule under the header. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((s, c) => s.padEnd(widths[c]!))
      .join(' | ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('-+-'), ...rows.map(line)].join('\n');
}

/**
 * A readable summary of a gradcheck report: one line of context, then a table with one row per
 * input (input, worst index, analytic, numeric, abs err, rel err, status). In full mode the worst
 * index names the perturbed input element and the output coordinate it was read from. `title`
 * prefixes the first line (null: no prefix, as in the thrown error, whose message is prefixed by
 * the operation already).
 *
 * @example
 * console.log(formatReport(gradcheck(f, [x])));
 */
export function formatReport(report: GradcheckReport, title: string | null = 'gradcheck'): string {
  const failed = report.inputs.filter((r) => !r.ok).length;
  const n = report.inputs.length;
  const verdict = report.ok ? `all ${plural(n, 'input')} passed` : `${failed} of ${plural(n, 'input')} failed`;
  const head =
    `${title ? `${title}: ` : ''}${verdict} ` +
    `(${report.mode} mode, atol ${report.atol.toExponential()}, rtol ${report.rtol.toExponential()}, ${plural(report.evaluations, 'evaluation')}, ${plural(report.pullbacks, 'pullback')})`;
  const rows = report.inputs.map((r) => [
    String(r.index),
    fmtIndex(r),
    fmtNumber(r.analytic),
    fmtNumber(r.numeric),
    fmtNumber(r.maxAbsError),
    fmtNumber(r.maxRelError),
    r.ok ? 'ok' : 'FAIL',
  ]);
  return `${head}\n${table(['input', 'worst index', 'analytic', 'numeric', 'abs err', 'rel err', 'status'], rows)}`;
}
