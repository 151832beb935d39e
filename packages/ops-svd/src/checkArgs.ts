import * as T from '@svd/tensor';
import { isVar } from '@svd/tape';

/**
 * Argument and option checks shared by every ops-svd entry point, mirroring @svd/linalg's: a
 * wrong argument or a misspelled, ill-typed option is a ValueError (code 'VALUE') naming the
 * function, the argument or option, what was expected and what was received. ops-svd accepts
 * Tensors and tape Vars only — never nested arrays (wrap them with `tensor()`).
 */

/** What a user passed, for error messages (one wording across the packages). */
const describeValue = T.describeValue;

/** A matrix argument: a Tensor or a Var, nothing else. */
export function checkTensorOrVar<X>(op: string, name: string, x: X): X {
  if (T.isTensor(x) || isVar(x)) return x;
  const hint = Array.isArray(x) ? ' (wrap nested arrays with tensor())' : '';
  throw new T.ValueError(op, `${name} must be a Tensor or a tape Var, got ${describeValue(x)}${hint}`);
}

/** A Tensor, a Var or a number (a solve's right-hand side may be a scalar only where the tape allows it). */
export function checkInput<X>(op: string, name: string, x: X): X {
  if (typeof x === 'number') return x;
  return checkTensorOrVar(op, name, x);
}

/** Options: omitted or a plain object whose keys are all in `allowed`. */
export function checkOptionKeys(op: string, options: unknown, allowed: readonly string[]): void {
  if (options === undefined) return;
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new T.ValueError(op, `options must be an object, got ${describeValue(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) {
      const list = allowed.length > 0 ? allowed.join(', ') : 'none';
      throw new T.ValueError(op, `unknown option '${key}' (allowed: ${list})`);
    }
  }
}

export function checkBooleanOption(op: string, name: string, value: unknown): void {
  if (value === undefined || typeof value === 'boolean') return;
  throw new T.ValueError(op, `option ${name} must be a boolean, got ${describeValue(value)}`);
}

/** A finite number ≥ 0 (`positive`: > 0). */
export function checkToleranceOption(op: string, name: string, value: unknown, positive = false): void {
  if (value === undefined) return;
  if (typeof value === 'number' && Number.isFinite(value) && (positive ? value > 0 : value >= 0)) return;
  throw new T.ValueError(
    op,
    `option ${name} must be a finite number ${positive ? '> 0' : '≥ 0'}, got ${describeValue(value)}`,
  );
}

export function checkChoiceOption(
  op: string,
  name: string,
  value: unknown,
  allowed: readonly (string | number)[],
): void {
  if (value === undefined || allowed.includes(value as string | number)) return;
  const list = allowed.map((a) => (typeof a === 'string' ? `'${a}'` : String(a))).join(', ');
  throw new T.ValueError(op, `option ${name} must be one of ${list}, got ${describeValue(value)}`);
}
