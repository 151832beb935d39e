/**
 * The layers of ARCHITECTURE.md hold: every module reference in packages/<pkg>/src (static and
 * dynamic imports, `export … from`, require, import types) follows the table's arrows, and no
 * package, test or tool reaches into another package by a path (its `src` or `dist`) instead of
 * its package name. The rules are read from ARCHITECTURE.md itself; the last block proves the
 * check fails on each kind of forbidden import.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type LayerViolation, checkFile, parseLayerRules } from '../src/layers.js';
import { moduleSpecifiers } from '../src/moduleSpecifiers.js';
import { typeScriptFiles } from '../src/sourceFiles.js';
import { PACKAGES, ROOT } from '../src/workspace.js';

const rules = parseLayerRules(readFileSync(join(ROOT, 'ARCHITECTURE.md'), 'utf8'));

function scan(dir: string, arrows: boolean): { files: number; references: number; violations: LayerViolation[] } {
  const files = existsSync(dir) ? typeScriptFiles(dir) : [];
  let references = 0;
  const violations: LayerViolation[] = [];
  for (const file of files) {
    const refs = moduleSpecifiers(file, readFileSync(file, 'utf8'));
    references += refs.length;
    violations.push(...checkFile(ROOT, file, refs, rules, arrows));
  }
  return { files: files.length, references, violations };
}

const describeViolations = (vs: readonly LayerViolation[]): string =>
  vs.map((v) => `${v.file}:${v.line} imports '${v.specifier}': ${v.reason}`).join('\n');

describe('layers (ARCHITECTURE.md)', () => {
  it('reads the table: who may import whom', () => {
    expect(Object.fromEntries([...rules].map(([p, s]) => [p, [...s].sort()]))).toEqual({
      tensor: [],
      linalg: ['tensor'],
      tape: ['tensor'],
      gradcheck: ['tape', 'tensor'],
      'ops-svd': ['linalg', 'tape', 'tensor'],
    });
  });

  for (const pkg of PACKAGES) {
    it(`packages/${pkg}/src imports only what the table allows, by package name`, () => {
      const { files, references, violations } = scan(join(ROOT, 'packages', pkg, 'src'), true);
      expect(files).toBeGreaterThan(0);
      expect(references).toBeGreaterThan(0);
      expect(violations, describeViolations(violations)).toEqual([]);
    });

    it(`packages/${pkg}/test imports other packages by name only`, () => {
      const { violations } = scan(join(ROOT, 'packages', pkg, 'test'), false);
      expect(violations, describeViolations(violations)).toEqual([]);
    });
  }

  it('tools/* import the packages by name only (no path into packages/*/src or dist)', () => {
    const { files, violations } = scan(join(ROOT, 'tools'), false);
    expect(files).toBeGreaterThan(10);
    expect(violations, describeViolations(violations)).toEqual([]);
  });
});

describe('the layer check fails on forbidden imports', () => {
  const check = (file: string, text: string, arrows = true): string[] =>
    checkFile(ROOT, join(ROOT, file), moduleSpecifiers(file, text), rules, arrows).map(
      (v) => `${v.line}:${v.specifier}`,
    );

  it('finds every kind of module reference', () => {
    const text = [
      "import { a } from 'a';",
      "import type { B } from 'b';",
      "import 'c';",
      "export { d } from 'd';",
      "export * as e from 'e';",
      "import f = require('f');",
      "const g = await import('g');",
      "const h = require('h');",
      "type I = import('i').I;",
    ].join('\n');
    expect(moduleSpecifiers('x.ts', text).map((r) => r.specifier)).toEqual([
      'a',
      'b',
      'c',
      'd',
      'e',
      'f',
      'g',
      'h',
      'i',
    ]);
  });

  it('rejects an arrow the table forbids, in every syntactic form', () => {
    expect(check('packages/tensor/src/x.ts', "import { Var } from '@svd/tape';")).toEqual(['1:@svd/tape']);
    expect(check('packages/tensor/src/x.ts', "import type { Tensor } from '@svd/linalg';")).toEqual(['1:@svd/linalg']);
    expect(check('packages/linalg/src/x.ts', "const tape = await import('@svd/tape');")).toEqual(['1:@svd/tape']);
    expect(check('packages/linalg/src/x.ts', "\nexport { svd } from '@svd/ops-svd';")).toEqual(['2:@svd/ops-svd']);
    expect(check('packages/tape/src/x.ts', "type S = import('@svd/linalg').SvdOptions;")).toEqual(['1:@svd/linalg']);
    expect(check('packages/gradcheck/src/x.ts', "import { svd } from '@svd/ops-svd';")).toEqual(['1:@svd/ops-svd']);
    expect(check('packages/gradcheck/src/x.ts', "import { qr } from '@svd/linalg';")).toEqual(['1:@svd/linalg']);
  });

  it('rejects tape internals from ops-svd and deep or relative paths into another package', () => {
    expect(check('packages/ops-svd/src/x.ts', "import { Node } from '@svd/tape/src/Node.js';")).toEqual([
      '1:@svd/tape/src/Node.js',
    ]);
    expect(check('packages/ops-svd/src/x.ts', "import { Var } from '../../tape/src/Var.js';")).toEqual([
      '1:../../tape/src/Var.js',
    ]);
    expect(check('packages/linalg/src/x.ts', "import { gemm } from '../../tensor/dist/index.js';")).toEqual([
      '1:../../tensor/dist/index.js',
    ]);
    expect(check('packages/ops-svd/test/x.ts', "import { Var } from '../../tape/src/Var.js';", false)).toEqual([
      '1:../../tape/src/Var.js',
    ]);
    const bench = "import { setGemmPath } from '../../../packages/tensor/src/kernels/gemmWasm.js';";
    expect(check('tools/bench/src/matmul.bench.ts', bench, false)).toEqual([
      '1:../../../packages/tensor/src/kernels/gemmWasm.js',
    ]);
  });

  it('accepts allowed arrows, own relative paths, builtins and npm packages', () => {
    expect(
      check(
        'packages/ops-svd/src/x.ts',
        [
          "import * as T from '@svd/tensor';",
          "import { svd } from '@svd/linalg';",
          "import { defineRule } from '@svd/tape';",
        ].join('\n'),
      ),
    ).toEqual([]);
    expect(
      check('packages/tape/src/ops/x.ts', "import { Var } from '../Var.js';\nimport { join } from 'node:path';"),
    ).toEqual([]);
    expect(check('packages/ops-svd/test/x.ts', "import { gradcheck } from '@svd/gradcheck';", false)).toEqual([]);
  });

  it('refuses a table without a row for every package', () => {
    expect(() => parseLayerRules('| `@svd/tensor` | nothing | AD |')).toThrow(/no row for @svd\/linalg/);
  });
});
