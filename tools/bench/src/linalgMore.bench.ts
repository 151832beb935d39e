/**
 * matrixExp and lstsq of @svd/linalg against scipy.linalg.expm and numpy.linalg.lstsq (OpenBLAS
 * / LAPACK gelsd, one thread), with the decomposition each is built on (matmul for matrixExp,
 * the thin SVD for lstsq) for the "same factor" comparison. n = 128 and 256, float64.
 *
 * matrixExp input: a uniform(−1, 1) matrix scaled to ‖A‖₁ = 8 (Padé 13 and two squarings, the
 * common case); Python draws its own matrix of the same kind, so both take the same path.
 * lstsq: square uniform(−1, 1) A and one right-hand side (the SVD dominates).
 * Times are medians of 5 timed calls after a warm-up; Node and Python take turns per size
 * (interleaved), because the shared machine's load drifts.
 */
import { Tensor } from '@svd/tensor';
import { lstsq, matrixExp, svd } from '@svd/linalg';
import { PY_PRELUDE, fmt, medianOfRuns, randomBuffer, runNumpy } from './util.js';

const SIZES = [128, 256];
const REPS = 5;

function expInput(n: number): Float64Array {
  const a = randomBuffer(n * n, 7 + n);
  let norm1 = 0;
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += Math.abs(a[i * n + j]!);
    norm1 = Math.max(norm1, s);
  }
  for (let i = 0; i < a.length; i++) a[i] = (a[i]! * 8) / norm1;
  return a;
}

function numpy(n: number): Record<string, number> | null {
  const out = runNumpy(`${PY_PRELUDE}
import scipy.linalg as sla
n = ${n}
r = np.random.default_rng(1)
a = r.uniform(-1, 1, (n, n)); a *= 8 / np.linalg.norm(a, 1)
A = r.uniform(-1, 1, (n, n)); b = r.uniform(-1, 1, (n, 1))
def med(f):
    f()
    return statistics.median(timeit.repeat(f, number=1, repeat=${REPS})) * 1e3
print(json.dumps({'expm': med(lambda: sla.expm(a)), 'lstsq': med(lambda: np.linalg.lstsq(A, b, rcond=None)),
                  'gesdd': med(lambda: np.linalg.svd(A, full_matrices=False)),
                  'matmul': med(lambda: a @ a), 'blas': blas}))
`);
  return out ? (JSON.parse(out) as Record<string, number>) : null;
}

export default async function linalgMoreBench(): Promise<string> {
  const rows: string[] = [];
  let blas = '';
  for (const n of SIZES) {
    const a = new Tensor(expInput(n), 'float64', [n, n]);
    const A = new Tensor(randomBuffer(n * n, 11 + n), 'float64', [n, n]);
    const b = new Tensor(randomBuffer(n, 13 + n), 'float64', [n, 1]);
    const ours = {
      expm: medianOfRuns(() => matrixExp(a), REPS),
      lstsq: medianOfRuns(() => lstsq(A, b), REPS),
      svd: medianOfRuns(() => svd(A), REPS),
    };
    const py = numpy(n);
    if (py && typeof py.blas === 'object') blas = String(py.blas);
    rows.push(
      `| matrixExp (‖A‖₁ = 8) | ${n} | ${fmt(ours.expm)} | ${fmt(py?.expm)} (scipy expm) | ${fmt(py ? ours.expm / py.expm! : undefined, 1)}× |`,
      `| lstsq (one rhs) | ${n} | ${fmt(ours.lstsq)} | ${fmt(py?.lstsq)} (numpy gelsd) | ${fmt(py ? ours.lstsq / py.lstsq! : undefined, 1)}× |`,
      `| svd (thin), for reference | ${n} | ${fmt(ours.svd)} | ${fmt(py?.gesdd)} (numpy gesdd) | ${fmt(py ? ours.svd / py.gesdd! : undefined, 1)}× |`,
    );
  }
  return [
    '## linalg: matrixExp and lstsq',
    '',
    `numpy/scipy BLAS: ${blas || 'unknown'}. Times in ms (median of ${REPS} after a warm-up).`,
    '',
    '| op | n | @svd/linalg (ms) | numpy / scipy (ms) | ratio |',
    '|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}
