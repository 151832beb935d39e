/**
 * Correct and deliberately wrong rules. Each wrong one carries a classic pullback bug; the tests
 * prove every check in this package catches it (a checker that never fails proves nothing).
 */
import {
  type Var,
  add,
  adjoint,
  conj,
  cos,
  defineRule,
  matmul,
  matrixTranspose,
  mul,
  neg,
  sin,
  stopGradient,
} from '@svd/tape';
import * as T from '@svd/tensor';

/** sin(x): correct, and with a sign error. */
export const sinRule = defineRule({
  name: 'sin',
  forward: (x) => T.sin(x),
  backward: ([g], { inputs: [x] }) => (g ? mul(g, cos(x!)) : null),
  jvp: ([t], { inputs: [x] }) => (t ? mul(t, cos(x!)) : null),
});
export const sinSignError = defineRule({
  name: 'sinSignError',
  forward: (x) => T.sin(x),
  backward: ([g], { inputs: [x] }) => (g ? neg(mul(g, cos(x!))) : null),
});
/** Correct pullback, wrong explicit jvp (sign error): only the forward-mode checks can see it. */
export const sinWrongJvp = defineRule({
  name: 'sinWrongJvp',
  forward: (x) => T.sin(x),
  backward: ([g], { inputs: [x] }) => (g ? mul(g, cos(x!)) : null),
  jvp: ([t], { inputs: [x] }) => (t ? neg(mul(t, cos(x!))) : null),
});

/** A·B: correct, and with A's cotangent transposed (square inputs, so the tape's shape check passes). */
export const matmulRule = defineRule({
  name: 'matmul',
  forward: (a, b) => T.matmul(a, b),
  backward: ([g], { inputs: [a, b] }) => (g ? [matmul(g, adjoint(b!)), matmul(adjoint(a!), g)] : [null, null]),
});
export const matmulTransposed = defineRule({
  name: 'matmulTransposed',
  forward: (a, b) => T.matmul(a, b),
  backward: ([g], { inputs: [a, b] }) =>
    g ? [matrixTranspose(matmul(g, adjoint(b!))), matmul(adjoint(a!), g)] : [null, null],
});

/** x·sin(x): the product rule, and the product rule missing its x·cos(x) term. */
export const xSinX = defineRule({
  name: 'xSinX',
  forward: (x) => T.mul(x, T.sin(x)),
  backward: ([g], { inputs: [x] }) => (g ? mul(g, add(sin(x!), mul(x!, cos(x!)))) : null),
});
export const xSinXMissingTerm = defineRule({
  name: 'xSinXMissingTerm',
  forward: (x) => T.mul(x, T.sin(x)),
  backward: ([g], { inputs: [x] }) => (g ? mul(g, sin(x!)) : null),
});

/** Complex a·b: cotangents ḡ·conj(b), ḡ·conj(a); the wrong one forgets the conjugation. */
export const cmul = defineRule({
  name: 'cmul',
  forward: (a, b) => T.mul(a, b),
  backward: ([g], { inputs: [a, b] }) => (g ? [mul(g, conj(b!)), mul(g, conj(a!))] : [null, null]),
});
export const cmulNoConj = defineRule({
  name: 'cmulNoConj',
  forward: (a, b) => T.mul(a, b),
  backward: ([g], { inputs: [a, b] }) => (g ? [mul(g, b!), mul(g, a!)] : [null, null]),
});

/** (x², 3x) as one two-output rule; the wrong pullback ignores the second output's cotangent. */
export const squareAndTriple = defineRule({
  name: 'squareAndTriple',
  forward: (x) => [T.mul(x, x), T.mul(x, 3)],
  backward: ([gy, gz], { inputs: [x] }) => {
    const a = gy ? mul(gy, mul(conj(x!), 2)) : null;
    const b = gz ? mul(gz, 3) : null;
    return a && b ? add(a, b) : (a ?? b);
  },
});
export const squareAndTripleIgnoresSecond = defineRule({
  name: 'squareAndTripleIgnoresSecond',
  forward: (x) => [T.mul(x, x), T.mul(x, 3)],
  backward: ([gy], { inputs: [x] }) => (gy ? mul(gy, mul(conj(x!), 2)) : null),
});

/** exp with a pullback computed on plain tensors: right first derivative, second derivative lost. */
export const expPlainTensor = defineRule({
  name: 'expPlainTensor',
  forward: (x) => T.exp(x),
  backward: ([g], { inputs: [x] }) => (g ? T.mul(g.value, T.exp(x!.value)) : null),
});

/** 3x² with a wrong pullback (3x instead of 6x): only visible as a second-order term of `cube`. */
const threeSquared = defineRule({
  name: 'threeSquared',
  forward: (x) => T.mul(T.mul(x, x), 3),
  backward: ([g], { inputs: [x] }) => (g ? mul(g, mul(x!, 3)) : null),
});
/** x³ whose pullback ḡ·3x² is right but built from the wrong `threeSquared`. */
export const cubeWrongSecondOrder = defineRule({
  name: 'cubeWrongSecondOrder',
  forward: (x) => T.mul(T.mul(x, x), x),
  backward: ([g], { inputs: [x] }) => (g ? mul(g, threeSquared(x!)) : null),
});
/** x³ whose pullback cuts the graph with stopGradient: second derivative silently 0. */
export const cubeStopGradient = defineRule({
  name: 'cubeStopGradient',
  forward: (x) => T.mul(T.mul(x, x), x),
  backward: ([g], { inputs: [x] }) => (g ? mul(g, mul(mul(stopGradient(x!), stopGradient(x!)), 3)) : null),
});

/** A pullback returning the wrong shape (a sum instead of a per-entry cotangent). */
export const wrongShape = defineRule({
  name: 'wrongShape',
  forward: (x) => T.exp(x),
  backward: ([g]) => (g ? T.sum(g.value) : null),
});

/** A forward that is not a function of its input. */
let calls = 0;
export const nondeterministic = defineRule({
  name: 'nondeterministic',
  forward: (x) => T.add(x, 1e-12 * ++calls),
  backward: ([g]) => g ?? null,
});

export type { Var };

/** Complex a·b with an explicit jvp ta·b + a·tb; the wrong one conjugates a. */
export const cmulWithJvp = defineRule({
  name: 'cmulWithJvp',
  forward: (a, b) => T.mul(a, b),
  backward: ([g], { inputs: [a, b] }) => (g ? [mul(g, conj(b!)), mul(g, conj(a!))] : [null, null]),
  jvp: ([ta, tb], { inputs: [a, b] }) => add(ta ? mul(ta, b!) : 0, tb ? mul(a!, tb) : 0),
});
export const cmulJvpConjugated = defineRule({
  name: 'cmulJvpConjugated',
  forward: (a, b) => T.mul(a, b),
  backward: ([g], { inputs: [a, b] }) => (g ? [mul(g, conj(b!)), mul(g, conj(a!))] : [null, null]),
  jvp: ([ta, tb], { inputs: [a, b] }) => add(ta ? mul(ta, b!) : 0, tb ? mul(conj(a!), tb) : 0),
});
