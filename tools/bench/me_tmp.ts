import { matrixExp } from '@svd/linalg';
import { tensor } from '@svd/tensor';
function rnd(len: number, seed: number) { let s = seed >>> 0; const a = new Float64Array(len); for (let i = 0; i < len; i++) { s = (s * 1664525 + 1013904223) >>> 0; a[i] = (s / 2 ** 32) * 2 - 1; } return a; }
const n = Number(process.argv[2] ?? 256); const a = rnd(n * n, 7);
let m = 0; for (let j = 0; j < n; j++) { let s = 0; for (let i = 0; i < n; i++) s += Math.abs(a[i * n + j]!); m = Math.max(m, s); }
for (let i = 0; i < a.length; i++) a[i] = a[i]! * 8 / m;
const A = tensor(a, { shape: [n, n] });
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const xs: number[] = [];
for (let r = 0; r < 25; r++) { const t0 = cpu(); matrixExp(A); xs.push(cpu() - t0); }
xs.sort((p, q) => p - q); console.log('matrixExp', n, 'median', xs[12]!.toFixed(1), 'min', xs[0]!.toFixed(1));
