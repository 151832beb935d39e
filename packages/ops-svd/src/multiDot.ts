import * as L from '@svd/linalg';
import * as T from '@svd/tensor';
import { type Input, type Var, asVar, matmul, reshape } from '@svd/tape';

/**
 * A₁·A₂·…·Aₙ in the cheapest order (NumPy's matrix-chain programme, ties to the earliest split),
 * differentiable through the tape's matmul. 1-D first / last arguments are a row / column vector
 * whose axis is removed from the result, as `numpy.linalg.multi_dot`. All plain Tensors give a
 * plain Tensor (computed by `@svd/linalg`).
 *
 * @example
 * const y = multiDot([variable(A), B, C]); // (A·B)·C or A·(B·C), whichever is cheaper
 */
export function multiDot(arrays: readonly T.Tensor[]): T.Tensor;
export function multiDot(arrays: readonly Input[]): Var;
export function multiDot(arrays: readonly Input[]): T.Tensor | Var {
  if (arrays.every((a) => T.isTensor(a))) return L.multiDot(arrays as T.Tensor[]);
  const vars = arrays.map(asVar);
  L.multiDot(vars.map((v) => v.value)); // validates shapes and values with multiDot's messages
  const last = vars.length - 1;
  const mats = vars.map((v, i) => (v.ndim === 2 ? v : reshape(v, i === 0 ? [1, v.shape[0]!] : [v.shape[0]!, 1])));
  const dims = [mats[0]!.shape[0]!, ...mats.map((m) => m.shape[1]!)];
  const split = L.kernels.matrixChainOrder(dims);
  const product = (i: number, j: number): Var =>
    i === j ? mats[i]! : matmul(product(i, split[i]![j]!), product(split[i]![j]! + 1, j));
  const out = product(0, last);
  const shape: number[] = [];
  if (vars[0]!.ndim === 2) shape.push(out.shape[0]!);
  if (vars[last]!.ndim === 2) shape.push(out.shape[1]!);
  return reshape(out, shape);
}
