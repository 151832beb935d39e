import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Every ```ts block of the root README and of each package README is a complete program: this
 * test type-checks all of them with the workspace's strict settings and then runs each one, so
 * the documentation cannot rot.
 */
const root = fileURLToPath(new URL('../../../', import.meta.url));
const outDir = fileURLToPath(new URL('../.readme-blocks/', import.meta.url));

function readmes(): { name: string; path: string }[] {
  const list = [{ name: 'root', path: join(root, 'README.md') }];
  for (const p of readdirSync(join(root, 'packages')).sort()) {
    list.push({ name: p, path: join(root, 'packages', p, 'README.md') });
  }
  return list;
}

function blocks(markdown: string): string[] {
  return [...markdown.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

const files: { name: string; file: string }[] = [];
rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
for (const { name, path } of readmes()) {
  blocks(readFileSync(path, 'utf8')).forEach((code, i) => {
    const file = join(outDir, `${name}-${i}.ts`);
    // Each block is a module of its own (`export {}` keeps top-level names from colliding).
    writeFileSync(file, `${code}\nexport {};\n`);
    files.push({ name: `${name} README block ${i}`, file });
  });
}
writeFileSync(
  join(outDir, 'tsconfig.json'),
  JSON.stringify(
    { extends: '../../../tsconfig.base.json', compilerOptions: { noEmit: true }, include: ['*.ts'] },
    null,
    2,
  ),
);

describe('README Quick start', () => {
  it('has exactly two command lines, and .ci/run runs the test line verbatim', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Quick start'));
    const lines = /```sh\n([\s\S]*?)```/.exec(section)![1]!.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/ demo$/);
    const ciLines = readFileSync(join(root, '.ci', 'run'), 'utf8')
      .split('\n')
      .map((l) => l.trim());
    expect(ciLines).toContain(lines[1]);
  });
});

describe('README code blocks', () => {
  it('exist for every package', () => {
    for (const { name, path } of readmes()) {
      expect(blocks(readFileSync(path, 'utf8')).length, `${name} README has no ts example`).toBeGreaterThan(0);
    }
  });

  it('type-check with the strict workspace settings', () => {
    const tsc = join(root, 'node_modules', '.bin', 'tsc');
    const r = spawnSync(tsc, ['-p', join(outDir, 'tsconfig.json')], { encoding: 'utf8' });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  }, 120_000);

  it.each(files)('$name runs', async ({ file }) => {
    await import(pathToFileURL(file).href);
  });
});
