import { pinv, svd } from '@svd/linalg';
import { randn } from '@svd/tensor';
const A = randn([600, 600], { seed: 1 });
const tp: number[] = [];
const ts: number[] = [];
for (let r = 0; r < 5; r++) {
  let t = performance.now(); svd(A); ts.push(performance.now() - t);
  t = performance.now(); pinv(A); tp.push(performance.now() - t);
}
const med = (x: number[]) => x.sort((a, b) => a - b)[x.length >> 1]!;
console.log(`600x600 median of 5: pinv ${med(tp).toFixed(0)} ms, svd ${med(ts).toFixed(0)} ms`);
