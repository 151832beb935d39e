import { assertGradcheck, uvAdjoint } from '@svd/gradcheck';
import { svd } from '@svd/ops-svd';
import { type Tensor, matmul as tmatmul, mul as tmul, randn } from '@svd/tensor';
import { type Var, add, backward, defineRule, matmul, matrixTranspose, mul, sum, variable } from '@svd/tape';

export interface BugReportResult {
  /** ∂L/∂A for L = ⟨dU,U⟩ + ⟨dS,S⟩ + ⟨dV,V⟩. */
  grad: Tensor;
  gradcheckPassed: boolean;
  /** Gradient through the custom two-output rule. */
  ruleGrad: Tensor;
}

/** A two-output rule (P = x·w, Q = x∘x) in a few lines: the API the bug report wished for. */
export const productAndSquare = defineRule({
  name: 'productAndSquare',
  forward: (x: Tensor, w: Tensor) => [tmatmul(x, w), tmul(x, x)],
  backward: ([gP, gQ], { inputs: [x, w] }) => {
    // Either cotangent may be null (its output unused): skip its term.
    const fromP = gP && matmul(gP, matrixTranspose(w!));
    const fromQ = gQ && mul(gQ, mul(x!, 2));
    const gx = fromP && fromQ ? add(fromP, fromQ) : (fromP ?? fromQ);
    return [gx, gP && matmul(matrixTranspose(x!), gP)];
  },
});

/**
 * The seed bug report's scenario in TypeScript: a random 4×6 matrix, its SVD as a plain tuple,
 * random cotangents for U (4×4), S (4) and V (6×4), one backward pass; then gradcheck's verdict
 * on a gauge-invariant loss, and the same tuple mechanics through a custom two-output rule.
 */
export function bugReportScenario(log: (line: string) => void): BugReportResult {
  const A = variable(randn([4, 6], { seed: 2018 }));
  const [U, S, V] = svd(A);
  log(`svd(A) of a 4×6 A returned a plain array: U [${U.shape}], S [${S.shape}], V [${V.shape}]`);
  backward([U, S, V], [randn([4, 4], { seed: 1 }), randn([4], { seed: 2 }), randn([6, 4], { seed: 3 })]);
  log('∂(⟨dU,U⟩ + ⟨dS,S⟩ + ⟨dV,V⟩)/∂A =');
  log(A.grad!.toString());

  // U·Vᴴ and S do not depend on the sign of each singular pair, so finite differences are meaningful.
  const report = assertGradcheck(
    uvAdjoint((a: Var) => svd(a)),
    [A.value],
  );
  log(
    `gradcheck of (U·Vᴴ, S): ${report.ok ? 'passed' : 'FAILED'} — ${report.evaluations} evaluations, worst error ${report.inputs[0]!.maxAbsError.toExponential(2)}`,
  );

  const x = variable(randn([3, 3], { seed: 4 }));
  const [P, Q] = productAndSquare(x, randn([3, 2], { seed: 5 }));
  backward(add(sum(P), sum(Q)));
  log('custom two-output rule productAndSquare(x, w) = [x·w, x∘x]; ∂(ΣP + ΣQ)/∂x =');
  log(x.grad!.toString());
  return { grad: A.grad!, gradcheckPassed: report.ok, ruleGrad: x.grad! };
}
