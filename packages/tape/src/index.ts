export { Var, variable, constant, stopGradient, valueOf, asVar, type Input } from './Var.js';
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
export * from './ops/index.js';
