export { Var, isVar, variable, constant, stopGradient, valueOf, asVar, type Input } from './Var.js';
export { RuleError, TapeError } from './errors.js';
export { noGrad, enableGrad, isRecording } from './gradMode.js';
export {
  defineRule,
  checkCotangents,
  type Rule,
  type RuleSpec,
  type RuleContext,
  type CotangentResult,
  type ForwardWithSaved,
  type ForwardResult,
  type Lifted,
  type Outputs,
  type OutputVars,
  type OutputCotangents,
} from './defineRule.js';
export { backward, gradients, type BackwardOptions } from './backward.js';
export { grad, valueAndGrad, vjp, jvp, hvp, type GradOptions, type GradResult, type Pullback } from './functional.js';
export {
  abs,
  add,
  cos,
  div,
  exp,
  log,
  maximum,
  minimum,
  mul,
  neg,
  pow,
  reciprocal,
  scale,
  sign,
  sin,
  sqrt,
  square,
  sub,
  tanh,
  where,
} from './ops/arithmetic.js';
export { complex, conj, imag, real } from './ops/complexParts.js';
export { max, mean, min, norm, prod, sum, type NormOptions, type ReduceOptions } from './ops/reductions.js';
export {
  broadcastTo,
  castReal,
  castTensor,
  contiguous,
  diagonal,
  diagonalScatter,
  expand,
  flatten,
  matrixTranspose,
  permute,
  reshape,
  slice,
  sliceScatter,
  squeeze,
  swapAxes,
  transpose,
  unsqueeze,
} from './ops/views.js';
export { adjoint, dot, einsum, matmul, outer, tensordot, vdot } from './ops/linear.js';
export { concat, diag, diagEmbed, flip, stack, trace, tril, triu } from './ops/structure.js';
export { unbroadcast } from './ops/unbroadcast.js';
