/**
 * The committed worker module (the batch kernels the pool workers run) is the bundle of the
 * current sources: a stale copy would compute batches with old kernels in the workers and break
 * bit-identity across thread counts. Regenerate with
 * `npx tsx packages/linalg/scripts/buildWorkerModule.ts`.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GENERATED, workerModuleText } from '../scripts/buildWorkerModule.js';
import { BATCH_MODULE_ID, BATCH_MODULE_SOURCE } from '../src/threads/workerModule.generated.js';

// tensor's generated worker text, read as a file to check that it is not in the bundle
const WORKER_SOURCE = readFileSync(
  new URL('../../tensor/src/threads/workerSource.generated.ts', import.meta.url),
  'utf8',
);

describe('workerModule.generated.ts', () => {
  it('is up to date with the sources it bundles', async () => {
    const fresh = await workerModuleText();
    expect(
      readFileSync(GENERATED, 'utf8') === fresh,
      'stale: run npx tsx packages/linalg/scripts/buildWorkerModule.ts',
    ).toBe(true);
  }, 60_000);
  it('is a self-contained function body returning the batch task (no import, require or tensor worker source)', () => {
    expect(BATCH_MODULE_ID).toMatch(/^@svd\/linalg\/batch#[0-9a-f]{16}$/);
    expect(/\bimport\s*[({'"]/.test(BATCH_MODULE_SOURCE), 'an import').toBe(false);
    expect(/\brequire\(/.test(BATCH_MODULE_SOURCE), 'a require').toBe(false);
    // tensor's worker source (the text of its pool workers, with their fault hooks) is stubbed out
    expect(WORKER_SOURCE).toContain('injected exit');
    expect(BATCH_MODULE_SOURCE).not.toContain('injected exit');
    const table = new Function(BATCH_MODULE_SOURCE)() as Record<string, unknown>;
    expect(typeof table.batch).toBe('function');
  });
});
