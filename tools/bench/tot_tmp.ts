import { eig, eigvals } from '@svd/linalg';
import { tensor } from '@svd/tensor';
import { randomBuffer } from './src/util.js';
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
for (const n of [256, 512]) for (const cplx of [false, true]) {
  const A = tensor(randomBuffer((cplx ? 2 : 1) * n * n, 1400 + n), { shape: [n, n], dtype: cplx ? 'complex128' : 'float64' });
  const e: number[] = [], v: number[] = [];
  const reps = n === 256 ? 7 : 3;
  for (let r = 0; r < reps + 1; r++) { let t = cpu(); eig(A); const a = cpu() - t; t = cpu(); eigvals(A); const b = cpu() - t; if (r > 0) { e.push(a); v.push(b); } }
  const med = (x: number[]) => x.sort((p, q) => p - q)[x.length >> 1]!.toFixed(1);
  console.log(n, cplx ? 'complex' : 'real', 'eig', med(e), 'eigvals', med(v));
}
