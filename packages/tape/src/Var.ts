import { type DType, type NestedArray, type Tensor, tensor as makeTensor, Tensor as TensorClass } from '@svd/tensor';
import type { Node } from './Node.js';

let nextId = 0;

/**
 * A tracked tensor: a value, the node that produced it (null for leaves and constants), and
 * after `backward` the accumulated gradient of leaves. Create one with `variable` or `constant`
 * (the constructor is internal), or get one as the result of any tape op.
 *
 * Vars are deliberately not Tensors: passing one to a plain @svd/tensor op is a type error, so a
 * computation can never silently drop out of the tape (the bug report's "zero gradients").
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
  const t = value instanceof TensorClass ? value : makeTensor(value);
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
  if (x instanceof Var) return x.value;
  if (x instanceof TensorClass) return x;
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
  return x instanceof Var ? x : new Var(valueOf(x), false);
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
