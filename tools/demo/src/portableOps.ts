/**
 * Differentiable exp and log on the tape whose values are the same bits in every JavaScript
 * engine (see portableMath.ts), so the TRG computed in a browser equals Node's bit for bit. Their
 * pullbacks are written with tape ops on the rule's Vars, so they differentiate again.
 */
import { type Tensor, reshape, tensor } from '@svd/tensor';
import { defineRule, div, mul } from '@svd/tape';
import { portableExp, portableLog } from './portableMath.js';

const elementwise = (x: Tensor, f: (v: number) => number): Tensor =>
  reshape(tensor(Array.from(x.toTypedArray(), f)), x.shape);

/** e^x elementwise (real input); d e^x = e^x dx. */
export const pexp = defineRule({
  name: 'portableExp',
  forward: (x: Tensor) => elementwise(x, portableExp),
  backward: ([g], { outputs: [y] }) => g && mul(g, y!),
});

/** ln x elementwise (real input); d ln x = dx / x. */
export const plog = defineRule({
  name: 'portableLog',
  forward: (x: Tensor) => elementwise(x, portableLog),
  backward: ([g], { inputs: [x] }) => g && div(g, x!),
});
