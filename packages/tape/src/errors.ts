import { SvdError } from '@svd/tensor';

/**
 * A differentiation rule broke its contract: its forward returned the wrong kind of value, or
 * its pullback returned the wrong number, shape or dtype of cotangents. The message names the
 * rule, the argument index, and what was expected versus got.
 */
export class RuleError extends SvdError {
  readonly rule: string;
  constructor(rule: string, message: string) {
    super('RULE', `rule '${rule}'`, message);
    this.rule = rule;
  }
}

/** Misuse of the tape: backward through a released graph, a non-scalar loss without cotangent, ... */
export class TapeError extends SvdError {
  constructor(op: string, message: string) {
    super('TAPE', op, message);
  }
}
