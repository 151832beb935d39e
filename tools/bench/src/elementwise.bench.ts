/**
 * Elementwise ops on n×n float64 tensors (n = 256, 1024): `add`, `mul`, `where` and `exp` on
 * contiguous operands, with the second operand (for `exp` and `where`, every operand) a
 * transposed view, and with a broadcast scalar; plus `sub(A, adjoint(B))`, `lessEqual(A, 0)` and
 * float32 `mul`. "flat loop" is the obvious hand-written loop over `Float64Array`s, output
 * allocated each call, for reference (`where` beats it: its kernel selects without a branch).
 * Times are mitata medians (p50), result allocation included.
 */
import { Tensor, adjoint, add, exp, lessEqual, mul, sub, transpose, where } from '@svd/tensor';
import { do_not_optimize } from 'mitata';
import { fmt, medianMs, randomBuffer } from './util.js';

const SIZES = [256, 1024];

type Row = { name: string; run: () => unknown; floor?: () => unknown };

function rows(n: number): Row[] {
  const a = randomBuffer(n * n, n);
  const b = randomBuffer(n * n, n + 1);
  const c = randomBuffer(n * n, n + 2).map((x) => (x > 0 ? 1 : 0));
  const A = new Tensor(a, 'float64', [n, n]);
  const B = new Tensor(b, 'float64', [n, n]);
  const C = new Tensor(c, 'float64', [n, n]);
  const A32 = new Tensor(Float32Array.from(a), 'float32', [n, n]);
  const B32 = new Tensor(Float32Array.from(b), 'float32', [n, n]);
  const At = transpose(A);
  const Bt = transpose(B);
  const Ct = transpose(C);
  const m = n * n;
  // Written out, not made by a factory: closures from one factory share their call feedback.
  const flatAdd = () => {
    const o = new Float64Array(m);
    for (let i = 0; i < m; i++) o[i] = a[i]! + b[i]!;
    return o;
  };
  const flatMul = () => {
    const o = new Float64Array(m);
    for (let i = 0; i < m; i++) o[i] = a[i]! * b[i]!;
    return o;
  };
  return [
    { name: 'add(A, B)', run: () => add(A, B), floor: flatAdd },
    { name: 'add(A, Bᵀ)', run: () => add(A, Bt) },
    { name: 'add(A, 2.5)', run: () => add(A, 2.5) },
    { name: 'mul(A, B)', run: () => mul(A, B), floor: flatMul },
    { name: 'mul(A, Bᵀ)', run: () => mul(A, Bt) },
    { name: 'mul(A, 2.5)', run: () => mul(A, 2.5) },
    { name: 'mul(A32, B32) float32', run: () => mul(A32, B32) },
    { name: 'sub(A, adjoint(B))', run: () => sub(A, adjoint(B)) },
    { name: 'lessEqual(A, 0)', run: () => lessEqual(A, 0) },
    {
      name: 'where(C, A, B)',
      run: () => where(C, A, B),
      floor: () => {
        const o = new Float64Array(m);
        for (let i = 0; i < m; i++) o[i] = c[i] !== 0 ? a[i]! : b[i]!;
        return o;
      },
    },
    { name: 'where(Cᵀ, Aᵀ, Bᵀ)', run: () => where(Ct, At, Bt) },
    { name: 'where(C, A, 0)', run: () => where(C, A, 0) },
    {
      name: 'exp(A)',
      run: () => exp(A),
      floor: () => {
        const o = new Float64Array(m);
        for (let i = 0; i < m; i++) o[i] = Math.exp(a[i]!);
        return o;
      },
    },
    { name: 'exp(Aᵀ)', run: () => exp(At) },
  ];
}

export default async function elementwiseBench(): Promise<string> {
  const lines: string[] = [];
  const cases = SIZES.map((n) => rows(n));
  lines.push(
    `| op | ${SIZES.map((n) => `${n}² ms | flat loop ${n}² ms`).join(' | ')} |`,
    `|---|${SIZES.map(() => '---:|---:').join('|')}|`,
  );
  for (let r = 0; r < cases[0]!.length; r++) {
    const cells: string[] = [];
    for (let s = 0; s < SIZES.length; s++) {
      const row = cases[s]![r]!;
      const opts = SIZES[s]! >= 1024 ? { minSamples: 8, minCpuMs: 400 } : { minSamples: 12, minCpuMs: 300 };
      cells.push(fmt(await medianMs(() => do_not_optimize(row.run()), opts), 3));
      const floor = row.floor;
      cells.push(floor ? fmt(await medianMs(() => do_not_optimize(floor()), opts), 3) : '');
    }
    lines.push(`| ${cases[0]![r]!.name} | ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}
