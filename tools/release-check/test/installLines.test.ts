/**
 * Every package README's install line(s) must name every @svd package its examples import: under
 * pnpm's strict layout an example that imports an uninstalled package does not run.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const packages = readdirSync(join(root, 'packages')).sort();

/** The @svd packages named by `npm install` lines inside ```sh blocks. */
export function installed(markdown: string): Set<string> {
  const names = new Set<string>();
  for (const block of markdown.matchAll(/```sh\n([\s\S]*?)```/g)) {
    for (const line of block[1]!.split('\n')) {
      if (!/^\s*npm install /.test(line)) continue;
      for (const m of line.matchAll(/@svd\/[a-z-]+/g)) names.add(m[0]);
    }
  }
  return names;
}

/** The @svd packages imported by ```ts blocks. */
export function imported(markdown: string): Set<string> {
  const names = new Set<string>();
  for (const block of markdown.matchAll(/```ts\n([\s\S]*?)```/g)) {
    for (const m of block[1]!.matchAll(/from '(@svd\/[a-z-]+)'/g)) names.add(m[1]!);
  }
  return names;
}

describe('README install lines', () => {
  it('the helpers read install lines and imports', () => {
    const md =
      "```sh\nnpm install @svd/tensor @svd/tape\n```\n```ts\nimport { a } from '@svd/tape';\nimport type { B } from '@svd/linalg';\n```\n";
    expect([...installed(md)]).toEqual(['@svd/tensor', '@svd/tape']);
    expect([...imported(md)].sort()).toEqual(['@svd/linalg', '@svd/tape']);
  });

  it.each(packages)('packages/%s/README.md installs every @svd package its examples import', (p) => {
    const md = readFileSync(join(root, 'packages', p, 'README.md'), 'utf8');
    const have = installed(md);
    expect(have, 'an npm install line naming the package itself').toContain(`@svd/${p}`);
    const missing = [...imported(md)].filter((n) => !have.has(n));
    expect(missing, `imported by the examples but not on an install line (have ${[...have].join(', ')})`).toEqual([]);
  });
});
