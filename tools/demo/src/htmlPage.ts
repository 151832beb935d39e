/**
 * `pnpm demo --html`: one self-contained HTML file. esbuild bundles the worker (page/worker.ts,
 * with the @svd packages' TypeScript sources through the `@svd/source` condition) into an IIFE,
 * which is compiled into the page script as a string and started from a Blob URL — a file://
 * page may not load a worker from a separate file.
 */
import { fileURLToPath } from 'node:url';
import { type BuildOptions, build } from 'esbuild';
import type { SweepConfig } from '../page/protocol.js';

const pageDir = fileURLToPath(new URL('../page/', import.meta.url));

const COMMON: BuildOptions = {
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2022',
  conditions: ['@svd/source'],
  write: false,
  logLevel: 'silent',
  // No minification: the page must compute exactly what Node computes, and readable code helps whoever checks.
  minify: false,
};

async function bundle(entry: string, define: Record<string, string> = {}): Promise<string> {
  const result = await build({ ...COMMON, entryPoints: [`${pageDir}${entry}`], define });
  return result.outputFiles![0]!.text;
}

/**
 * Makes script text safe inside <script>…</script>: `</script` or `<!--` would end or confuse the
 * element. Both can only occur inside string literals here, where `<\/` and `<\!` mean the same.
 */
export function escapeInlineScript(js: string): string {
  return js.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

const STYLE = `
  body { font-family: 'DejaVu Sans', 'Helvetica Neue', Arial, sans-serif; margin: 24px; color: #111; }
  body { max-width: 1700px; }
  h1 { font-size: 22px; margin: 0 0 6px; }
  p { margin: 4px 0; }
  #status { font-weight: bold; margin: 10px 0; }
  .figures { display: flex; flex-wrap: wrap; gap: 16px; }
  .figures svg { max-width: 100%; height: auto; border: 1px solid #ddd; }
  table { border-collapse: collapse; font-size: 13px; margin: 8px 0 16px; }
  th, td { padding: 2px 10px; text-align: left; font-variant-numeric: tabular-nums; }
  progress { width: 160px; vertical-align: middle; }
  .note { color: #555; display: inline-block; min-width: 48px; }
`;

/** The whole page for one sweep, as HTML text. */
export async function livePageHtml(config: SweepConfig): Promise<string> {
  const worker = await bundle('worker.ts');
  const main = await bundle('main.ts', {
    __WORKER_SOURCE__: JSON.stringify(worker),
    __DEMO_CONFIG__: JSON.stringify(config),
  });
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>2D Ising model by TRG, differentiated through every SVD</title>
<link rel="icon" href="data:,">
<style>${STYLE}</style>
</head>
<body>
<h1>2D Ising model by tensor renormalisation, differentiated through every SVD</h1>
<p>Energy per site from the first derivative of ln Z/N, specific heat from the second, by reverse-mode
automatic differentiation through every truncated SVD (@svd), computed here in a Web Worker and compared
with Onsager's exact solution.</p>
<p id="setup"></p>
<div id="status"></div>
<table id="progress"></table>
<div class="figures"><div id="observables"></div><div id="errors"></div></div>
<table id="results"></table>
<script>${escapeInlineScript(main)}</script>
</body>
</html>
`;
}
