import { type DType, type NestedArray, type Tensor, isTensor, tensor as makeTensor } from '@svd/tensor';
import type { Node } from './Node.js';

let nextId = 0;

/*
 * Like Tensors, Vars are recognised by a registry-symbol brand rather than by class identity,
 * so a Var made by another copy of this package (its CJS build next to the ESM one) is still a
 * Var: `Symbol.for('@svd/tape.Var')` on the prototype, whose value is the layout version (the
 * fields value, grad, requiresGrad, node, outputIndex). @svd/tensor checks the same key to tell
 * a Var handed to a plain tensor op from other wrong arguments.
 */
const VAR_BRAND = Symbol.for('@svd/tape.Var');
const VAR_LAYOUT = 1;

/**
 * Whether `x` is a Var made by any copy of @svd/tape (the check every @svd package uses instead
 * of `instanceof`, so mixing the ESM and CJS builds works). `x instanceof Var` gives the same
 * answer.
 *
 * @example
 * isVar(variable(tensor([1, 2]))); // true
 * isVar(tensor([1, 2]));           // false
 */
export function isVar(x: unknown): x is Var {
  return typeof x === 'object' && x !== null && (x as Record<symbol, unknown>)[VAR_BRAND] === VAR_LAYOUT;
}

/**
 * A tracked tensor: a value, the node that produced it (null for leaves and constants), and
 * after `backward` the accumulated gradient of leaves. Create one with `variable` or `constant`
 * (the constructor is internal), or get one as the result of any tape op.
 *
 * Vars are deliberately not Tensors: passing one to a plain @svd/tensor op is a type error and,
 * at run time, a ValueError that says to use the tape op of the same name or `.value`, so a
 * computation can never silently drop out of the tape (the bug report's "zero gradients").
 * `isVar(x)` and `x instanceof Var` recognise Vars from every copy of the package.
 *
 * @example
 * const x = variable(tensor([1, 2, 3]));
 * const y = mul(x, x); // y instanceof Var; y.value is the Tensor [1, 4, 9]
 */
export class Var {
  readonly value: Tensor;
  /** Accumulated gradient (conjugate-Wirtinger for complex), set by `backward` on leaves. */
  grad: Tensor | null = null;
  readonly requiresGrad: boolean;
  /** @internal The node that produced this value, or null for a leaf/constant. */
  readonly node: Node | null;
  /** @internal Which output of `node` this is. */
  readonly outputIndex: number;
  /** A unique id, handy for debugging and stable ordering. */
  readonly id: number;

  /**
   * `x instanceof Var` is the brand check `isVar(x)`, so it holds across copies of the package.
   * Subclasses keep the ordinary prototype-chain test.
   */
  static [Symbol.hasInstance](x: unknown): x is Var {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class on the right of instanceof (a subclass, maybe)
    if (this !== Var) return Function.prototype[Symbol.hasInstance].call(this, x);
    return isVar(x);
  }

  /** @internal Use `variable`, `constant`, or an op. */
  constructor(value: Tensor, requiresGrad: boolean, node: Node | null = null, outputIndex = 0) {
    this.value = value;
    this.requiresGrad = requiresGrad;
    this.node = node;
    this.outputIndex = outputIndex;
    this.id = nextId++;
  }

  get shape(): readonly number[] {
    return this.value.shape;
  }

  get dtype(): DType {
    return this.value.dtype;
  }

  get ndim(): number {
    return this.value.ndim;
  }

  get size(): number {
    return this.value.size;
  }

  /** True for a leaf that gradients accumulate into. */
  get isLeaf(): boolean {
    return this.node === null;
  }

  /** The single entry of a size-1 real value. */
  item(): number {
    return this.value.item();
  }

  toString(): string {
    return `Var(${this.value.toString()}${this.requiresGrad ? ', requiresGrad' : ''})`;
  }
}

// Non-enumerable and read-only, like the Tensor brand.
Object.defineProperty(Var.prototype, VAR_BRAND, { value: VAR_LAYOUT });

/** What every differentiable op accepts: a tracked value, a plain tensor, or a number. */
export type Input = Var | Tensor | number;

/**
 * A leaf that gradients accumulate into.
 *
 * @example
 * const x = variable(tensor([1, 2, 3]));
 * backward(sum(mul(x, x)));
 * x.grad; // [2, 4, 6]
 */
export function variable(value: Tensor | NestedArray, options: { requiresGrad?: boolean } = {}): Var {
  const t = isTensor(value) ? value : makeTensor(value);
  return new Var(t, options.requiresGrad ?? true);
}

/**
 * A Var that is never differentiated (`requiresGrad` is false), for data a computation reads but
 * does not train or differentiate with respect to.
 *
 * @example
 * const b = constant(tensor([1, 1]));
 * const y = add(mul(x, 2), b); // gradients flow to x only
 */
export function constant(value: Tensor | NestedArray): Var {
  return variable(value, { requiresGrad: false });
}

/**
 * The plain value of an input: a Var's tensor, a tensor itself, or a number as a rank-0 float64
 * tensor. Handy for reading results out of the tape.
 *
 * @example
 * valueOf(mul(variable(tensor([1, 2])), 3)); // Tensor [3, 6]
 */
// biome-ignore lint/suspicious/noShadowRestrictedNames: `valueOf` is public API (used by @svd/gradcheck)
export function valueOf(x: Input): Tensor {
  if (isVar(x)) return x.value;
  if (isTensor(x)) return x;
  return makeTensor(x);
}

/**
 * Wraps an input as a Var without tracking (constants stay constants, Vars are returned as is),
 * so code can accept `Input` and treat everything uniformly.
 *
 * @example
 * const v = asVar(2); // a constant rank-0 Var
 */
export function asVar(x: Input): Var {
  return isVar(x) ? x : new Var(valueOf(x), false);
}

/**
 * Cuts the graph: the result has the same value and no gradient flows back through it.
 *
 * @example
 * const y = mul(stopGradient(x), x); // dy/dx = x, not 2x
 */
export function stopGradient(x: Input): Var {
  return new Var(valueOf(x), false);
}
