/**
 * Runs benchmark files: `pnpm bench` runs every `src/*.bench.ts`; `pnpm bench matmul linalg` runs
 * `src/matmul.bench.ts` and `src/linalg.bench.ts`. Each bench module's default export is an async
 * function returning a Markdown section, printed to stdout (paste it into BENCHMARKS.md).
 * Workspace packages are imported from source (`tsx --conditions=@svd/source`).
 */
import { readdirSync } from 'node:fs';
import { arch, cpus, platform } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';

type BenchModule = { default: () => Promise<string> };

// Every comparison in BENCHMARKS.md is one thread against one-thread numpy, so the library runs
// on one thread here unless SVD_NUM_THREADS says otherwise; set before any bench module imports
// @svd/tensor (it reads the variable once, at load) and inherited by the benches' child
// processes. The threads bench sets its own counts with setThreads.
process.env.SVD_NUM_THREADS ??= '1';

const dir = fileURLToPath(new URL('.', import.meta.url));
const available = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.slice(0, -'.bench.ts'.length))
  .sort();
const requested = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const names = requested.length > 0 ? requested : available;
for (const name of names) {
  if (!available.includes(name)) {
    console.error(`unknown bench '${name}'; available: ${available.join(', ')}`);
    process.exit(1);
  }
}

console.log(
  `<!-- ${new Date().toISOString()} · Node ${process.version} · ${platform()}-${arch()} · ${cpus().length} cores · ${cpus()[0]?.model ?? 'unknown CPU'} · SVD_NUM_THREADS=${process.env.SVD_NUM_THREADS} -->`,
);
for (const name of names) {
  const mod = (await import(pathToFileURL(`${dir}/${name}.bench.ts`).href)) as BenchModule;
  console.error(`running ${name}...`);
  console.log(await mod.default());
}
