/**
 * The browser consumer page. It runs the scenario twice: on inputs drawn here from the seeded
 * generators (`own`), and on the exact inputs Node drew, when the bundler injected them
 * (`fromNodeInputs`), then publishes both for the test (window.__result) and for a person (the page).
 */
import { type ScenarioInputs, type ScenarioResult, randomInputs, runScenario } from './scenario.js';

export interface PageResult {
  own: ScenarioResult;
  fromNodeInputs: ScenarioResult | null;
}

declare global {
  interface Window {
    __result?: PageResult | { error: string };
  }
}

/** Replaced by esbuild's `define` (src/bundle.ts): Node's inputs as JSON, or null. */
declare const __NODE_INPUTS__: ScenarioInputs | null;

try {
  const result: PageResult = {
    own: runScenario(randomInputs()),
    fromNodeInputs: __NODE_INPUTS__ === null ? null : runScenario(__NODE_INPUTS__),
  };
  window.__result = result;
  const pre = document.createElement('pre');
  pre.id = 'result';
  pre.textContent = JSON.stringify(result.own, null, 2);
  document.body.append(pre);
} catch (e) {
  const error = e instanceof Error ? `${e.name}: ${e.message}\n${e.stack ?? ''}` : String(e);
  window.__result = { error };
  document.body.textContent = error;
}
