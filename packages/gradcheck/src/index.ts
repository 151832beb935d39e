export { GradcheckError } from './errors.js';
export type {
  VarFunction,
  CheckOptions,
  GradcheckOptions,
  GradcheckReport,
  InputReport,
  OutputCoordinate,
} from './types.js';
export { DEFAULT_ATOL, DEFAULT_RTOL } from './tolerance.js';
export { gradcheck, assertGradcheck } from './gradcheck.js';
export { formatReport } from './report.js';
