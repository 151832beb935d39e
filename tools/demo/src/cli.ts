/** The demo's command line: options, their validation, and what to suggest next. */
import { parseArgs } from 'node:util';
import { BETA_C } from './onsager.js';

export interface DemoOptions {
  /** Bond dimensions, ascending, without repeats: one TRG series each. */
  chis: number[];
  steps: number;
  betas: number[];
  /** Output path without extension: `<out>.svg`, `<out>-errors.svg`, `<out>.html`. */
  out: string;
  /** Write the live page instead of computing here. */
  html: boolean;
}

export const DEFAULT_CHIS = [4, 8];
export const DEFAULT_BETAS = [0.3, 0.36, 0.4, 0.42, 0.43, 0.435, BETA_C, 0.445, 0.45, 0.46, 0.5, 0.55];

function positiveIntegers(option: string, text: string): number[] {
  const values = text.split(',').map((s) => Number(s.trim()));
  const bad = values.find((v) => !(Number.isInteger(v) && v >= 1));
  if (bad !== undefined || values.length === 0) {
    throw new Error(`demo: --${option} expects positive integers separated by commas, got '${text}'`);
  }
  return values;
}

/** Parses `pnpm demo` arguments (a literal `--` forwarded by `pnpm demo -- …` is ignored). */
export function parseDemoArgs(argv: readonly string[]): DemoOptions {
  const { values } = parseArgs({
    args: argv.filter((a) => a !== '--'),
    options: {
      chi: { type: 'string', default: DEFAULT_CHIS.join(',') },
      steps: { type: 'string', default: '20' },
      betas: { type: 'string' },
      out: { type: 'string', default: 'out/ising' },
      html: { type: 'boolean', default: false },
    },
  });
  const chis = [...new Set(positiveIntegers('chi', values.chi!))].sort((a, b) => a - b);
  const [steps] = positiveIntegers('steps', values.steps!);
  const betas = values.betas ? values.betas.split(',').map((s) => Number(s.trim())) : DEFAULT_BETAS;
  const badBeta = betas.find((b) => !(Number.isFinite(b) && b > 0));
  if (badBeta !== undefined) {
    throw new Error(`demo: --betas expects positive numbers separated by commas, got '${values.betas}'`);
  }
  return { chis, steps: steps!, betas, out: values.out!.replace(/\.(svg|html)$/, ''), html: values.html! };
}

/** The bond dimension worth trying next: 16 unless the run already reached it (cost grows as χ⁶). */
export function chiHint(chis: readonly number[]): string {
  const largest = Math.max(...chis);
  if (largest < 16) {
    const next = [...chis, 16].join(',');
    return `TRG at finite χ gives a finite peak that grows with χ (try --chi ${next}; χ = 16 takes about 10 s per β).`;
  }
  return `TRG at finite χ gives a finite peak that grows with χ (χ = ${largest} here; the cost grows as χ⁶).`;
}
