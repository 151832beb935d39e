import { type Var, grad, valueAndGrad } from '@svd/tape';
import { scalar } from '@svd/tensor';
import { onsagerEnergy, onsagerLnZ, onsagerSpecificHeat } from './onsager.js';
import { trgLnZ } from './trg.js';

export interface IsingPoint {
  beta: number;
  lnZ: number;
  energy: number;
  specificHeat: number;
  exactLnZ: number;
  exactEnergy: number;
  exactSpecificHeat: number;
  seconds: number;
}

/**
 * ln Z/N, E/N = −∂(ln Z/N)/∂β (one reverse pass through every SVD) and C/N = β²∂²(ln Z/N)/∂β²
 * (a second derivative through every SVD backward), beside Onsager's exact values.
 */
export function isingPoint(beta: number, chi: number, steps: number): IsingPoint {
  const t0 = performance.now();
  const f = (b: Var) => trgLnZ(b, { chi, steps });
  const [lnZ, dlnZ] = valueAndGrad(f)(scalar(beta));
  const d2lnZ = grad((b: Var) => grad(f)(b))(scalar(beta));
  return {
    beta,
    lnZ: lnZ.item(),
    energy: -dlnZ.item(),
    specificHeat: beta * beta * d2lnZ.item(),
    exactLnZ: onsagerLnZ(beta),
    exactEnergy: onsagerEnergy(beta),
    exactSpecificHeat: onsagerSpecificHeat(beta),
    seconds: (performance.now() - t0) / 1000,
  };
}
