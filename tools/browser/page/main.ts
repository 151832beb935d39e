/** The browser consumer page: runs the scenario and publishes its result for the test to read. */
import { type ScenarioResult, runScenario } from './scenario.js';

declare global {
  interface Window {
    __result?: ScenarioResult | { error: string };
  }
}

try {
  const result = runScenario();
  window.__result = result;
  const pre = document.createElement('pre');
  pre.id = 'result';
  pre.textContent = JSON.stringify(result, null, 2);
  document.body.append(pre);
} catch (e) {
  const error = e instanceof Error ? `${e.name}: ${e.message}\n${e.stack ?? ''}` : String(e);
  window.__result = { error };
  document.body.textContent = error;
}
