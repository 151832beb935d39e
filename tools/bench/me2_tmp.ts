const M = await import('/work/wt/eigspeed/packages/linalg/src/me_tmp.ts');
function rnd(len: number, seed: number) { let s = seed >>> 0; const a = new Float64Array(len); for (let i = 0; i < len; i++) { s = (s * 1664525 + 1013904223) >>> 0; a[i] = (s / 2 ** 32) * 2 - 1; } return a; }
const n = 256; const a = rnd(n * n, 7);
let m = 0; for (let j = 0; j < n; j++) { let s = 0; for (let i = 0; i < n; i++) s += Math.abs(a[i * n + j]!); m = Math.max(m, s); }
for (let i = 0; i < a.length; i++) a[i] = a[i]! * 8 / m;
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
for (let r = 0; r < 10; r++) M.expm('x', a, n, 1);
for (const k of Object.keys(M.T)) M.T[k] = 0;
const t0 = cpu(); const R = 20; for (let r = 0; r < R; r++) M.expm('x', a, n, 1); const tot = (cpu() - t0) / R;
console.log('total', tot.toFixed(1), Object.entries(M.T).map(([k, v]) => `${k} ${(v / R).toFixed(1)}`).join(', '));
const b = a.slice(); const c = a.slice();
for (let r = 0; r < 10; r++) { M.luFactorT(b.slice(), n); }
for (let r = 0; r < 10; r++) { M.tsT(b, n, c, n, { lower: true, unitDiagonal: true, transpose: false }); }
for (const k of Object.keys(M.T)) M.T[k] = 0;
for (let r = 0; r < 20; r++) { M.luFactorT(b.slice(), n); M.tsT(b, n, c, n, { lower: true, unitDiagonal: true, transpose: false }); }
console.log('lu', (M.T.lu / 20).toFixed(2), 'ts', (M.T.ts / 20).toFixed(2));
