/**
 * Whether operations record themselves on the tape. A counter rather than a flag so that nested
 * `noGrad` / `enableGrad` scopes restore correctly even when a callback throws.
 */
let recording = true;

/**
 * Whether tape ops currently record themselves (false inside `noGrad`). Custom code can use it
 * to skip building pullback data that would never be used.
 *
 * @example
 * noGrad(() => isRecording()); // false
 */
export function isRecording(): boolean {
  return recording;
}

function withRecording<T>(value: boolean, fn: () => T): T {
  const saved = recording;
  recording = value;
  try {
    return fn();
  } finally {
    recording = saved;
  }
}

/**
 * Runs `fn` without recording: every result is a constant.
 *
 * @example
 * const y = noGrad(() => mul(x, x)); // y.requiresGrad === false
 */
export function noGrad<T>(fn: () => T): T {
  return withRecording(false, fn);
}

/**
 * Runs `fn` with recording switched on, even inside `noGrad` (used by backward passes that build
 * a graph for higher-order derivatives).
 *
 * @example
 * const y = noGrad(() => enableGrad(() => mul(x, x))); // y is tracked again
 */
export function enableGrad<T>(fn: () => T): T {
  return withRecording(true, fn);
}
