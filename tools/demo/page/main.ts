/**
 * The live page: starts the TRG sweep in a Web Worker (whose bundled source is inlined as a
 * string, so the single HTML file also works from file://), shows a progress bar per (β, χ), and
 * redraws the demo's two figures with the same SVG modules as `pnpm demo` as each point arrives.
 */
import { type ChiRun, errorsSvg, exactHeatIsInfinite, observablesSvg } from '../src/isingFigures.js';
import { superscript } from '../src/plot/ticks.js';
import type { IsingPoint } from '../src/isingSweep.js';
import type { PageState, SweepConfig, WorkerMessage } from './protocol.js';

/** Replaced by esbuild's `define` (src/htmlPage.ts): the worker's bundled source. */
declare const __WORKER_SOURCE__: string;
/** Replaced by esbuild's `define`: the sweep `pnpm demo --html` was asked for. */
declare const __DEMO_CONFIG__: SweepConfig;

/** `?chi=4,8&betas=0.4,0.5&steps=12` overrides the compiled-in sweep. */
function configFromQuery(base: SweepConfig): SweepConfig {
  const q = new URLSearchParams(location.search);
  const list = (key: string) => q.get(key)?.split(',').map(Number);
  const chis = list('chi');
  const betas = list('betas');
  const steps = q.get('steps');
  return {
    chis: chis?.every((c) => Number.isInteger(c) && c > 0) ? chis : base.chis,
    betas: betas?.every((b) => b > 0) ? betas : base.betas,
    steps: steps && Number(steps) > 0 ? Number(steps) : base.steps,
  };
}

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

const config = configFromQuery(__DEMO_CONFIG__);
const state: PageState = { status: 'running', config, runs: config.chis.map((chi) => ({ chi, points: [] })) };
window.__demo = state;
const started = performance.now();

$('setup').textContent =
  `χ = ${config.chis.join(', ')}; ${config.betas.length} values of β; ${config.steps} RG steps ` +
  `(a periodic lattice of N = 2${superscript(config.steps)} sites).`;

// One row per β, one bar per χ.
const bars = new Map<string, { bar: HTMLProgressElement; note: HTMLElement }>();
const head = $('progress').createTHead().insertRow();
for (const label of ['β', ...config.chis.map((c) => `χ = ${c}`)])
  head.append(Object.assign(document.createElement('th'), { textContent: label }));
const body = $('progress').createTBody();
config.betas.forEach((beta, index) => {
  const row = body.insertRow();
  row.insertCell().textContent = beta.toFixed(6);
  for (const chi of config.chis) {
    const cell = row.insertCell();
    const bar = Object.assign(document.createElement('progress'), { max: 1, value: 0 });
    const note = document.createElement('span');
    note.className = 'note';
    cell.append(bar, note);
    bars.set(`${chi}:${index}`, { bar, note });
  }
});

const results = $<HTMLTableElement>('results');
const resultsHead = results.createTHead().insertRow();
for (const label of ['χ', 'β', 'ln Z/N', 'E/N (J)', 'Onsager', '|ΔE|', 'C/N (k_B)', 'Onsager', '|ΔC|', 'time']) {
  resultsHead.append(Object.assign(document.createElement('th'), { textContent: label }));
}
const resultsBody = results.createTBody();

function addResultRow(chi: number, p: IsingPoint): void {
  const row = resultsBody.insertRow();
  const cells = [
    String(chi),
    p.beta.toFixed(6),
    p.lnZ.toFixed(9),
    p.energy.toFixed(7),
    p.exactEnergy.toFixed(7),
    Math.abs(p.energy - p.exactEnergy).toExponential(1),
    p.specificHeat.toFixed(4),
    ...(exactHeatIsInfinite(p.beta)
      ? ['∞', '—']
      : [p.exactSpecificHeat.toFixed(4), Math.abs(p.specificHeat - p.exactSpecificHeat).toExponential(1)]),
    `${p.seconds.toFixed(1)} s`,
  ];
  for (const c of cells) row.insertCell().textContent = c;
}

function draw(): void {
  const runs: ChiRun[] = state.runs;
  $('observables').innerHTML = observablesSvg(runs, config.betas, config.steps);
  $('errors').innerHTML = errorsSvg(runs, config.betas, config.steps);
}

function status(text: string): void {
  $('status').textContent = text;
}

draw();
status('computing in a Web Worker…');
const url = URL.createObjectURL(new Blob([__WORKER_SOURCE__], { type: 'text/javascript' }));
const worker = new Worker(url);
worker.addEventListener('message', (event: MessageEvent<WorkerMessage>) => {
  const m = event.data;
  if (m.type === 'progress') {
    bars.get(`${m.chi}:${m.index}`)!.bar.value = m.fraction;
  } else if (m.type === 'point') {
    const slot = bars.get(`${m.chi}:${m.index}`)!;
    slot.bar.value = 1;
    slot.note.textContent = ` ${m.point.seconds.toFixed(1)} s`;
    state.runs.find((r) => r.chi === m.chi)!.points.push(m.point);
    addResultRow(m.chi, m.point);
    draw();
  } else if (m.type === 'done') {
    state.status = 'done';
    status(`done in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
    worker.terminate();
    URL.revokeObjectURL(url);
  } else {
    state.status = 'error';
    state.error = m.message;
    status(`the worker failed: ${m.message}`);
  }
});
worker.addEventListener('error', (e) => {
  state.status = 'error';
  state.error = e.message;
  status(`the worker failed: ${e.message}`);
});
worker.postMessage(config);
