/**
 * Bundles page/main.ts (and the @svd packages' TypeScript sources, through the `@svd/source`
 * export condition, so no prior build is needed) into one IIFE, next to a copy of index.html.
 * `pnpm --filter @svd/browser bundle [outdir]` writes tools/browser/dist by default.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { ScenarioInputs } from '../page/scenario.js';

const pageDir = fileURLToPath(new URL('../page/', import.meta.url));

/**
 * `nodeInputs`, when given, are compiled into the page, which then also runs the scenario on
 * exactly those numbers (the seeded generators' output can differ in the last bit between
 * JavaScript engines, whose Math.log is not correctly rounded).
 */
export async function bundlePage(
  outdir: string,
  nodeInputs: ScenarioInputs | null = null,
): Promise<{ js: string; html: string }> {
  mkdirSync(outdir, { recursive: true });
  const js = join(outdir, 'main.js');
  await build({
    entryPoints: [join(pageDir, 'main.ts')],
    outfile: js,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    conditions: ['@svd/source'],
    define: { __NODE_INPUTS__: JSON.stringify(nodeInputs) },
    sourcemap: 'inline',
    logLevel: 'silent',
  });
  const html = join(outdir, 'index.html');
  copyFileSync(join(pageDir, 'index.html'), html);
  return { js, html };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const outdir = process.argv[2] ?? fileURLToPath(new URL('../dist/', import.meta.url));
  const { js } = await bundlePage(outdir);
  console.log(`wrote ${js}`);
}
