/**
 * Scratch result of symmetric2x2Eigen: [rt1, rt2, cs1, sn1].
 *
 * @example
 * kernels.symmetric2x2Eigen(2, 1, 2);
 * const [rt1, rt2, cs1, sn1] = kernels.eigen2x2Out; // 3, 1, 0.7071…, 0.7071…
 */
export const eigen2x2Out = new Float64Array(4);

/**
 * Eigen-decomposition of [[a, b], [b, c]] (DLAEV2): rt1 is the eigenvalue of larger absolute
 * value, rt2 the other, and (cs1, sn1) the unit eigenvector of rt1:
 *   [cs1 sn1; −sn1 cs1]·[[a, b], [b, c]]·[cs1 −sn1; sn1 cs1] = diag(rt1, rt2).
 * rt2 is computed as det/rt1 in a cancellation-free order, so both are accurate.
 *
 * @example
 * kernels.symmetric2x2Eigen(2, 1, 2); // [[2, 1], [1, 2]]; results go to kernels.eigen2x2Out
 * const [rt1, rt2, cs1, sn1] = kernels.eigen2x2Out; // 3, 1, 0.7071…, 0.7071…
 */
export function symmetric2x2Eigen(a: number, b: number, c: number): void {
  const sm = a + c;
  const df = a - c;
  const adf = Math.abs(df);
  const tb = b + b;
  const ab = Math.abs(tb);
  let acmx: number;
  let acmn: number;
  if (Math.abs(a) > Math.abs(c)) {
    acmx = a;
    acmn = c;
  } else {
    acmx = c;
    acmn = a;
  }
  let rt: number;
  if (adf > ab) {
    const q = ab / adf;
    rt = adf * Math.sqrt(1 + q * q);
  } else if (adf < ab) {
    const q = adf / ab;
    rt = ab * Math.sqrt(1 + q * q);
  } else {
    rt = ab * Math.SQRT2; // includes ab = adf = 0
  }
  let rt1: number;
  let rt2: number;
  let sgn1: number;
  if (sm < 0) {
    rt1 = 0.5 * (sm - rt);
    sgn1 = -1;
    rt2 = (acmx / rt1) * acmn - (b / rt1) * b;
  } else if (sm > 0) {
    rt1 = 0.5 * (sm + rt);
    sgn1 = 1;
    rt2 = (acmx / rt1) * acmn - (b / rt1) * b;
  } else {
    rt1 = 0.5 * rt;
    rt2 = -0.5 * rt;
    sgn1 = 1;
  }
  let cs: number;
  let sgn2: number;
  if (df >= 0) {
    cs = df + rt;
    sgn2 = 1;
  } else {
    cs = df - rt;
    sgn2 = -1;
  }
  let cs1: number;
  let sn1: number;
  if (Math.abs(cs) > ab) {
    const ct = -tb / cs;
    sn1 = 1 / Math.sqrt(1 + ct * ct);
    cs1 = ct * sn1;
  } else if (ab === 0) {
    cs1 = 1;
    sn1 = 0;
  } else {
    const tn = -cs / tb;
    cs1 = 1 / Math.sqrt(1 + tn * tn);
    sn1 = tn * cs1;
  }
  if (sgn1 === sgn2) {
    const tn = cs1;
    cs1 = -sn1;
    sn1 = tn;
  }
  const out = eigen2x2Out;
  out[0] = rt1;
  out[1] = rt2;
  out[2] = cs1;
  out[3] = sn1;
}
