/**
 * The thread pool from the built package, the way users load it: the ESM build (`import`), the
 * CJS build (`require`) and a single-file bundle of the ESM build made by esbuild. Each runs in
 * a child `node` that multiplies with 2 threads (workers started, work done by them) and must
 * give the bits of 1 thread, then exit promptly on its own — idle workers never keep a process
 * alive. The package is built into a temporary directory (not `dist`, which other tests build).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build as esbuild } from 'esbuild';
import { build as tsup } from 'tsup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const pkg = fileURLToPath(new URL('..', import.meta.url));
let dir = '';

/** The program each child runs; `lib` is the loaded package. */
const BODY = `
const n = 301, k = 257;
const a = new Float64Array(n * k).map((_, i) => Math.sin(i) + 1e-3 * i);
const b = new Float64Array(k * n).map((_, i) => Math.cos(3 * i));
const product = () => {
  const c = new Float64Array(n * n);
  lib.kernels.gemm(n, n, k, 1, lib.kernels.rowMajor(a, k), lib.kernels.rowMajor(b, n), 0, lib.kernels.rowMajor(c, n));
  return c;
};
lib.internal.gemmParallelTesting.setCrossoverScale(0.1); // this 301×257·257×301 is below the crossover
lib.setThreads(1);
const one = product();
lib.setThreads(2);
const t = lib.internal.threadPoolTesting;
t.warmUp().then((ready) => {
  let byWorkers = 0;
  let same = true;
  for (let r = 0; r < 20; r++) {
    const c = product();
    byWorkers += t.lastJobChunksByWorkers();
    same &&= c.every((v, i) => Object.is(v, one[i]));
  }
  console.log(JSON.stringify({ ready, jobs: t.jobsRun(), byWorkers, same, doneAt: Date.now() }));
});
`;

interface ChildReport {
  ready: boolean;
  jobs: number;
  byWorkers: number;
  same: boolean;
  doneAt: number;
}

function runChild(file: string): { report: ChildReport; exitLagMs: number } {
  const out = execFileSync(process.execPath, [file], { encoding: 'utf8', timeout: 120_000 });
  const exitedAt = Date.now();
  const report = JSON.parse(out.trim().split('\n').pop()!) as ChildReport;
  return { report, exitLagMs: exitedAt - report.doneAt };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'svd-threads-dist-'));
  await tsup({
    config: false,
    entry: [join(pkg, 'src/index.ts')],
    format: ['esm', 'cjs'],
    outDir: join(dir, 'dist'),
    target: 'es2022',
    splitting: false,
    treeshake: false,
    dts: false,
    silent: true,
  });
  writeFileSync(join(dir, 'esm.mjs'), `import * as lib from './dist/index.js';\n${BODY}`);
  writeFileSync(join(dir, 'cjs.cjs'), `const lib = require('./dist/index.cjs');\n${BODY}`);
  writeFileSync(join(dir, 'entry.mjs'), `import * as lib from './dist/index.js';\n${BODY}`);
  await esbuild({
    entryPoints: [join(dir, 'entry.mjs')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    outfile: join(dir, 'bundle.mjs'),
    logLevel: 'silent',
  });
}, 180_000);

afterAll(() => {
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

describe('threads from the built package', () => {
  for (const file of ['esm.mjs', 'cjs.cjs', 'bundle.mjs']) {
    it(`${file}: workers do part of the work, same bits as 1 thread, and the process exits by itself`, () => {
      const { report, exitLagMs } = runChild(join(dir, file));
      expect(report.ready).toBe(true);
      expect(report.jobs).toBe(20);
      expect(report.byWorkers).toBeGreaterThan(0);
      expect(report.same).toBe(true);
      // the child exits as soon as its work is done (generous bound: the machine may be loaded)
      expect(exitLagMs).toBeLessThan(5_000);
    }, 120_000);
  }
  it('SVD_NUM_THREADS sets the default; an invalid value warns once on stderr and is ignored', () => {
    const probe = join(dir, 'probe.mjs');
    writeFileSync(probe, "import { getThreads } from './dist/index.js';\nconsole.log(getThreads(), getThreads());\n");
    const env = (v: string) => ({ ...process.env, SVD_NUM_THREADS: v });
    expect(execFileSync(process.execPath, [probe], { encoding: 'utf8', env: env('3') }).trim()).toBe('3 3');
    const bad = spawnSync(process.execPath, [probe], { encoding: 'utf8', env: env('many') });
    const cores = Math.min(availableParallelism(), 16);
    expect(bad.stdout.trim()).toBe(`${cores} ${cores}`);
    expect(bad.stderr.match(/SVD_NUM_THREADS is ignored/g)?.length).toBe(1);
    expect(bad.stderr).toContain('expected a whole number of threads ≥ 1, got "many"');
  });
  it('the browser-platform bundle imports no Node module (the pool reaches worker_threads at run time)', () => {
    const text = readFileSync(join(dir, 'bundle.mjs'), 'utf8');
    expect(/from\s*["']node:|require\(["']node:|import\(["']node:/.test(text)).toBe(false);
    expect(text).toContain('getBuiltinModule');
  });
});
