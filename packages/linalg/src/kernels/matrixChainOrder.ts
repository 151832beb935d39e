/**
 * The matrix-chain dynamic programme (Cormen et al. §15.2, NumPy's `_multi_dot_matrix_chain_order`):
 * for the chain with dimensions dims[0] × dims[1] × … × dims[n], split[i][j] is where the
 * cheapest product of matrices i..j splits (strict <, so ties keep the earliest split). Shared by
 * linalg's `multiDot` and the differentiable one in @svd/ops-svd, so both multiply in the same order.
 *
 * @example
 * matrixChainOrder([10, 100, 5, 50]); // split[0][2] = 1: (A·B)·C is cheaper than A·(B·C)
 */
export function matrixChainOrder(dims: readonly number[]): number[][] {
  const n = dims.length - 1;
  const cost = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  const split = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let len = 1; len < n; len++) {
    for (let i = 0; i < n - len; i++) {
      const j = i + len;
      cost[i]![j] = Number.POSITIVE_INFINITY;
      for (let k = i; k < j; k++) {
        const c = cost[i]![k]! + cost[k + 1]![j]! + dims[i]! * dims[k + 1]! * dims[j + 1]!;
        if (c < cost[i]![j]!) {
          cost[i]![j] = c;
          split[i]![j] = k;
        }
      }
    }
  }
  return split;
}
