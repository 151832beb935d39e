/**
 * The layer rules of ARCHITECTURE.md, read from its table ("| `@svd/x` | may import | … |"), and
 * the check of one file's module references against them:
 * - a package may import a sibling only if the table's "may import" cell names it;
 * - a package or tool may import a sibling only by its package name (`@svd/tape`), never a
 *   subpath (`@svd/tape/src/Var.js`) or a relative path into another package's folder (its
 *   `src` or `dist`).
 */
import { relative, resolve, sep } from 'node:path';
import type { ModuleReference } from './moduleSpecifiers.js';
import { PACKAGES, type PackageName } from './workspace.js';

/** For each package, the sibling packages it may import (by folder name). */
export type LayerRules = ReadonlyMap<PackageName, ReadonlySet<PackageName>>;

const isPackage = (name: string): name is PackageName => (PACKAGES as readonly string[]).includes(name);

/**
 * Reads the rules from ARCHITECTURE.md's table. In the "may import" cell, package names before
 * any parenthesis count ("tensor, linalg, tape (public API only: …)"); "nothing" is none. Throws
 * if a package has no row, so the table and the test cannot drift apart silently.
 */
export function parseLayerRules(architecture: string): LayerRules {
  const rules = new Map<PackageName, Set<PackageName>>();
  for (const line of architecture.split('\n')) {
    const row = /^\|\s*`@svd\/([a-z-]+)`\s*\|([^|]*)\|/.exec(line);
    if (!row || !isPackage(row[1]!)) continue;
    const allowed = row[2]!
      .split('(')[0]!
      .split(/[\s,]+/)
      .filter(isPackage);
    rules.set(row[1], new Set(allowed));
  }
  const missing = PACKAGES.filter((p) => !rules.has(p));
  if (missing.length > 0)
    throw new Error(`ARCHITECTURE.md's layer table has no row for ${missing.map((p) => `@svd/${p}`).join(', ')}`);
  return rules;
}

/** Where a file lives: in a package (`packages/<pkg>/…`) or elsewhere (tools, root). */
function packageOf(rootDir: string, file: string): PackageName | null {
  const parts = relative(rootDir, file).split(sep);
  return parts[0] === 'packages' && parts[1] !== undefined && isPackage(parts[1]) ? parts[1] : null;
}

/** A broken rule: the file, the line, the specifier and why it is forbidden. */
export interface LayerViolation {
  readonly file: string;
  readonly line: number;
  readonly specifier: string;
  readonly reason: string;
}

/**
 * The violations in one file (`file` absolute, under `rootDir`). With `arrows` (a package's
 * `src`), the table's arrows are checked too; without (tests, tools), only that other packages are
 * imported by name: a package's tests may use any sibling (ops-svd's use gradcheck).
 */
export function checkFile(
  rootDir: string,
  file: string,
  references: readonly ModuleReference[],
  rules: LayerRules,
  arrows: boolean,
): LayerViolation[] {
  const from = packageOf(rootDir, file);
  const out: LayerViolation[] = [];
  const where = relative(rootDir, file).split(sep).join('/');
  for (const { specifier, line } of references) {
    const violation = (reason: string) => out.push({ file: where, line, specifier, reason });
    const named = /^@svd\/([a-z-]+)(\/.*)?$/.exec(specifier);
    if (named) {
      const target = named[1]!;
      if (named[2] !== undefined)
        violation(`deep import into @svd/${target}: import the package root '@svd/${target}' instead`);
      if (arrows && from !== null && isPackage(target) && target !== from && !rules.get(from)!.has(target)) {
        const allowed = [...rules.get(from)!].map((p) => `@svd/${p}`).join(', ') || 'nothing';
        violation(`@svd/${from} must not import @svd/${target} (ARCHITECTURE.md: it may import ${allowed})`);
      }
      continue;
    }
    if (!specifier.startsWith('.')) continue; // node builtins and npm dependencies
    const target = packageOf(rootDir, resolve(file, '..', specifier));
    if (target !== null && target !== from) {
      violation(`relative import into packages/${target}: import '@svd/${target}' by its package name instead`);
    }
  }
  return out;
}
