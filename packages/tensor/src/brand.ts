import type { Tensor } from './Tensor.js';

/*
 * Brands that recognise a Tensor (and a tape Var) across copies of the packages.
 *
 * `instanceof` compares against one class object, and an application can load two copies of
 * @svd/tensor: its ESM build through `import` and its CJS build through a CommonJS library's
 * `require`, or two installed versions. Both copies put the same registry symbol
 * (`Symbol.for`, shared by every module of a JavaScript realm) on their Tensor prototype, so a
 * Tensor made by either copy is recognised by both. The brand's value is the version of the
 * object layout (data, dtype, shape, strides, offset, conjugated) a copy reads and writes; a
 * copy with another layout is refused rather than misread.
 */

/** The registry key of the Tensor brand, `Symbol.for('@svd/tensor.Tensor')`. */
export const TENSOR_BRAND_KEY = '@svd/tensor.Tensor';

/** The registry key of the brand that @svd/tape puts on its Var prototype, `Symbol.for('@svd/tape.Var')`. */
export const VAR_BRAND_KEY = '@svd/tape.Var';

/** The Tensor layout this copy reads and writes; a change of fields or meaning increments it. */
export const TENSOR_LAYOUT = 1;

/** The brand itself: Tensor.prototype[TENSOR_BRAND] === TENSOR_LAYOUT. */
export const TENSOR_BRAND = Symbol.for(TENSOR_BRAND_KEY);
const VAR_BRAND = Symbol.for(VAR_BRAND_KEY);

/** The brand value of `x`, or undefined when it carries none (null, primitives, plain objects). */
export function tensorBrandOf(x: unknown): unknown {
  if ((typeof x !== 'object' && typeof x !== 'function') || x === null) return undefined;
  return (x as Record<symbol, unknown>)[TENSOR_BRAND];
}

/**
 * Whether `x` is a Tensor made by any copy of @svd/tensor with this copy's layout: the check
 * every @svd package uses instead of `instanceof`, so mixing the ESM and CJS builds (or two
 * installed copies) works. `x instanceof Tensor` gives the same answer.
 *
 * @example
 * isTensor(tensor([1, 2]));           // true
 * isTensor(variable(tensor([1, 2]))); // false: a tape Var is not a Tensor (its .value is)
 * isTensor([1, 2]);                   // false
 */
export function isTensor(x: unknown): x is Tensor {
  return tensorBrandOf(x) === TENSOR_LAYOUT;
}

/** Whether `x` carries the brand of an @svd/tape Var (this package cannot import tape). */
export function isTapeVar(x: unknown): x is { readonly value: unknown } {
  if (typeof x !== 'object' || x === null) return false;
  return (x as Record<symbol, unknown>)[VAR_BRAND] !== undefined;
}
