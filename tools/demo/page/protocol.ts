/** Messages between the live page and its Web Worker, and the state the page publishes for tests. */
import type { IsingPoint } from '../src/isingSweep.js';

/** What to compute: one TRG series per χ over the same β values. */
export interface SweepConfig {
  chis: number[];
  betas: number[];
  steps: number;
}

export type WorkerMessage =
  | { type: 'progress'; chi: number; index: number; fraction: number }
  | { type: 'point'; chi: number; index: number; point: IsingPoint }
  | { type: 'done' }
  | { type: 'error'; message: string };

/** window.__demo: what the page has computed so far (the browser test reads it). */
export interface PageState {
  status: 'running' | 'done' | 'error';
  config: SweepConfig;
  runs: { chi: number; points: IsingPoint[] }[];
  error?: string;
}

declare global {
  interface Window {
    __demo?: PageState;
  }
}
