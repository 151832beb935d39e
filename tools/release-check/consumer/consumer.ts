// Type-checked (never run) against the installed tarballs' declarations, with
// moduleResolution node16 (as ESM: the scratch project is "type": "module") and bundler.
import { type GradcheckReport, gradcheck, uvAdjoint } from '@svd/gradcheck';
import { LinAlgError, svdvals } from '@svd/linalg';
import { svd } from '@svd/ops-svd';
import { type Var, backward, variable } from '@svd/tape';
import { type Tensor, randn } from '@svd/tensor';

const A: Var = variable(randn([4, 6], { seed: 2018 }));
const [U, S, V] = svd(A);
const outputs: Var[] = [U, S, V];
backward(outputs, [randn([4, 4], { seed: 1 }), randn([4], { seed: 2 }), randn([6, 4], { seed: 3 })]);
const g: Tensor | undefined = A.grad ?? undefined;
const values: Tensor = svdvals(A.value);
const report: GradcheckReport = gradcheck(
  uvAdjoint((a: Var) => svd(a)),
  [A.value],
);
const ok: boolean = report.ok;
const err: Error = new LinAlgError('svd', 'example');
export const summary = { g, values, ok, err, shape: U.shape };

// The declarations are real types, not `any`: each line below must be a type error.
// @ts-expect-error a Tensor is not a string
export const notAString: string = values;
// @ts-expect-error svd needs an argument
svd();
// @ts-expect-error randn takes a shape array
randn(4);
