/** Catching what a call throws, for assertions on typed errors. Part of the linalg test support module. */

/** Runs fn and returns what it threw (fails the test if nothing was thrown). */
export function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected the call to throw');
}
