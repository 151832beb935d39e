/**
 * The release pipeline, end to end but offline:
 *  1. every published package is built, `pnpm pack`ed, and the five tarballs are installed with
 *     npm into a scratch project outside the workspace, where they are used through `import`,
 *     `require` and their type declarations (`tsc --noEmit`, node16 and bundler resolution) —
 *     including a batch on the thread pool, whose workers run the packed linalg's bundled batch
 *     kernels, with the bits of one thread;
 *     Each tarball ships dist (one sourceMappingURL per file, maps with the sources embedded),
 *     README and the root LICENSE, and no `src`; its `exports` name no `@svd/source` condition;
 *  2. `changeset version` on a copy of the workspace's manifests bumps the fixed group together,
 *     leaves private packages alone, and `pnpm pack` then rewrites the `workspace:*` ranges to the
 *     new version.
 * (`changeset publish` has no dry-run mode and needs the registry, so it is not exercised here.)
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { svd } from '@svd/ops-svd';
import { gradcheck, uvAdjoint } from '@svd/gradcheck';
import { svdvals } from '@svd/linalg';
import { type Var, backward, variable } from '@svd/tape';
import { randn, setThreads, tensor } from '@svd/tensor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const consumerDir = fileURLToPath(new URL('../consumer/', import.meta.url));
const bin = (name: string) => join(root, 'node_modules', '.bin', name);
const PACKAGES = ['tensor', 'linalg', 'tape', 'ops-svd', 'gradcheck'] as const;
const names = PACKAGES.map((p) => `@svd/${p}`);

interface PackageJson {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
  [key: string]: unknown;
}
const readJson = (path: string): PackageJson => JSON.parse(readFileSync(path, 'utf8')) as PackageJson;

/** Runs a command, returning stdout; on failure the error carries its stdout and stderr. */
function run(cmd: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): string {
  try {
    return execFileSync(cmd, args, {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    throw new Error(
      `${cmd} ${args.join(' ')} (in ${cwd}) failed: ${err.message}\n${err.stdout ?? ''}\n${err.stderr ?? ''}`,
    );
  }
}

/** Environment for npm/pnpm children: no workspace-inherited npm_* config, a private npm cache. */
function cleanEnv(cache: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k) && !/^PNPM_/i.test(k)) env[k] = v;
  return {
    ...env,
    npm_config_cache: cache,
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
  };
}

/** The computation of consumer/consumer.{mjs,cjs}, here on the workspace sources. */
function scenario() {
  const A = variable(randn([4, 6], { seed: 2018 }));
  const [U, S, V] = svd(A);
  backward([U, S, V], [randn([4, 4], { seed: 1 }), randn([4], { seed: 2 }), randn([6, 4], { seed: 3 })]);
  const report = gradcheck(
    uvAdjoint((a: Var) => svd(a)),
    [A.value],
  );
  setThreads(1);
  return {
    grad: Array.from(A.grad!.toTypedArray()),
    singularValues: Array.from(svdvals(A.value).toTypedArray()),
    gradcheck: report.ok,
    // the consumers compute this batch with 2 threads, partly on the pool's workers
    batchSingularValues: Array.from(svdvals(randn([64, 24, 24], { seed: 7 })).toTypedArray()),
    batchOnWorkers: true,
  };
}

const temps: string[] = [];
function tempDir(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  temps.push(d);
  return d;
}
afterAll(() => {
  if (process.env.KEEP_RELEASE_CHECK) return;
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

describe('packed tarballs, installed outside the workspace', () => {
  const tarballs: Record<string, string> = {};
  let scratch = '';
  let packDir = '';
  let npmEnv: NodeJS.ProcessEnv = {};

  beforeAll(() => {
    // turbo rebuilds a package only when its sources changed (in CI, check-exports has just built them).
    run(bin('turbo'), ['run', 'build', '--filter=./packages/*', '--output-logs=errors-only'], root, {
      TURBO_TELEMETRY_DISABLED: '1',
      DO_NOT_TRACK: '1',
    });
    for (const p of PACKAGES) {
      expect(existsSync(join(root, 'packages', p, 'dist', 'index.js')), `packages/${p}/dist after the build`).toBe(
        true,
      );
    }

    packDir = tempDir('svd-pack-');
    npmEnv = cleanEnv(join(packDir, '.npm-cache'));
    for (const p of PACKAGES) {
      const out = run(bin('pnpm'), ['pack', '--pack-destination', packDir], join(root, 'packages', p), npmEnv);
      const file = readdirSync(packDir).find((f) => f.startsWith(`svd-${p}-`) && f.endsWith('.tgz'));
      expect(file, `tarball of @svd/${p} (pnpm pack said: ${out})`).toBeDefined();
      tarballs[`@svd/${p}`] = join(packDir, file!);
    }

    // A scratch project outside the workspace: every @svd package, and every @svd dependency of
    // one, comes from the tarballs, so npm --offline (with an empty cache) must succeed.
    scratch = tempDir('svd-consumer-');
    const fileSpecs = Object.fromEntries(names.map((n) => [n, `file:${tarballs[n]}`]));
    writeFileSync(
      join(scratch, 'package.json'),
      JSON.stringify(
        {
          name: 'svd-consumer',
          version: '1.0.0',
          private: true,
          type: 'module',
          dependencies: fileSpecs,
          overrides: fileSpecs,
        },
        null,
        2,
      ),
    );
    for (const f of ['consumer.mjs', 'consumer.cjs', 'consumer.ts', 'consumer.cts'])
      cpSync(join(consumerDir, f), join(scratch, f));
    run(
      'npm',
      ['install', '--offline', '--no-audit', '--no-fund', '--no-package-lock', '--ignore-scripts', '--loglevel=error'],
      scratch,
      npmEnv,
    );
  }, 240_000);

  it('pnpm pack rewrites workspace:* to concrete versions and ships dist, README and LICENSE only', () => {
    const versions = Object.fromEntries(
      names.map((n) => [n, readJson(join(scratch, 'node_modules', n, 'package.json')).version]),
    );
    const license = readFileSync(join(root, 'LICENSE'), 'utf8');
    expect(license).toMatch(/^MIT License\n\nCopyright \(c\) the @svd authors\n/);
    for (const n of names) {
      const pkgDir = join(scratch, 'node_modules', n);
      const manifest = readFileSync(join(pkgDir, 'package.json'), 'utf8');
      expect(manifest, `${n}'s packed package.json`).not.toContain('workspace:');
      for (const [dep, range] of Object.entries(readJson(join(pkgDir, 'package.json')).dependencies ?? {})) {
        expect(range, `${n} → ${dep}`).toBe(versions[dep]);
      }
      expect(readdirSync(pkgDir).sort(), `${n}'s top level`).toEqual(['LICENSE', 'README.md', 'dist', 'package.json']);
      expect(readdirSync(join(pkgDir, 'dist')).sort(), `${n}/dist`).toEqual([
        'index.cjs',
        'index.cjs.map',
        'index.d.cts',
        'index.d.ts',
        'index.js',
        'index.js.map',
      ]);
      expect(readFileSync(join(pkgDir, 'LICENSE'), 'utf8'), `${n}/LICENSE`).toBe(license);
      expect(readJson(join(pkgDir, 'package.json')).license).toBe('MIT');
    }
    const ops = readJson(join(scratch, 'node_modules', '@svd/ops-svd', 'package.json'));
    expect(ops.dependencies).toEqual({
      '@svd/tensor': versions['@svd/tensor'],
      '@svd/linalg': versions['@svd/linalg'],
      '@svd/tape': versions['@svd/tape'],
    });
    // One version for the fixed group.
    expect(new Set(Object.values(versions)).size).toBe(1);
  });

  it('published exports point only at dist: no @svd/source condition, no .ts target', () => {
    for (const n of names) {
      const packed = readJson(join(scratch, 'node_modules', n, 'package.json'));
      const workspace = readJson(join(root, 'packages', n.slice('@svd/'.length), 'package.json'));
      // The workspace keeps the condition for tests and bundling from source; only the tarball drops it.
      expect(JSON.stringify(workspace.exports), `${n} workspace exports`).toContain('"@svd/source"');
      expect(JSON.stringify(packed.exports), `${n} packed exports`).not.toContain('@svd/source');
      expect(JSON.stringify(packed), `${n} packed manifest`).not.toMatch(/\.\/src\/|(?<!\.d|\.d\.c)\.ts"/);
      expect(packed.exports).toEqual({
        '.': {
          import: { types: './dist/index.d.ts', default: './dist/index.js' },
          require: { types: './dist/index.d.cts', default: './dist/index.cjs' },
        },
        './package.json': './package.json',
      });
    }
  });

  it('every dist .js/.cjs ends with exactly one sourceMappingURL, to a map that embeds every source', () => {
    for (const n of names) {
      for (const f of ['index.js', 'index.cjs']) {
        const path = join(scratch, 'node_modules', n, 'dist', f);
        const code = readFileSync(path, 'utf8');
        const comments = code.match(/\/\/# sourceMappingURL=.*/g) ?? [];
        expect(comments, `${n}/dist/${f}`).toEqual([`//# sourceMappingURL=${f}.map`]);
        expect(code.trimEnd().endsWith(comments[0]!), `${n}/dist/${f} ends with it`).toBe(true);
        const map = JSON.parse(readFileSync(`${path}.map`, 'utf8')) as {
          sources: string[];
          sourcesContent?: (string | null)[];
        };
        expect(map.sources.length, `${n}/dist/${f}.map sources`).toBeGreaterThan(0);
        expect(map.sourcesContent?.length, `${n}/dist/${f}.map sourcesContent`).toBe(map.sources.length);
        map.sourcesContent!.forEach((content, i) => {
          expect(typeof content === 'string' && content.length > 0, `${n}: ${map.sources[i]} is embedded`).toBe(true);
        });
        // The sources are the package's own TypeScript, named relative to dist (src is not shipped).
        for (const s of map.sources) expect(s, `${n}/dist/${f}.map`).toMatch(/^\.\.\/src\/.+\.ts$/);
      }
    }
  });

  it('import (ESM) and require (CJS) give the same numbers as the workspace sources', () => {
    const esm = JSON.parse(run(process.execPath, ['consumer.mjs'], scratch)) as Record<string, unknown>;
    const cjs = JSON.parse(run(process.execPath, ['consumer.cjs'], scratch)) as Record<string, unknown>;
    expect(esm.format).toBe('esm');
    expect(cjs.format).toBe('cjs');
    const expected = scenario();
    expect(expected.gradcheck).toBe(true);
    expect(expected.grad).toHaveLength(24);
    expect(expected.grad.every(Number.isFinite)).toBe(true);
    // JSON round-trips doubles exactly, so this is bit-for-bit equality.
    expect({ ...esm, format: undefined }).toEqual({ ...expected, format: undefined });
    expect({ ...cjs, format: undefined }).toEqual({ ...expected, format: undefined });
  });

  it('mixing the ESM and CJS builds: tensors and Vars cross between them (Symbol.for brands)', () => {
    cpSync(join(consumerDir, 'consumer.mixed.mjs'), join(scratch, 'consumer.mixed.mjs'));
    const mixed = JSON.parse(run(process.execPath, ['consumer.mixed.mjs'], scratch)) as Record<string, unknown>;
    // Two copies of each class really were loaded, and each recognises the other's objects.
    expect(mixed.twoTensorClasses).toBe(true);
    expect(mixed.twoVarClasses).toBe(true);
    expect(mixed.cjsResultIsTensor).toBe(true);
    expect(mixed.cjsOutputIsVar).toBe(true);
    // Bit-for-bit the numbers of a single build.
    expect(mixed.svdS).toEqual(
      Array.from(
        svdvals(
          tensor([
            [3, 1, 2],
            [1, 4, 0],
          ]),
        ).toTypedArray(),
      ),
    );
    const expected = scenario();
    expect(mixed.grad).toEqual(expected.grad);
    expect(mixed.singularValues).toEqual(expected.singularValues);
  });

  it.each([
    ['node16', { module: 'node16', moduleResolution: 'node16' }, ['consumer.ts', 'consumer.cts']],
    ['bundler', { module: 'esnext', moduleResolution: 'bundler' }, ['consumer.ts']],
  ] as const)(
    'the installed declarations type-check a strict consumer (moduleResolution %s)',
    (name, options, files) => {
      const config = join(scratch, `tsconfig.${name}.json`);
      writeFileSync(
        config,
        JSON.stringify({
          compilerOptions: {
            ...options,
            target: 'es2022',
            lib: ['es2022'],
            types: [],
            strict: true,
            noUncheckedIndexedAccess: true,
            exactOptionalPropertyTypes: true,
            // Check the shipped .d.ts files too, not only the consumer's use of them.
            skipLibCheck: false,
            noEmit: true,
          },
          files,
        }),
      );
      const out = (() => {
        try {
          return run(bin('tsc'), ['-p', config, '--listFiles'], scratch);
        } catch (e) {
          throw new Error(`tsc (${name}) failed:\n${(e as Error).message}`);
        }
      })();
      // Each package's declarations came from the installed tarball, in the right flavour.
      const listed = out.split('\n').map((f) => relative(scratch, resolve(f.trim())));
      for (const n of names) {
        expect(listed, `${name}: ESM types of ${n}`).toContain(join('node_modules', n, 'dist', 'index.d.ts'));
        if (name === 'node16')
          expect(listed, `${name}: CJS types of ${n}`).toContain(join('node_modules', n, 'dist', 'index.d.cts'));
      }
      expect(listed.some((f) => f.includes(join('packages', 'tensor')))).toBe(false);
    },
  );
});

describe('changeset version (dry run on a copy of the workspace manifests)', () => {
  it('bumps the fixed group together, keeps workspace:* in the sources, and pnpm pack rewrites it', () => {
    const ws = tempDir('svd-changeset-');
    // The root manifest without its (dev)dependencies: the copy links only its own packages, so
    // `pnpm install --offline` needs no registry metadata (a cold pnpm cache has none).
    const { devDependencies: _dev, dependencies: _deps, ...rootManifest } = readJson(join(root, 'package.json'));
    writeFileSync(join(ws, 'package.json'), JSON.stringify(rootManifest, null, 2));
    cpSync(join(root, 'pnpm-workspace.yaml'), join(ws, 'pnpm-workspace.yaml'));
    mkdirSync(join(ws, '.changeset'));
    // changelog-github asks the GitHub API about each changeset's commit; offline, the copy uses
    // the plain changelog. Everything else is the workspace's own configuration.
    const config = JSON.parse(readFileSync(join(root, '.changeset', 'config.json'), 'utf8')) as Record<string, unknown>;
    expect(config.changelog).toEqual(['@changesets/changelog-github', { repo: 'svd-ts/svd' }]);
    expect(config.privatePackages).toEqual({ version: false, tag: false });
    writeFileSync(
      join(ws, '.changeset', 'config.json'),
      JSON.stringify({ ...config, changelog: '@changesets/cli/changelog' }),
    );
    writeFileSync(
      join(ws, '.changeset', 'release-check-synthetic.md'),
      '---\n"@svd/tensor": minor\n---\n\nA synthetic change.\n',
    );
    const before: Record<string, PackageJson> = {};
    for (const p of PACKAGES) {
      mkdirSync(join(ws, 'packages', p), { recursive: true });
      cpSync(join(root, 'packages', p, 'package.json'), join(ws, 'packages', p, 'package.json'));
      before[`@svd/${p}`] = readJson(join(ws, 'packages', p, 'package.json'));
    }
    // A private tools package that depends on a bumped package: never versioned, no changelog.
    const privateManifest = {
      name: '@svd/private-tool',
      version: '0.0.0',
      private: true,
      dependencies: { '@svd/tensor': 'workspace:*' },
    };
    mkdirSync(join(ws, 'tools', 'private-tool'), { recursive: true });
    writeFileSync(join(ws, 'tools', 'private-tool', 'package.json'), JSON.stringify(privateManifest, null, 2));

    const env = cleanEnv(join(ws, '.npm-cache'));
    run(process.execPath, [join(root, 'node_modules', '@changesets', 'cli', 'bin.js'), 'version'], ws, env);

    const [major, minor] = before['@svd/tensor']!.version.split('.').map(Number) as [number, number];
    const expected = `${major}.${minor + 1}.0`;
    for (const p of PACKAGES) {
      const after = readJson(join(ws, 'packages', p, 'package.json'));
      // fixed group: a minor change to @svd/tensor alone moves all five to the same version
      expect(after.version, `@svd/${p}`).toBe(expected);
      // the sources keep workspace:* (pnpm rewrites it when packing/publishing)
      expect(after.dependencies ?? {}, `@svd/${p} dependencies`).toEqual(before[`@svd/${p}`]!.dependencies ?? {});
      const changelog = readFileSync(join(ws, 'packages', p, 'CHANGELOG.md'), 'utf8');
      expect(changelog).toContain(`## ${expected}`);
    }
    expect(readFileSync(join(ws, 'packages', 'tensor', 'CHANGELOG.md'), 'utf8')).toContain('A synthetic change.');
    expect(readJson(join(ws, 'tools', 'private-tool', 'package.json')).version, 'private package').toBe('0.0.0');
    expect(existsSync(join(ws, 'tools', 'private-tool', 'CHANGELOG.md')), 'private package changelog').toBe(false);
    expect(existsSync(join(ws, '.changeset', 'release-check-synthetic.md')), 'the changeset is consumed').toBe(false);

    // pnpm pack reads the linked workspace packages' versions: link them (no registry involved).
    run(
      bin('pnpm'),
      ['install', '--offline', '--no-frozen-lockfile', '--ignore-scripts', '--reporter=silent'],
      ws,
      env,
    );
    const packDir = join(ws, 'out');
    mkdirSync(packDir);
    run(bin('pnpm'), ['pack', '--pack-destination', packDir], join(ws, 'packages', 'ops-svd'), env);
    const tgz = readdirSync(packDir).find((f) => f.endsWith('.tgz'));
    expect(tgz).toBe(`svd-ops-svd-${expected}.tgz`);
    run('tar', ['-xzf', join(packDir, tgz!), '-C', packDir], packDir);
    const packed = readJson(join(packDir, 'package', 'package.json'));
    expect(packed.version).toBe(expected);
    expect(packed.dependencies).toEqual({ '@svd/tensor': expected, '@svd/linalg': expected, '@svd/tape': expected });
  });
});
