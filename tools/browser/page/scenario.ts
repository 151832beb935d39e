import { svdvals } from '@svd/linalg';
import { norm, svd } from '@svd/ops-svd';
import { backward, variable } from '@svd/tape';
import { randn } from '@svd/tensor';

/** What the page computes; the browser test runs the same function in Node and compares. */
export interface ScenarioResult {
  /** The bug report: ∂(⟨dU,U⟩ + ⟨dS,S⟩ + ⟨dV,V⟩)/∂A for a random 4×6 A, row-major. */
  bugReport: { shape: number[]; grad: number[] };
  /** The nuclear norm ‖B‖_* of a random 5×3 B and its gradient (= U·Vᵀ), row-major. */
  nuclearNorm: { value: number; singularValues: number[]; grad: number[] };
}

export function runScenario(): ScenarioResult {
  const A = variable(randn([4, 6], { seed: 2018 }));
  const [U, S, V] = svd(A);
  backward([U, S, V], [randn([4, 4], { seed: 1 }), randn([4], { seed: 2 }), randn([6, 4], { seed: 3 })]);

  const B = variable(randn([5, 3], { seed: 7 }));
  const nuc = norm(B, 'nuc');
  backward(nuc);

  return {
    bugReport: { shape: [...A.grad!.shape], grad: Array.from(A.grad!.toTypedArray()) },
    nuclearNorm: {
      value: nuc.value.item(),
      singularValues: Array.from(svdvals(B.value).toTypedArray()),
      grad: Array.from(B.grad!.toTypedArray()),
    },
  };
}
