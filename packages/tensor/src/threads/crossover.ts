/**
 * When a product goes to the pool: the rule and its measured constants (BENCHMARKS.md, threads,
 * "crossover"; 2-core AMD EPYC, workers woken by the futex doorbell, operands staged per chunk).
 *
 * Two conditions, both needed:
 *  - enough work to pay for waking a worker and for the repacking each extra chunk costs:
 *    m·n·k ≥ PARALLEL_MIN multiply-adds (complex: ZPARALLEL_MIN complex multiply-adds, each 4×
 *    the arithmetic, hence the smaller bound);
 *  - enough work per value copied into shared memory: workers cannot read ordinary typed arrays,
 *    so the operand they share (B for a split by rows) and their part of the other operand and of
 *    C are copied in, and their part of C back. m·n·k / (m·k + k·n + 2·m·n) ≥ MIN_MADDS_PER_COPY
 *    keeps low-rank updates of a large C (k of a few dozen, memory-bound) on the caller.
 */
export const PARALLEL_MIN = 256 * 256 * 256;

/** The same, in complex multiply-adds. */
export const ZPARALLEL_MIN = 160 * 160 * 160;

/** Multiply-adds per value copied to or from shared memory (real; complex counts 4 per madd). */
export const MIN_MADDS_PER_COPY = 24;

/**
 * Whether a product of `work` multiply-adds that copies `copies` values to and from shared memory
 * should run on the pool; `scale` multiplies both bounds (the benchmark hook sets 0 to force
 * every product onto the pool).
 */
export function worthParallel(complex: boolean, work: number, copies: number, scale: number): boolean {
  if (work < scale * (complex ? ZPARALLEL_MIN : PARALLEL_MIN)) return false;
  return (complex ? 4 : 1) * work >= scale * MIN_MADDS_PER_COPY * copies;
}
