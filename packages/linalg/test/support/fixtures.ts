/**
 * Fixture files (test/fixtures/*.json, written by tools/fixtures) and conversions between their
 * matrices and tensors. Part of the linalg test support module (./index.ts).
 */
import { readFileSync } from 'node:fs';
import { type Tensor, tensor } from '@svd/tensor';

export interface Mat {
  shape: [number, number];
  data: number[];
}

/** A complex fixture matrix: data is interleaved (re, im), length 2·m·n. */
export interface CMat {
  shape: [number, number];
  data: number[];
}

/** Reads and parses a fixture file from test/fixtures/. */
export function loadFixture<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')) as T;
}

/** A float64 tensor from a fixture matrix. */
export function fromMat(a: Mat): Tensor {
  return tensor(Float64Array.from(a.data), { shape: a.shape });
}

/** A complex tensor from an interleaved fixture matrix. */
export function fromCMat(a: CMat, dtype: 'complex128' | 'complex64' = 'complex128'): Tensor {
  return tensor(Float64Array.from(a.data), { shape: a.shape, dtype });
}

/** Dense row-major float64 copy of a tensor's entries. */
export function f64(t: Tensor): Float64Array {
  return Float64Array.from(t.toTypedArray());
}

/** Interleaved float64 copy of a complex tensor (lazy conjugation applied). */
export function c64(t: Tensor): Float64Array {
  return Float64Array.from(t.toTypedArray());
}
