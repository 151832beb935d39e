/**
 * The committed worker source (the pool's workers run it) is the bundle of the current kernels:
 * a stale copy would compute with old kernels in the workers and break bit-identity across
 * thread counts. Regenerate with `npx tsx packages/tensor/scripts/buildWorkerSource.ts`.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GENERATED, workerSourceModule } from '../scripts/buildWorkerSource.js';
import { WORKER_SOURCE } from '../src/threads/workerSource.generated.js';

describe('workerSource.generated.ts', () => {
  it('is up to date with the sources it bundles', async () => {
    const fresh = await workerSourceModule();
    expect(
      readFileSync(GENERATED, 'utf8') === fresh,
      'stale: run npx tsx packages/tensor/scripts/buildWorkerSource.ts',
    ).toBe(true);
  }, 60_000);
  it('is a self-contained script (no import, no require of a file, no nested worker source)', () => {
    expect(WORKER_SOURCE.length).toBeGreaterThan(10_000);
    expect(/\bimport\s*[({'"]/.test(WORKER_SOURCE), 'an import').toBe(false);
    expect(/\brequire\(/.test(WORKER_SOURCE), 'a require').toBe(false);
    expect(/WORKER_SOURCE\s*=\s*(""|'')/.test(WORKER_SOURCE), 'the nested worker source is stubbed out').toBe(true);
    expect(() => new Function(WORKER_SOURCE)).not.toThrow();
  });
});
