import { type Var, valueAndGrad } from '@svd/tape';
import { scalar } from '@svd/tensor';
import { trgLnZ } from './trg.js';
import { renormalizeKrylov } from './trgKrylov.js';

/**
 * Demo section 3: the same TRG at a larger χ with each split done by `svds` on the contraction
 * operator (only χ triplets computed; the truncated rule's complement by MINRES), its ln Z and its
 * energy by AD against the full-SVD path.
 */
export function krylovSection(log: (s: string) => void, chi = 24, steps = 6, beta = 0.4): void {
  log(`\n━━ 3. TRG by svds on the contraction operator (χ = ${chi}, ${steps} steps, β = ${beta}) ━━`);
  const run = (step?: typeof renormalizeKrylov) => {
    const t0 = performance.now();
    const [lnZ, d] = valueAndGrad((b: Var) => trgLnZ(b, { chi, steps, step }))(scalar(beta));
    return { lnZ: lnZ.item(), energy: -d.item(), seconds: (performance.now() - t0) / 1000 };
  };
  const dense = run();
  const krylov = run(renormalizeKrylov);
  const row = (name: string, r: typeof dense) =>
    `  ${name.padEnd(22)} ln Z/N = ${r.lnZ.toFixed(13)}   E/N = ${r.energy.toFixed(13)}   ${r.seconds.toFixed(1)} s`;
  log(row('full SVD, truncated', dense));
  log(row('svds (Krylov) + rule', krylov));
  log(
    `  |Δ ln Z/N| = ${Math.abs(dense.lnZ - krylov.lnZ).toExponential(1)}, |Δ E/N| = ${Math.abs(dense.energy - krylov.energy).toExponential(1)}: the truncated rule by iterative solves equals the dense one.`,
  );
}
