import { type Tensor, describeValue, isTensor } from '@svd/tensor';
import { coordsOf, locate } from './coords.js';
import { GradcheckError } from './errors.js';

/**
 * A rule's forward called directly (not through the tape), normalised to a list of outputs plus
 * what it saved for its backward — `checkRule` needs both to call `spec.jvp` and `spec.backward`
 * with the same context the tape would give them.
 */
export function unpackForward(name: string, raw: unknown): { outputs: Tensor[]; saved: unknown } {
  let value = raw;
  let saved: unknown;
  if (typeof raw === 'object' && raw !== null && !isTensor(raw) && !Array.isArray(raw) && 'outputs' in raw) {
    value = (raw as { outputs: unknown }).outputs;
    saved = (raw as { saved?: unknown }).saved;
  }
  const list = Array.isArray(value) ? (value as unknown[]) : [value];
  list.forEach((o, i) => {
    if (!isTensor(o)) {
      throw new GradcheckError(
        'checkRule',
        `rule '${name}': forward output ${i} is ${describeValue(o)}, expected a Tensor`,
      );
    }
  });
  return { outputs: list as Tensor[], saved };
}

/**
 * Null when both lists are bit-identical (Object.is per coordinate: NaN equals NaN, 0 and −0
 * differ), else a sentence naming the first difference.
 */
export function firstDifference(a: readonly Tensor[], b: readonly Tensor[]): string | null {
  if (a.length !== b.length) return `the forward returned ${a.length} outputs, then ${b.length}`;
  for (let k = 0; k < a.length; k++) {
    const x = a[k]!;
    const y = b[k]!;
    if (x.dtype !== y.dtype || x.shape.length !== y.shape.length || x.shape.some((d, i) => d !== y.shape[i])) {
      return `output ${k} changed dtype or shape between two forward calls`;
    }
    const cx = coordsOf(x);
    const cy = coordsOf(y);
    for (let j = 0; j < cx.length; j++) {
      if (!Object.is(cx[j], cy[j])) {
        const at = locate(x.shape, x.dtype, j);
        return `output ${k} differs between two forward calls at [${at.index.join(', ')}]${at.part ? ` ${at.part}` : ''}: ${cx[j]} vs ${cy[j]}`;
      }
    }
  }
  return null;
}
