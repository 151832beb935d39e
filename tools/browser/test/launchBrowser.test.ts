/**
 * The browser resolution order of src/launchBrowser.ts: an explicit SVD_CHROMIUM wins (and a
 * wrong one is an error, never silently replaced), the skip/fail policy follows CI, and the
 * message for a missing browser lists what was tried. The npm and system rungs are exercised by
 * browser.test.ts itself (it logs which one it used).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BROWSER_ENV, browserRequired, missingBrowserMessage, resolveBrowser } from '../src/launchBrowser.js';

const dir = mkdtempSync(join(tmpdir(), 'svd-launch-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('resolveBrowser', () => {
  it('takes SVD_CHROMIUM first, without looking further', async () => {
    const fake = join(dir, 'my-chromium');
    writeFileSync(fake, '#!/bin/sh\n', { mode: 0o755 });
    const { browser, tried } = await resolveBrowser({ [BROWSER_ENV]: fake, PATH: '' });
    expect(browser?.source).toBe('env');
    expect(browser?.executablePath).toBe(fake);
    expect(browser?.args).toContain('--no-sandbox');
    expect(tried).toEqual([`env: ${BROWSER_ENV}=${fake}`]);
  });

  it('rejects an SVD_CHROMIUM that names no file', async () => {
    const missing = join(dir, 'nope');
    await expect(resolveBrowser({ [BROWSER_ENV]: missing })).rejects.toThrow(`${BROWSER_ENV}=${missing} names no file`);
  });

  it.runIf(process.platform === 'linux' && process.arch === 'x64')(
    'on linux-x64 falls back to the npm-shipped Chromium before any system one',
    async () => {
      const { browser, tried } = await resolveBrowser({ PATH: process.env.PATH });
      expect(browser?.source).toBe('npm');
      expect(browser?.executablePath).toMatch(/143\.0\.4[/\\]chromium$/);
      expect(browser?.args).toContain("--headless='shell'");
      expect(tried[0]).toBe(`env: ${BROWSER_ENV} is not set`);
    },
    120_000,
  );
});

describe('a missing browser', () => {
  it('is required (fails) only under CI=true', () => {
    expect(browserRequired({ CI: 'true' })).toBe(true);
    expect(browserRequired({ CI: '1' })).toBe(true);
    expect(browserRequired({})).toBe(false);
    expect(browserRequired({ CI: 'false' })).toBe(false);
  });

  it('is explained with everything tried and the remedy', () => {
    const tried = ['env: SVD_CHROMIUM is not set', 'npm: not here', 'system: not here either'];
    const skip = missingBrowserMessage(tried, false);
    expect(skip).toContain('SKIPPED');
    for (const t of tried) expect(skip).toContain(`tried ${t}`);
    expect(skip).toContain(`${BROWSER_ENV}=/path/to/chromium`);
    expect(missingBrowserMessage(tried, true)).toContain('FAIL');
  });
});
