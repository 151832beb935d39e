import type { Tensor } from '@svd/tensor';
import { applyRule, type CotangentResult, type RuleContext } from '../defineRule.js';
import type { Var } from '../Var.js';

/**
 * Records a single-output built-in op. The backward sees the output cotangent (never null: a
 * node whose outputs got no cotangent is skipped) and returns one cotangent per input; entries
 * for inputs that do not require a gradient are ignored, so formulas may return null for them.
 */
export function makeOp(
  name: string,
  inputs: readonly Var[],
  forward: (...xs: Tensor[]) => Tensor,
  backward: (g: Var, ctx: RuleContext<unknown>) => readonly CotangentResult[],
): Var {
  return applyRule(
    {
      name,
      forward,
      backward: ([g], ctx) => (g ? backward(g, ctx) : inputs.map(() => null)),
    },
    inputs,
  ) as Var;
}

/** Whether input `i` of a node needs a cotangent (lets formulas skip work). */
export function needs(ctx: RuleContext<unknown>, i: number): boolean {
  return ctx.inputs[i]?.requiresGrad ?? false;
}
