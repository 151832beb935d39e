/**
 * The live page's Web Worker: runs the same isingPoint as `pnpm demo` for every (χ, β), smallest χ
 * first so a complete curve appears early, and reports progress within each point.
 */
import { isingPoint } from '../src/isingSweep.js';
import type { SweepConfig, WorkerMessage } from './protocol.js';

const post = (m: WorkerMessage) => postMessage(m);

addEventListener('message', (event: MessageEvent<SweepConfig>) => {
  const { chis, betas, steps } = event.data;
  try {
    for (const chi of chis) {
      for (const [index, beta] of betas.entries()) {
        post({ type: 'progress', chi, index, fraction: 0 });
        const point = isingPoint(beta, chi, steps, (fraction) => post({ type: 'progress', chi, index, fraction }));
        post({ type: 'point', chi, index, point });
      }
    }
    post({ type: 'done' });
  } catch (e) {
    post({ type: 'error', message: e instanceof Error ? `${e.name}: ${e.message}\n${e.stack ?? ''}` : String(e) });
  }
});
