/**
 * When a product goes to the pool: the rule and its measured constants (BENCHMARKS.md, threads,
 * "crossover"; 2-core AMD EPYC shared with other jobs, the bench process given most of the
 * machine, workers woken by the futex doorbell, operands staged per chunk).
 *
 * Two conditions, both needed:
 *  - enough work to pay for waking a worker and for the repacking each extra chunk costs:
 *    m·n·k ≥ PARALLEL_MIN multiply-adds (complex: ZPARALLEL_MIN complex multiply-adds, each 4×
 *    the arithmetic, hence the smaller bound). Measured, n×n·n×n, 2 threads against 1: real
 *    160: 0.78×, 192: 1.03×, 256: 1.23×, 320: 1.28×, 512: 1.63×; complex 96: 0.73×, 128: 1.10×,
 *    160: 1.27×, 256: 1.59×;
 *  - enough work per value copied into shared memory: workers cannot read ordinary typed arrays,
 *    so the operand they share (B for a split by rows) and their part of the other operand and of
 *    C are copied in, and their part of C back (none of C when it already is shared memory). For
 *    an m×k·k×n product m·n·k / (m·k + k·n + 2·m·n) ≥ MIN_MADDS_PER_COPY. Measured on low-rank
 *    updates C += A·B of an ordinary C: 1024²·k 32 (15.6 madds per copied value): 0.84×,
 *    512²·k 32 (15.1): 0.86×, 1024²·k 64 (30): 1.09×, 512²·k 64 (28): 1.32×; the same with C in
 *    shared memory (no C copies): 1.40–1.54×.
 */
export const PARALLEL_MIN = 256 * 256 * 256;

/** The same, in complex multiply-adds. */
export const ZPARALLEL_MIN = 128 * 128 * 128;

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
