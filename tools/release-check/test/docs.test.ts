/**
 * `pnpm run docs` (typedoc, typedoc.json at the root) builds the API site without errors: one page
 * per package. (`pnpm docs` itself is pnpm's pass-through to `npm docs`, so the script is run
 * with `pnpm run docs`.) Here the site goes to a temporary folder instead of docs-site/.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'svd-docs-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

it('typedoc builds the API site with no errors', () => {
  const typedoc = join(root, 'node_modules', '.bin', 'typedoc');
  const r = spawnSync(typedoc, ['--out', out], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
  });
  // typedoc logs warnings and errors on stderr, and exits non-zero on any error.
  const log = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  expect(r.error, 'could not start typedoc').toBeUndefined();
  expect(r.status, `typedoc failed:\n${log}`).toBe(0);
  expect(log).not.toMatch(/\[error\]/);
  const warnings = /Found 0 errors and (\d+) warnings?/.exec(log)?.[1] ?? '0';
  console.log(`typedoc: 0 errors, ${warnings} warnings`);
  const index = readFileSync(join(out, 'index.html'), 'utf8');
  expect(index).toContain('<title>@svd');
  for (const p of ['tensor', 'linalg', 'tape', 'ops-svd', 'gradcheck']) {
    expect(existsSync(join(out, 'modules', `_svd_${p}.html`)), `the page of @svd/${p}`).toBe(true);
  }
}, 120_000);
