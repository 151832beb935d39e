export * from './arithmetic.js';
export { imag, complex } from './complexParts.js';
export * from './reductions.js';
export * from './views.js';
export * from './linear.js';
export * from './structure.js';
export { unbroadcast } from './unbroadcast.js';
