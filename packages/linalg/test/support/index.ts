/**
 * The linalg test support module: every test imports its helpers from here. Dense real and
 * complex arithmetic independent of the code under test, LAPACK test matrices and ratios, fixture
 * loading, and `thrown`.
 */
export * from './complexMatrix.js';
export * from './denseMatrix.js';
export * from './fixtures.js';
export * from './lapackRatios.js';
export * from './testMatrices.js';
export * from './thrown.js';
export * from './dtypeKits.js';
export * from './randomInputs.js';
export * from './krylovChecks.js';
export * from './apiDTypes.js';
export * from './sameBits.js';
