/**
 * The consumer page (page/main.ts: the bug report's scenario and a nuclear-norm gradient), bundled
 * with esbuild into an IIFE, served on 127.0.0.1 and run in headless Chromium (Debian's package,
 * driven by playwright-core). Its result must equal, bit for bit, the same function run here in Node.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { svd } from '@svd/linalg';
import { matmul, matrixTranspose, randn } from '@svd/tensor';
import { type BrowserContext, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ScenarioResult, runScenario } from '../page/scenario.js';
import { bundlePage } from '../src/bundle.js';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

describe('the consumer page in headless Chromium', () => {
  let outdir = '';
  let userDataDir = '';
  let server: Server | undefined;
  let context: BrowserContext | undefined;
  let url = '';

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `${CHROMIUM} not found: this test needs Debian's chromium package. Install it with ` +
          '`apt-get update && apt-get install -y chromium` (.ci/run does this in CI).',
      );
    }
    outdir = mkdtempSync(join(tmpdir(), 'svd-browser-'));
    const { js, html } = await bundlePage(outdir);
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

    // A fresh, empty profile for every run.
    userDataDir = mkdtempSync(join(tmpdir(), 'svd-chromium-profile-'));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      timeout: 60_000,
    });
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
    for (const d of [outdir, userDataDir]) if (d) rmSync(d, { recursive: true, force: true });
  });

  it('computes exactly what Node computes', async () => {
    const page = await context!.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console.error: ${m.text()}`);
    });
    page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`));

    await page.goto(url);
    await page.waitForFunction(() => window.__result !== undefined, undefined, { timeout: 30_000 });
    const fromBrowser = (await page.evaluate(() => window.__result)) as ScenarioResult | { error: string };
    const shown = await page.textContent('body');
    const userAgent = await page.evaluate(() => navigator.userAgent);
    await page.close();

    expect(fromBrowser, 'the page threw').not.toHaveProperty('error');
    expect(problems).toEqual([]);
    expect(userAgent).toMatch(/HeadlessChrome|Chrome/);

    const fromNode = runScenario();
    // page.evaluate transfers doubles exactly, so toEqual is bit-for-bit equality.
    expect(fromBrowser).toEqual(fromNode);
    // The page also shows the result to a person.
    expect(shown).toContain(JSON.stringify(fromNode, null, 2));
  });

  it('the page computes what it claims', () => {
    const r = runScenario();
    expect(r.bugReport.shape).toEqual([4, 6]);
    expect(r.bugReport.grad).toHaveLength(24);
    expect(r.bugReport.grad.every(Number.isFinite)).toBe(true);

    // ‖B‖_* = Σσ, and its gradient is U·Vᵀ for a full-rank B.
    const B = randn([5, 3], { seed: 7 });
    const [U, S, V] = svd(B);
    const sigma = Array.from(S.toTypedArray());
    expect(r.nuclearNorm.singularValues).toEqual(sigma);
    expect(r.nuclearNorm.value).toBeCloseTo(
      sigma.reduce((a, b) => a + b, 0),
      13,
    );
    const uvt = Array.from(matmul(U, matrixTranspose(V)).toTypedArray());
    r.nuclearNorm.grad.forEach((g, i) => expect(g).toBeCloseTo(uvt[i]!, 12));
  });
});
