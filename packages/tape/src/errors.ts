import { SvdError } from '@svd/tensor';

/**
 * A differentiation rule broke its contract: its forward returned the wrong kind of value, or
 * its pullback returned the wrong number, shape or dtype of cotangents. The message names the
 * rule, the argument index, and what was expected versus got.
 *
 * @example
 * try { backward(sum(myRule(x))); } catch (e) { if (e instanceof RuleError) console.error(e.rule, e.message); }
 */
export class RuleError extends SvdError {
  readonly rule: string;
  constructor(rule: string, message: string) {
    super('RULE', `rule '${rule}'`, message);
    this.rule = rule;
  }
}

/**
 * Misuse of the tape: backward through a released graph, a non-scalar loss without cotangent, a
 * functional transform whose `f` does not return a real scalar Var, ...
 *
 * @example
 * backward(y); // y non-scalar and no cotangent given: throws TapeError
 */
export class TapeError extends SvdError {
  constructor(op: string, message: string) {
    super('TAPE', op, message);
  }
}
