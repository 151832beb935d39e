import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { bugReportScenario } from './bugReport.js';
import { chiHint, parseDemoArgs } from './cli.js';
import { type ChiRun, errorsSvg, exactHeatIsInfinite, observablesSvg } from './isingFigures.js';
import { isingPoint } from './isingSweep.js';
import { krylovSection } from './krylovSection.js';
import { twoLevelScenario } from './twoLevel.js';

const opts = parseDemoArgs(process.argv.slice(2));
const { chis, steps, betas } = opts;
const out = resolve(process.cwd(), opts.out);
mkdirSync(dirname(out), { recursive: true });
const log = (s: string) => console.log(s);

if (opts.html) {
  // Loaded only here: esbuild is needed to write the page, not to run the demo.
  const { livePageHtml } = await import('./htmlPage.js');
  writeFileSync(`${out}.html`, await livePageHtml({ chis, steps, betas }));
  log(`live page written to ${out}.html — open it in a browser; it computes χ = ${chis.join(', ')} in a Web Worker.`);
  process.exit(0);
}

log('━━ 1. The bug report, in TypeScript ━━');
bugReportScenario(log);

log('\n━━ 1b. A two-level system: exp(−iHt), its gradient in H, and a non-Hermitian spectrum ━━');
twoLevelScenario(log);

log(`\n━━ 2. The 2D Ising model by TRG (χ = ${chis.join(', ')}; ${steps} steps, N = 2^${steps} sites) ━━`);
log(
  'ln Z/N by one forward pass; E/N = −∂(ln Z/N)/∂β by reverse mode through every SVD; C/N = β²·∂²(ln Z/N)/∂β² by a second derivative.',
);
const runs: ChiRun[] = [];
for (const chi of chis) {
  const run: ChiRun = { chi, points: [] };
  runs.push(run);
  for (const [i, b] of betas.entries()) {
    const p = isingPoint(b, chi, steps);
    run.points.push(p);
    log(`  χ = ${chi} [${i + 1}/${betas.length}] β = ${b.toFixed(6)} done in ${p.seconds.toFixed(1)} s`);
  }
}
const f = (x: number, w = 11, d = 7) => x.toFixed(d).padStart(w);
const e = (x: number) => x.toExponential(1).padStart(9);
for (const run of runs) {
  log(`\nχ = ${run.chi}`);
  const columns: [string, number][] = [
    ['β', 9],
    ['lnZ/N TRG', 11],
    ['Onsager', 11],
    ['rel.err', 9],
    ['E/N TRG', 11],
    ['Onsager', 11],
    ['abs.err', 9],
    ['C/N TRG', 9],
    ['Onsager', 9],
  ];
  log(columns.map(([name, width]) => name.padStart(width)).join(' '));
  for (const p of run.points) {
    const exactC = exactHeatIsInfinite(p.beta) ? '∞'.padStart(9) : f(p.exactSpecificHeat, 9, 4);
    log(
      [
        f(p.beta, 9, 5),
        f(p.lnZ),
        f(p.exactLnZ),
        e(Math.abs(p.lnZ - p.exactLnZ) / p.exactLnZ),
        f(p.energy),
        f(p.exactEnergy),
        e(Math.abs(p.energy - p.exactEnergy)),
        f(p.specificHeat, 9, 4),
        exactC,
      ].join(' '),
    );
  }
}
log(`\nNear β_c the exact C/N diverges logarithmically. ${chiHint(chis)}`);
krylovSection(log);
writeFileSync(`${out}.svg`, observablesSvg(runs, betas, steps));
writeFileSync(`${out}-errors.svg`, errorsSvg(runs, betas, steps));
writeFileSync(`${out}.json`, `${JSON.stringify({ steps, betas, runs }, null, 1)}\n`);
log(`\nfigures written to ${out}.svg (E/N and C/N against β) and ${out}-errors.svg (errors on a log axis, per χ);`);
log(`the numbers to ${out}.json`);
