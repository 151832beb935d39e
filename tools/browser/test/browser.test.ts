/**
 * The consumer page (page/main.ts: the bug report's scenario and a nuclear-norm gradient), bundled
 * with esbuild into an IIFE, served on 127.0.0.1 and run in headless Chromium (found by
 * src/launchBrowser.ts: SVD_CHROMIUM, else the npm-shipped @sparticuz/chromium, else a system
 * Chromium/Chrome; driven by playwright-core). On the same inputs its result must equal, bit for
 * bit, the same function run here in Node; on the inputs it draws itself, too.
 *
 * No browser at all: the tests are skipped with a loud message, except under CI=true, where that
 * is a failure.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { svd, svdvals } from '@svd/linalg';
import { matmul, matrixTranspose, reshape, tensor } from '@svd/tensor';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PageResult } from '../page/main.js';
import { type ScenarioResult, randomInputs, runScenario } from '../page/scenario.js';
import { bundlePage } from '../src/bundle.js';
import { browserRequired, launchBrowser, missingBrowserMessage, resolveBrowser } from '../src/launchBrowser.js';

// Resolved once, before collection, so that a missing browser can skip the suite visibly.
const resolution = await resolveBrowser();
const required = browserRequired();
if (!resolution.browser) console.warn(missingBrowserMessage(resolution.tried));

describe('a headless Chromium is available', () => {
  it.runIf(required)('under CI=true a missing browser fails instead of skipping', () => {
    if (!resolution.browser) throw new Error(missingBrowserMessage(resolution.tried));
    expect(resolution.browser.executablePath).toMatch(/\S/);
  });
});

describe.skipIf(!resolution.browser)('the consumer page in headless Chromium', () => {
  let outdir = '';
  let server: Server | undefined;
  let browser: Browser | undefined;
  let url = '';
  const fromNode: ScenarioResult = runScenario(randomInputs());

  beforeAll(async () => {
    outdir = mkdtempSync(join(tmpdir(), 'svd-browser-'));
    const { js, html } = await bundlePage(outdir, fromNode.inputs);
    const files: Record<string, { body: Buffer; type: string }> = {
      '/': { body: readFileSync(html), type: 'text/html; charset=utf-8' },
      '/index.html': { body: readFileSync(html), type: 'text/html; charset=utf-8' },
      '/main.js': { body: readFileSync(js), type: 'text/javascript; charset=utf-8' },
    };
    server = createServer((req, res) => {
      const file = files[(req.url ?? '/').split('?')[0]!];
      if (!file) {
        res.writeHead(404).end('not found');
        return;
      }
      res.writeHead(200, { 'content-type': file.type, 'cache-control': 'no-store' }).end(file.body);
    });
    await new Promise<void>((done) => server!.listen(0, '127.0.0.1', done));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

    // playwright-core gives every launch a fresh, empty profile and removes it on close.
    const launched = await launchBrowser();
    if (!launched) throw new Error(missingBrowserMessage(resolution.tried));
    console.info(`browser: ${launched.resolved.description}`);
    browser = launched.browser;
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
    if (outdir) rmSync(outdir, { recursive: true, force: true });
  });

  it("computes what Node computes, bit for bit, on Node's inputs and on its own seeded draws", async () => {
    const page = await browser!.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console.error: ${m.text()}`);
    });
    page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`));

    await page.goto(url);
    await page.waitForFunction(() => window.__result !== undefined, undefined, { timeout: 30_000 });
    const fromBrowser = (await page.evaluate(() => window.__result)) as PageResult | { error: string };
    const shown = await page.textContent('#result');
    const userAgent = await page.evaluate(() => navigator.userAgent);
    await page.close();

    if ('error' in fromBrowser) throw new Error(`the page threw: ${fromBrowser.error}`);
    expect(problems).toEqual([]);
    expect(userAgent).toContain('HeadlessChrome');

    // page.evaluate transfers doubles exactly, so toEqual is bit-for-bit equality.
    // 1. On Node's inputs (compiled into the bundle) every kernel gives the same bits.
    expect(fromBrowser.fromNodeInputs).toEqual(fromNode);

    // 2. The page's own seeded draws: the RNG is integer-based and its normals use a log built
    //    from IEEE basic operations only, so the page draws the same bits as Node, and every
    //    result downstream — including the 160×120 SVD on the WebAssembly GEMM — is identical.
    const own = fromBrowser.own;
    expect(JSON.parse(shown ?? 'null')).toEqual(own);
    expect(own).toEqual(fromNode);
    expect(own.largeNuclearNorm.grad).toHaveLength(160 * 120);
  });

  it('the page computes what it claims', () => {
    const r = fromNode;
    expect(r.bugReport.shape).toEqual([4, 6]);
    expect(r.bugReport.grad).toHaveLength(24);
    expect(r.bugReport.grad.every(Number.isFinite)).toBe(true);

    // ‖B‖_* = Σσ, and its gradient is U·Vᵀ for a full-rank B.
    const B = reshape(tensor(r.inputs.B), [5, 3]);
    const [U, S, V] = svd(B);
    const sigma = Array.from(S.toTypedArray());
    // The page reports svdvals(B): the same bits as here; svd's S agrees up to rounding only (its
    // vectors route — QR by recursive panels for a tall thin job — is not the values-only one).
    expect(r.nuclearNorm.singularValues).toEqual(Array.from(svdvals(B).toTypedArray()));
    expectClose(r.nuclearNorm.singularValues, sigma, 1e-14, 'σ vs svd');
    expectClose([r.nuclearNorm.value], [sigma.reduce((a, b) => a + b, 0)], 1e-14, 'Σσ');
    expectClose(r.nuclearNorm.grad, Array.from(matmul(U, matrixTranspose(V)).toTypedArray()), 1e-13, 'U·Vᵀ');
  });
});

/** |got − want| ≤ rtol · max(1, ‖want‖∞) entrywise, with the worst entry in the message. */
function expectClose(got: readonly number[], want: readonly number[], rtol: number, what: string): void {
  expect(got, what).toHaveLength(want.length);
  const scale = Math.max(1, ...want.map(Math.abs));
  let worst = 0;
  let at = -1;
  got.forEach((g, i) => {
    const d = Math.abs(g - want[i]!);
    if (!(d <= worst)) {
      worst = d;
      at = i;
    }
  });
  expect(worst, `${what}: worst |Δ| at [${at}]: ${got[at]} vs ${want[at]}`).toBeLessThanOrEqual(rtol * scale);
}
