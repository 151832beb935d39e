/**
 * The committed API report of every package (packages/<pkg>/api-report.md) equals the one
 * generated from its source now: a change of the public surface must come with its report, so it
 * is reviewed as a diff. The fix for a failure is the command in the message.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiReports } from '../src/apiReport.js';
import { lineDiff } from '../src/lineDiff.js';
import { PACKAGES, ROOT } from '../src/workspace.js';

describe('API reports', () => {
  const reports = apiReports();

  for (const pkg of PACKAGES) {
    it(`packages/${pkg}/api-report.md is up to date`, () => {
      const path = join(ROOT, 'packages', pkg, 'api-report.md');
      const generated = reports.get(pkg)!;
      const committed = existsSync(path) ? readFileSync(path, 'utf8') : '';
      const hint =
        `packages/${pkg}/api-report.md differs from the exports of packages/${pkg}/src/index.ts. ` +
        'If the change of the public surface is intended, run `pnpm api-report` and commit the result.';
      expect(committed === generated, `${hint}\n(- committed, + generated)\n${lineDiff(committed, generated)}`).toBe(
        true,
      );
    });
  }

  it('lists each kind of export with its signature', () => {
    const tensor = reports.get('tensor')!;
    expect(tensor).toContain('function matmul(a: Tensor, b: Tensor): Tensor;');
    expect(tensor).toContain("type DType = 'float64' | 'float32' | 'complex128' | 'complex64';");
    expect(tensor).toContain('class ShapeError extends SvdError {');
    expect(tensor).toContain('const DTYPES: readonly DType[];');
    expect(tensor).toMatch(/namespace kernels \{\n(?: {2}.*\n)*? {2}function gemm\(/);
    // internals stay out of the surface
    expect(tensor).not.toMatch(/function (stridedOffsets|validateShape|sizeOf)\(/);
  });
});

describe('lineDiff', () => {
  it('marks removed and added lines and keeps context', () => {
    const before = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'].join('\n');
    const after = ['a', 'b', 'c', 'D', 'e', 'f', 'g', 'h', 'i', 'j', 'k'].join('\n');
    expect(lineDiff(before, after)).toBe(
      ['  b', '  c', '- d', '+ D', '  e', '  f', '  …', '  i', '  j', '+ k'].join('\n'),
    );
  });
});
