/**
 * Onsager's exact solution of the 2D Ising model (J = 1, h = 0, N → ∞), computed in double
 * precision: ln Z/N by Gauss–Legendre quadrature of the 1D integral, energy and specific heat by
 * the closed forms with complete elliptic integrals from the arithmetic–geometric mean.
 */

export const BETA_C = Math.log(1 + Math.SQRT2) / 2;

/**
 * Complete elliptic integrals K(k) and E(k) by the AGM. The complementary modulus k' = √(1 − k²)
 * is passed separately: near the critical point k → 1 and 1 − k² would lose every digit.
 */
export function ellipticKE(k: number, kp: number = Math.sqrt(1 - k * k)): { K: number; E: number } {
  let a = 1;
  let b = Math.abs(kp);
  let c = k;
  let sum = 0.5 * c * c; // Σ 2^(n−1) c_n², n = 0 term
  let pow = 0.5;
  for (let i = 0; i < 60 && Math.abs(c) > 1e-17 * a; i++) {
    const an = (a + b) / 2;
    c = (a - b) / 2;
    b = Math.sqrt(a * b);
    a = an;
    pow *= 2;
    sum += pow * c * c;
  }
  const K = Math.PI / (2 * a);
  return { K, E: K * (1 - sum) };
}

/** Nodes and weights of n-point Gauss–Legendre on [−1, 1] (Newton on the Legendre recurrence). */
function gaussLegendre(n: number): { x: Float64Array; w: Float64Array } {
  const x = new Float64Array(n);
  const w = new Float64Array(n);
  for (let i = 0; i < Math.ceil(n / 2); i++) {
    let z = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let dp = 0;
    for (let it = 0; it < 100; it++) {
      let p0 = 1;
      let p1 = z;
      for (let j = 2; j <= n; j++) {
        const p2 = ((2 * j - 1) * z * p1 - (j - 1) * p0) / j;
        p0 = p1;
        p1 = p2;
      }
      dp = (n * (z * p1 - p0)) / (z * z - 1);
      const dz = p1 / dp;
      z -= dz;
      if (Math.abs(dz) < 1e-16) break;
    }
    x[i] = -z;
    x[n - 1 - i] = z;
    w[i] = w[n - 1 - i] = 2 / ((1 - z * z) * dp * dp);
  }
  return { x, w };
}

const GL = gaussLegendre(400);

/** ∫ f over [a, b] split into `pieces` panels of 400-point Gauss–Legendre. */
function integrate(f: (t: number) => number, a: number, b: number, pieces = 8): number {
  let s = 0;
  const h = (b - a) / pieces;
  for (let p = 0; p < pieces; p++) {
    const lo = a + p * h;
    for (let i = 0; i < GL.x.length; i++) s += GL.w[i]! * f(lo + (h / 2) * (GL.x[i]! + 1));
  }
  return (s * h) / 2;
}

/** ln Z per site: ln(2 cosh 2K) + (1/π)∫₀^{π/2} ln[(1 + √(1 − k² sin²θ))/2] dθ. */
export function onsagerLnZ(beta: number): number {
  const k = (2 * Math.sinh(2 * beta)) / Math.cosh(2 * beta) ** 2;
  const integral = integrate(
    (t) => Math.log((1 + Math.sqrt(Math.max(0, 1 - k * k * Math.sin(t) ** 2))) / 2),
    0,
    Math.PI / 2,
  );
  return Math.log(2 * Math.cosh(2 * beta)) + integral / Math.PI;
}

/** Energy per site E/N = −coth 2K · [1 + (2/π) k'' K₁(k)], k'' = 2 tanh² 2K − 1. */
export function onsagerEnergy(beta: number): number {
  const k = (2 * Math.sinh(2 * beta)) / Math.cosh(2 * beta) ** 2;
  const kpp = 2 * Math.tanh(2 * beta) ** 2 - 1;
  const { K } = ellipticKE(k, kpp);
  return (-1 / Math.tanh(2 * beta)) * (1 + (2 / Math.PI) * kpp * K);
}

/** Specific heat per site (4/π)(K coth 2K)² {K₁ − E₁ − (1 − tanh² 2K)[π/2 + k'' K₁]}. */
export function onsagerSpecificHeat(beta: number): number {
  const k = (2 * Math.sinh(2 * beta)) / Math.cosh(2 * beta) ** 2;
  const kpp = 2 * Math.tanh(2 * beta) ** 2 - 1;
  const { K, E } = ellipticKE(k, kpp);
  const t = Math.tanh(2 * beta);
  return (4 / Math.PI) * (beta / t) ** 2 * (K - E - (1 - t * t) * (Math.PI / 2 + kpp * K));
}
