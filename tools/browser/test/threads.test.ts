/**
 * Threads in a browser (issue #13): a page served cross-origin isolated (COOP same-origin, COEP
 * require-corp, from the little server below) in headless Chromium. On the main thread, which may
 * not block, setThreads(2) runs the products on the calling thread; in a dedicated Web Worker the
 * pool starts Blob-URL workers that do part of the work, products and batches of decompositions
 * alike. Both give the bits Node gives with one thread. Under a Content-Security-Policy without
 * 'unsafe-eval' the batch kernels cannot be evaluated in the workers: batches run serially on the
 * worker that calls them, with the same bits, and the products still use the pool.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setThreads } from '@svd/tensor';
import { build } from 'esbuild';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { threadsBatches, threadsProducts } from '../page/threadsProducts.js';
import { browserRequired, missingBrowserMessage, resolveBrowser } from '../src/launchBrowser.js';

const resolution = await resolveBrowser();
if (!resolution.browser) console.warn(missingBrowserMessage(resolution.tried));

describe.skipIf(!resolution.browser && !browserRequired())(
  'threads in headless Chromium (cross-origin isolated)',
  () => {
    let outdir = '';
    let server: Server | undefined;
    let browser: Browser | undefined;
    let url = '';
    setThreads(1);
    const fromNode = threadsProducts();
    const batchesFromNode = threadsBatches();
    // blob: for the pool's workers; no 'unsafe-eval' (workers inherit the policy of their creator)
    const CSP = "default-src 'self'; script-src 'self' blob:; worker-src 'self' blob:";

    beforeAll(async () => {
      outdir = mkdtempSync(join(tmpdir(), 'svd-threads-page-'));
      const js = join(outdir, 'threads.js');
      await build({
        entryPoints: [fileURLToPath(new URL('../page/threads.ts', import.meta.url))],
        outfile: js,
        bundle: true,
        format: 'iife',
        platform: 'browser',
        target: 'es2022',
        conditions: ['@svd/source'],
        logLevel: 'silent',
      });
      const html = '<!doctype html><meta charset="utf-8"><title>threads</title><script src="/threads.js"></script>';
      const files: Record<string, { body: Buffer | string; type: string }> = {
        '/': { body: html, type: 'text/html; charset=utf-8' },
        '/threads.js': { body: readFileSync(js), type: 'text/javascript; charset=utf-8' },
      };
      server = createServer((req, res) => {
        const path = (req.url ?? '/').split('?')[0]!;
        // /csp/…: the same files under a Content-Security-Policy without 'unsafe-eval'
        const csp = path.startsWith('/csp/');
        const file = files[csp ? path.slice(4) : path];
        if (!file) {
          res.writeHead(404).end('not found');
          return;
        }
        res
          .writeHead(200, {
            'content-type': file.type,
            'cache-control': 'no-store',
            // cross-origin isolation: SharedArrayBuffer and Atomics.wait (in workers) are available
            'cross-origin-opener-policy': 'same-origin',
            'cross-origin-embedder-policy': 'require-corp',
            ...(csp ? { 'content-security-policy': CSP } : {}),
          })
          .end(file.body);
      });
      await new Promise<void>((done) => server!.listen(0, '127.0.0.1', done));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
      const resolved = resolution.browser;
      if (!resolved) throw new Error(missingBrowserMessage(resolution.tried));
      // The npm Chromium's default flags turn web security and site isolation off, run one
      // process (no cross-origin isolation possible) and enable SharedArrayBuffer everywhere;
      // without them the page is isolated by its headers alone, as in a user's browser.
      const lax =
        /^--(disable-web-security|disable-site-isolation-trials|enable-features=SharedArrayBuffer|disable-features=.*|single-process|no-zygote)$/;
      browser = await chromium.launch({
        executablePath: resolved.executablePath,
        headless: true,
        args: resolved.args.filter((a) => !lax.test(a)),
        env: { ...process.env, ...resolved.env },
        timeout: 60_000,
      });
    }, 120_000);

    afterAll(async () => {
      await browser?.close();
      await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
      if (outdir) rmSync(outdir, { recursive: true, force: true });
    });

    async function load(path: string) {
      const page = await browser!.newPage();
      const problems: string[] = [];
      page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
      await page.goto(url + path);
      await page.waitForFunction(() => window.__threads !== undefined, undefined, { timeout: 90_000 });
      const result = await page.evaluate(() => window.__threads);
      await page.close();
      if (result === undefined || 'error' in result) throw new Error(`the page failed: ${JSON.stringify(result)}`);
      expect(problems).toEqual([]);
      return result;
    }

    it('main thread: no pool (it may not block), same bits; Web Worker: a pool of Blob-URL workers, same bits', async () => {
      const { main, worker } = await load('');

      expect(main.crossOriginIsolated).toBe(true);
      expect(main.platform).toBe('none: a browser main thread may not block (Atomics.wait)');
      expect(main.jobs).toBe(0);
      expect(main.parallelTasks).toBe(false);
      expect(main.same).toBe(true);
      expect(main.products).toEqual(fromNode);
      expect(main.batches).toEqual(batchesFromNode);

      expect(worker.crossOriginIsolated).toBe(true);
      expect(worker.platform).toBe('browser');
      expect(worker.parallelTasks).toBe(true);
      // 21 rounds of 2 products, 1 + batchRounds rounds of 2 batches
      expect(worker.batchRounds).toBeGreaterThanOrEqual(20);
      expect(worker.jobs).toBe(2 * 21 + 2 * (1 + worker.batchRounds));
      expect(worker.chunksByWorkers).toBeGreaterThan(0);
      expect(worker.batchPartsByWorkers).toBeGreaterThan(0);
      expect(worker.same).toBe(true);
      // page.evaluate and postMessage carry doubles exactly: toEqual is bit-for-bit equality
      expect(worker.products).toEqual(fromNode);
      expect(worker.batches).toEqual(batchesFromNode);
    }, 120_000);

    it("a CSP without 'unsafe-eval': batches run serially in the Web Worker, same bits; products still on the pool", async () => {
      const { main, worker } = await load('csp/');
      expect(main.crossOriginIsolated).toBe(true);
      expect(main.same).toBe(true);
      expect(main.batches).toEqual(batchesFromNode);
      expect(worker.platform).toBe('browser');
      expect(worker.parallelTasks).toBe(false);
      expect(worker.jobs).toBe(2 * 21);
      expect(worker.chunksByWorkers).toBeGreaterThan(0);
      expect(worker.same).toBe(true);
      expect(worker.products).toEqual(fromNode);
      expect(worker.batches).toEqual(batchesFromNode);
    }, 120_000);
  },
);
