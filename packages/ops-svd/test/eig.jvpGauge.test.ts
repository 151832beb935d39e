/**
 * eig's forward-mode tangent of V (issue #14): PyTorch's linalg_eig_jvp gauge — unit columns
 * (Re vᵢᴴdvᵢ = 0) and a real diagonal of V⁻¹·dV — against PyTorch 1.13's forward AD
 * (tools/fixtures/generate_eig_jvp_torch.py; its V differs from ours by a phase per column, and the
 * jvp is covariant: dV ↦ dV·D) and against central differences of our gauge-fixed V (largest
 * component real positive), moved into that gauge by removing V·diag(i·Im diag(V⁻¹·dV_fd)).
 */
import * as L from '@svd/linalg';
import { eig } from '@svd/ops-svd';
import { type Var, jvp } from '@svd/tape';
import * as T from '@svd/tensor';
import { describe, expect, test } from 'vitest';
import { loadFixture } from './helpers.js';

interface Enc {
  dtype: 'float64' | 'complex128';
  shape: number[];
  data: number[];
}
interface Case {
  name: string;
  a: Enc;
  da: Enc;
  W: Enc;
  V: Enc;
  dW: Enc;
  dV: Enc;
}
const fixture = loadFixture<{ torch: string; cases: Case[] }>('eig_jvp_torch.json');
const dec = (e: Enc) => T.tensor(Float64Array.from(e.data), { shape: e.shape, dtype: e.dtype });
const maxAbs = (t: T.Tensor) => T.max(T.abs(t)).item();
const asComplex = (t: T.Tensor) => (t.isComplex ? t : T.complex(t, T.zerosLike(t)));

/** W, V and their tangents from the tape's forward mode through ops-svd's eig jvp. */
function eigTangents(A: T.Tensor, dA: T.Tensor): { W: T.Tensor; V: T.Tensor; dW: T.Tensor; dV: T.Tensor } {
  const [[W, V], [dW, dV]] = jvp((a: Var) => eig(a, { gauge: 'throw' }), [A], [dA]);
  return { W: W!.value, V: V!.value, dW: dW!.value, dV: dV!.value };
}

/** diag(X) as a tensor of the diagonal entries. */
const diag = (X: T.Tensor) => T.diagonal(X, 0, -2, -1);

describe(`eig jvp: PyTorch ${fixture.torch}'s gauge for the tangent of V`, () => {
  for (const c of fixture.cases) {
    const A = dec(c.a);
    const dA = dec(c.da);

    test(`${c.name}: dW = torch's, dV = torch's dV·D (D = the columns' relative phases)`, () => {
      const { W, V, dW, dV } = eigTangents(A, dA);
      expect(maxAbs(T.sub(W, dec(c.W)))).toBeLessThan(1e-12); // same (LAPACK) order
      expect(maxAbs(T.sub(dW, dec(c.dW)))).toBeLessThan(1e-11);
      const Vt = dec(c.V);
      const D = diag(T.matmul(T.adjoint(Vt), V)); // V = Vt·diag(D), |Dᵢ| = 1
      expect(maxAbs(T.sub(T.abs(D), T.onesLike(T.abs(D))))).toBeLessThan(1e-12);
      const want = T.mul(dec(c.dV), T.unsqueeze(D, -2));
      expect(maxAbs(T.sub(dV, want)) / Math.max(1, maxAbs(want))).toBeLessThan(1e-11);
    });

    test(`${c.name}: the gauge itself — Re diag(Vᴴ·dV) = 0 and Im diag(V⁻¹·dV) = 0`, () => {
      const { V, dV } = eigTangents(A, dA);
      expect(maxAbs(T.real(diag(T.matmul(T.adjoint(V), dV))))).toBeLessThan(1e-12 * Math.max(1, maxAbs(dV)));
      expect(maxAbs(T.imag(diag(L.solve(V, dV))))).toBeLessThan(1e-11 * Math.max(1, maxAbs(dV)));
    });

    test(`${c.name}: central differences of the gauge-fixed V, moved into that gauge, equal dV`, () => {
      const { V, dV } = eigTangents(A, dA);
      const h = 1e-6;
      const plus = L.eig(T.add(A, T.scale(dA, h)))[1];
      const minus = L.eig(T.sub(A, T.scale(dA, h)))[1];
      const fd = T.scale(T.sub(asComplex(plus), asComplex(minus)), 1 / (2 * h));
      // Our forward fixes each column's phase differently from the jvp's gauge: the difference is
      // V·diag(iφ), φ = Im diag(V⁻¹·dV_fd) (the jvp's diag(V⁻¹dV) is real). Remove it.
      const phi = T.imag(diag(L.solve(V, fd)));
      const iphi = T.complex(T.zerosLike(phi), phi);
      const fdGauged = T.sub(fd, T.mul(V, T.unsqueeze(iphi, -2)));
      expect(maxAbs(T.sub(fdGauged, dV)) / Math.max(1, maxAbs(dV))).toBeLessThan(1e-7);
      // …and the raw difference is NOT the jvp whenever some φᵢ ≠ 0 (the gauge matters).
      expect(maxAbs(phi)).toBeGreaterThan(1e-6);
    });
  }
});
