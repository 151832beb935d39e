/**
 * The live page (`pnpm demo --html`) opened from file:// in headless Chromium: it must run the TRG
 * in its inlined Web Worker to the end, and every number it computes (ln Z, E, C and Onsager's
 * values) must equal, bit for bit, what isingPoint computes here in Node. A full-page screenshot
 * is kept in tools/demo/test-output/ (gitignored) for a person to look at.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { browserRequired, launchBrowser, missingBrowserMessage, resolveBrowser } from '@svd/browser';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PageState, SweepConfig } from '../page/protocol.js';
import { escapeInlineScript, livePageHtml } from '../src/htmlPage.js';
import { type IsingPoint, isingPoint } from '../src/isingSweep.js';
import { BETA_C } from '../src/onsager.js';

const OUTPUT_DIR = fileURLToPath(new URL('../test-output/', import.meta.url));

/** The shared launcher (SVD_CHROMIUM, npm's @sparticuz/chromium, or a system Chromium); null when none. */
async function launch(): Promise<Browser | null> {
  const launched = await launchBrowser();
  if (launched) return launched.browser;
  const { tried } = await resolveBrowser();
  if (browserRequired()) throw new Error(`live page test: ${missingBrowserMessage(tried)}`);
  console.warn(missingBrowserMessage(tried));
  return null;
}

/** Small enough to keep the test quick, and covering the critical point and both phases. */
// 0.36, 0.45 and 0.6 are among the β where Math.exp(±β) differs between Node 20 and Chromium 156.
const CONFIG: SweepConfig = { chis: [4, 6], betas: [0.36, BETA_C, 0.45, 0.6], steps: 8 };

/** The TRG's own numbers: the library promises the same bits in every engine. */
const trgNumbers = (p: IsingPoint) => ({ beta: p.beta, lnZ: p.lnZ, energy: p.energy, specificHeat: p.specificHeat });
/**
 * Onsager's values use Math.sin, Math.log, Math.cosh…, whose last bit differs between engines
 * (Node 20 and Chromium 156 disagree), so they agree to rounding, not bit for bit.
 */
const exactNumbers = (p: IsingPoint) => [p.exactLnZ, p.exactEnergy, p.exactSpecificHeat];

describe('the live page in headless Chromium', () => {
  let browser: Browser | null = null;
  let htmlPath = '';

  beforeAll(async () => {
    mkdirSync(OUTPUT_DIR, { recursive: true });
    htmlPath = join(OUTPUT_DIR, 'live-page.html');
    writeFileSync(htmlPath, await livePageHtml(CONFIG));
    browser = await launch();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('runs its worker from file:// and computes what Node computes, bit for bit', async (ctx) => {
    if (!browser) return ctx.skip();
    const page = await browser.newPage({ viewport: { width: 1680, height: 1000 } });
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      // The default gauge policy may send one aggregated line per flush (the TRG's S̄ differs
      // inside degenerate blocks, which the check cannot judge); anything else is a problem.
      const gaugeLine = m.type() === 'warning' && /^svd: gauge check: \d+ reports? since the last flush/.test(m.text());
      if ((m.type() === 'error' || m.type() === 'warning') && !gaugeLine)
        problems.push(`console.${m.type()}: ${m.text()}`);
    });
    page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));

    await page.goto(pathToFileURL(htmlPath).href);
    // Figures are drawn (empty frames) before the first point arrives.
    expect(await page.locator('#observables svg').count()).toBe(1);
    await page.waitForFunction(() => window.__demo?.status !== 'running', undefined, { timeout: 90_000 });
    const state = (await page.evaluate(() => window.__demo)) as PageState;
    const bars = await page.$$eval('#progress progress', (els) => els.map((e) => (e as HTMLProgressElement).value));
    const markers = await page.locator('#errors svg .marker').count();
    const resultRows = await page.locator('#results tbody tr').count();
    const status = await page.textContent('#status');
    await page.screenshot({ path: join(OUTPUT_DIR, 'live-page.png'), fullPage: true });
    await page.close();

    expect(state.error).toBeUndefined();
    expect(state.status).toBe('done');
    expect(status).toMatch(/^done in \d+\.\d s\.$/);
    expect(problems).toEqual([]);
    expect(bars).toEqual(new Array(CONFIG.chis.length * CONFIG.betas.length).fill(1));
    // Two χ series; C's error is left out at β_c, where the exact C/N is infinite.
    expect(markers).toBe(2 * 4 + 2 * 3);
    expect(resultRows).toBe(CONFIG.chis.length * CONFIG.betas.length);

    expect(state.runs.map((r) => r.chi)).toEqual(CONFIG.chis);
    for (const run of state.runs) {
      expect(run.points.map((p) => p.beta)).toEqual(CONFIG.betas);
      for (const p of run.points) {
        const node = isingPoint(p.beta, run.chi, CONFIG.steps);
        // page.evaluate transfers doubles exactly, so toEqual is bit-for-bit equality.
        expect(trgNumbers(p), `χ = ${run.chi}, β = ${p.beta}`).toEqual(trgNumbers(node));
        const exact = exactNumbers(node);
        exactNumbers(p).forEach((v, i) => {
          expect(Math.abs(v - exact[i]!), `Onsager value ${i} at β = ${p.beta}`).toBeLessThanOrEqual(
            1e-14 * Math.abs(exact[i]!),
          );
        });
        expect(p.seconds).toBeGreaterThan(0);
      }
    }
  }, 150_000);
});

describe('the live page file', () => {
  it('is one self-contained document: no external script, stylesheet or worker file', async () => {
    const html = await livePageHtml({ chis: [4], betas: [0.4], steps: 4 });
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<script[^>]*\ssrc=/i);
    expect(html).not.toMatch(/<link[^>]*stylesheet/i);
    expect(html.match(/<script>/g)).toHaveLength(1);
    expect(html.match(/<\/script>/gi)).toHaveLength(1);
    expect(html).toContain('URL.createObjectURL(new Blob([');
  }, 60_000);

  it('escapes what would end or confuse an inline script', () => {
    expect(escapeInlineScript('"</script><!-- </SCRIPT"')).toBe('"<\\/script><\\!-- <\\/SCRIPT"');
  });
});
