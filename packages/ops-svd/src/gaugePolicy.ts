import { GaugeError } from './errors.js';

/** What to do when a loss depends on the arbitrary gauge of a decomposition. */
export type GaugeMode = 'off' | 'warn' | 'throw';

export type GaugeWarningHandler = (message: string, error: GaugeError) => void;

let handler: GaugeWarningHandler = (message) => {
  console.warn(message);
};

/**
 * Replaces where `gauge: 'warn'` reports go (default `console.warn`). Returns the previous handler
 * so tests and applications can restore it.
 *
 * @example
 * const warnings: string[] = [];
 * const previous = setGaugeWarningHandler((message) => warnings.push(message));
 * // ... run the computation ...
 * setGaugeWarningHandler(previous);
 */
export function setGaugeWarningHandler(h: GaugeWarningHandler): GaugeWarningHandler {
  const prev = handler;
  handler = h;
  return prev;
}

/** Reports a gauge violation according to `mode`. */
export function reportGauge(mode: GaugeMode, op: string, what: string, violation: number, tol: number): void {
  if (mode === 'off' || !(violation > tol)) return;
  const err = new GaugeError(
    op,
    `the loss depends on ${what} (relative size ${violation.toExponential(2)}, tolerance ${tol.toExponential(2)}), so its gradient is ill-defined; use a gauge-invariant loss (|U|, U·Vᴴ, projectors) or pass { gauge: 'off' }`,
    violation,
  );
  if (mode === 'throw') throw err;
  handler(err.message, err);
}
