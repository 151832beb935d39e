import { GaugeError } from './errors.js';

/** What to do when a loss depends on the arbitrary gauge of a decomposition. */
export type GaugeMode = 'off' | 'warn' | 'throw';

export type GaugeWarningHandler = (message: string, error: GaugeError) => void;

/**
 * How sure a report is. 'depends': the cotangents show the loss changes under a change of gauge
 * (its gradient is ill-defined). 'may': the cotangents cannot tell (e.g. S̄ differs inside a
 * degenerate block — ⟨G, U·S·Vᴴ⟩ is gauge-invariant, yet its gradient there is not recoverable).
 */
export type GaugeCertainty = 'depends' | 'may';

let handler: GaugeWarningHandler = (message) => {
  console.warn(message);
};

interface Pending {
  count: number;
  /** "op: what" → how many reports of it. */
  kinds: Map<string, number>;
  worst: { op: string; what: string; certainty: GaugeCertainty; violation: number; tol: number };
  /** True while every pending report is a 'may'. */
  onlyMay: boolean;
}

let pending: Pending | null = null;

/**
 * Kind-sets of 'may' summaries already sent to the current handler. A 'may' report cannot be acted
 * on differently the second time (a TRG or an optimisation loop meets the same degenerate blocks on
 * every backward pass), so, like Python's default warnings filter, such a summary is sent once;
 * summaries with a 'depends' report are sent every time. Installing a handler starts a new history.
 */
const sentMayKinds = new Set<string>();

/**
 * Replaces where `gauge: 'warn'` reports go (default `console.warn`). Reports still pending (not yet
 * flushed) go to the previous handler first. Returns the previous handler so tests
 * and applications can restore it.
 *
 * @example
 * const warnings: string[] = [];
 * const previous = setGaugeWarningHandler((message) => warnings.push(message));
 * // ... run the computation ...
 * setGaugeWarningHandler(previous);
 */
export function setGaugeWarningHandler(h: GaugeWarningHandler): GaugeWarningHandler {
  flushGaugeWarnings();
  const prev = handler;
  handler = h;
  sentMayKinds.clear();
  return prev;
}

function sentence(certainty: GaugeCertainty, what: string): string {
  return certainty === 'depends'
    ? `the loss depends on ${what}, so its gradient is ill-defined`
    : `the loss may depend on ${what}: the cotangents cannot tell, and the gradient may be inexact`;
}

const ADVICE =
  "use a gauge-invariant loss that treats equal singular values alike (|U|, U·Vᴴ, projectors, Σf(sᵢ)) or pass { gauge: 'off' }";

/**
 * Sends the gauge reports collected since the last flush to the handler as ONE warning (count,
 * kinds, worst relative size, where). Reports are flushed automatically once the synchronous code
 * that made the first of them has finished (a queued microtask), so all backward passes run in one
 * synchronous stretch share one warning; call this to see them at once.
 *
 * @example
 * grad((a: Var) => sum(slice(svd(a)[0], null, 1)))(T.eye(3));
 * flushGaugeWarnings(); // the handler has now seen at most one aggregated warning
 */
export function flushGaugeWarnings(): void {
  const p = pending;
  pending = null;
  if (!p) return;
  const w = p.worst;
  if (p.onlyMay) {
    const kindSet = [...p.kinds.keys()].sort().join('\n');
    if (sentMayKinds.has(kindSet)) return;
    sentMayKinds.add(kindSet);
  }
  const kinds = [...p.kinds].map(([k, n]) => `${k} (${n}×)`).join('; ');
  const message =
    `gauge check: ${p.count} report${p.count === 1 ? '' : 's'} since the last flush — ${kinds}. ` +
    `Worst: ${w.op}: ${sentence(w.certainty, w.what)} (relative size ${w.violation.toExponential(2)}, ` +
    `tolerance ${w.tol.toExponential(2)}); ${ADVICE}` +
    (p.onlyMay
      ? ' (a summary whose reports only "may depend" is shown once; later ones with the same kinds are not)'
      : '');
  const err = new GaugeError(w.op, message, w.violation);
  handler(err.message, err);
}

/**
 * Reports a gauge violation according to `mode`: 'throw' throws a GaugeError now; 'warn' adds it
 * to the pending summary (one warning per flush, see flushGaugeWarnings).
 */
export function reportGauge(
  mode: GaugeMode,
  op: string,
  what: string,
  violation: number,
  tol: number,
  certainty: GaugeCertainty = 'depends',
): void {
  if (mode === 'off' || !(violation > tol)) return;
  if (mode === 'throw') {
    const text = `${sentence(certainty, what)} (relative size ${violation.toExponential(2)}, tolerance ${tol.toExponential(2)}); ${ADVICE}`;
    throw new GaugeError(op, text, violation);
  }
  if (!pending) {
    pending = { count: 0, kinds: new Map(), worst: { op, what, certainty, violation, tol }, onlyMay: true };
    queueMicrotask(flushGaugeWarnings);
  }
  pending.count++;
  if (certainty === 'depends') pending.onlyMay = false;
  const key = `${op}: ${certainty === 'depends' ? 'depends on' : 'may depend on'} ${what}`;
  pending.kinds.set(key, (pending.kinds.get(key) ?? 0) + 1);
  if (violation / tol > pending.worst.violation / pending.worst.tol)
    pending.worst = { op, what, certainty, violation, tol };
}
