import { SvdError } from '@svd/tensor';

/**
 * A check failed (from the `assert*` entry points) or a check could not be run at all (single
 * precision inputs, a function that does not return Vars, an out-of-range option). The message of
 * a failed check is a readable table, so a failing test shows what went wrong without a debugger.
 *
 * @example
 * try { assertGradcheck(f, [x]); } catch (e) { if (e instanceof GradcheckError) console.log(e.message); }
 */
export class GradcheckError extends SvdError {
  constructor(op: string, message: string) {
    super('GRADCHECK', op, message);
  }
}
