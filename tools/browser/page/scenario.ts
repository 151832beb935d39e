import { svdvals } from '@svd/linalg';
import { norm, svd } from '@svd/ops-svd';
import { backward, variable } from '@svd/tape';
import { type Tensor, randn, reshape, tensor } from '@svd/tensor';

/** The scenario's inputs, each flattened row-major (float64). */
export interface ScenarioInputs {
  /** The bug report's 4×6 matrix and its cotangents for U (4×4), S (4) and V (6×4). */
  A: number[];
  dU: number[];
  dS: number[];
  dV: number[];
  /** A 5×3 matrix for the nuclear norm. */
  B: number[];
  /** Seed of a 160×120 matrix drawn inside the scenario: large enough for the WebAssembly GEMM and the divide-and-conquer SVD. */
  largeSeed: number;
}

/** What the page computes; the browser test runs the same function in Node and compares. */
export interface ScenarioResult {
  inputs: ScenarioInputs;
  /** The bug report: ∂(⟨dU,U⟩ + ⟨dS,S⟩ + ⟨dV,V⟩)/∂A, row-major. */
  bugReport: { shape: number[]; grad: number[] };
  /** The nuclear norm ‖B‖_*, B's singular values, and the gradient of ‖B‖_* (= U·Vᵀ), row-major. */
  nuclearNorm: { value: number; singularValues: number[]; grad: number[] };
  /** The same for the large matrix: exercises the SIMD kernel, the D&C SVD and the portable RNG. */
  largeNuclearNorm: { value: number; grad: number[] };
}

const flat = (t: Tensor): number[] => Array.from(t.toTypedArray());

/** The inputs drawn from seeded normal generators, as in the bug report. */
export function randomInputs(): ScenarioInputs {
  return {
    A: flat(randn([4, 6], { seed: 2018 })),
    dU: flat(randn([4, 4], { seed: 1 })),
    dS: flat(randn([4], { seed: 2 })),
    dV: flat(randn([6, 4], { seed: 3 })),
    B: flat(randn([5, 3], { seed: 7 })),
    largeSeed: 11,
  };
}

export function runScenario(inputs: ScenarioInputs): ScenarioResult {
  const t = (data: number[], shape: number[]) => reshape(tensor(data), shape);
  const A = variable(t(inputs.A, [4, 6]));
  const [U, S, V] = svd(A);
  backward([U, S, V], [t(inputs.dU, [4, 4]), t(inputs.dS, [4]), t(inputs.dV, [6, 4])]);

  const B = variable(t(inputs.B, [5, 3]));
  const nuc = norm(B, { ord: 'nuc' });
  backward(nuc);

  const C = variable(randn([160, 120], { seed: inputs.largeSeed }));
  const nucC = norm(C, { ord: 'nuc' });
  backward(nucC);

  return {
    inputs,
    largeNuclearNorm: { value: nucC.value.item(), grad: flat(C.grad!) },
    bugReport: { shape: [...A.grad!.shape], grad: flat(A.grad!) },
    nuclearNorm: { value: nuc.value.item(), singularValues: flat(svdvals(B.value)), grad: flat(B.grad!) },
  };
}
