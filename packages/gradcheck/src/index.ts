export { GradcheckError } from './errors.js';
export type {
  VarFunction,
  CheckOptions,
  GradcheckOptions,
  GradcheckReport,
  InputReport,
  OutputReport,
  OutputCoordinate,
  AdjointReport,
  JvpcheckReport,
} from './types.js';
export { DEFAULT_ATOL, DEFAULT_RTOL } from './tolerance.js';
export { gradcheck, assertGradcheck } from './gradcheck.js';
export { gradgradcheck, assertGradgradcheck, type GradgradcheckOptions } from './gradgradcheck.js';
export { jvpcheck, assertJvpcheck, formatJvpReport } from './jvpcheck.js';
export {
  checkRule,
  assertRule,
  formatRuleReport,
  type CheckRuleOptions,
  type RuleCheck,
  type RuleCheckReport,
} from './checkRule.js';
export {
  absValues,
  uvAdjoint,
  productWithAdjoint,
  projector,
  phaseNormalized,
  type PhaseOptions,
  type VarListFunction,
} from './gauge.js';
export { formatReport } from './report.js';
