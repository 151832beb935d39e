/** `pnpm api-report`: rewrites packages/<pkg>/api-report.md for every package from its source. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { apiReports } from './apiReport.js';
import { ROOT } from './workspace.js';

for (const [pkg, report] of apiReports()) {
  const path = join(ROOT, 'packages', pkg, 'api-report.md');
  writeFileSync(path, report);
  console.log(`wrote ${path.slice(ROOT.length)} (${report.split('\n').length} lines)`);
}
