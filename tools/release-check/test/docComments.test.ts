/**
 * Every function, class, constant and enum exported from a package's public entry
 * (packages/<name>/src/index.ts, following `export *` chains and the members of `export * as`
 * namespaces) carries a JSDoc comment with a description and an `@example` block, so the typedoc
 * site documents each of them with a usage line. Types and interfaces are not checked. For
 * overloaded functions the first signature's comment is the one that counts (it is the one
 * editors and typedoc show first).
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));

function compilerOptions(): ts.CompilerOptions {
  const path = join(root, 'tsconfig.base.json');
  const { config, error } = ts.readConfigFile(path, ts.sys.readFile);
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
  const { options, errors } = ts.convertCompilerOptionsFromJson(config.compilerOptions, root, path);
  if (errors.length > 0)
    throw new Error(errors.map((e) => ts.flattenDiagnosticMessageText(e.messageText, '\n')).join('\n'));
  return { ...options, noEmit: true };
}

const CHECKED = ts.SymbolFlags.Function | ts.SymbolFlags.Class | ts.SymbolFlags.Variable | ts.SymbolFlags.Enum;

/** The declaration whose comment documents a value symbol: the first function/class/variable/enum one. */
function documentedDeclaration(symbol: ts.Symbol): ts.Declaration | undefined {
  return (symbol.declarations ?? []).find(
    (d) =>
      ts.isFunctionDeclaration(d) || ts.isClassDeclaration(d) || ts.isVariableDeclaration(d) || ts.isEnumDeclaration(d),
  );
}

function hasDocWithExample(decl: ts.Declaration): boolean {
  const docs = ts.getJSDocCommentsAndTags(decl).filter(ts.isJSDoc);
  const described = docs.some((d) => ts.getTextOfJSDocComment(d.comment)?.trim());
  const example = docs.some((d) =>
    (d.tags ?? []).some((t) => t.tagName.text === 'example' && ts.getTextOfJSDocComment(t.comment)?.trim()),
  );
  return described && example;
}

/** The exported value names of one package's public entry, and those lacking a documented example. */
function audit(pkg: string): { exported: string[]; missing: string[] } {
  const entry = join(root, 'packages', pkg, 'src', 'index.ts');
  const program = ts.createProgram([entry], compilerOptions());
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(entry);
  if (!source) throw new Error(`cannot load ${entry}`);
  const moduleSymbol = checker.getSymbolAtLocation(source);
  if (!moduleSymbol) throw new Error(`${entry} is not a module`);
  const exported: string[] = [];
  const missing: string[] = [];
  const visit = (mod: ts.Symbol, prefix: string) => {
    for (const exp of checker.getExportsOfModule(mod)) {
      const symbol = exp.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exp) : exp;
      const name = prefix + exp.name;
      // `export * as ns from './x.js'`: the namespace's members are public too.
      if (symbol.flags & ts.SymbolFlags.ValueModule) visit(symbol, `${name}.`);
      if (!(symbol.flags & CHECKED)) continue; // types, interfaces, type aliases
      const decl = documentedDeclaration(symbol);
      if (!decl) continue;
      exported.push(name);
      if (!hasDocWithExample(decl)) missing.push(name);
    }
  };
  visit(moduleSymbol, '');
  return { exported: exported.sort(), missing: missing.sort() };
}

describe('every exported function, class and constant has a doc comment with an @example', () => {
  for (const pkg of ['tensor', 'tape', 'gradcheck', 'ops-svd']) {
    it(`${pkg} exports have doc examples`, () => {
      const { exported, missing } = audit(pkg);
      expect(exported.length, `@svd/${pkg} exports no values?`).toBeGreaterThan(0);
      expect(
        missing,
        `@svd/${pkg}: ${missing.length} of ${exported.length} exports lack a doc comment with @example: ${missing.join(', ')}`,
      ).toEqual([]);
    });
  }

  it('linalg exports have doc examples', () => {
    const { exported, missing } = audit('linalg');
    expect(exported.length, '@svd/linalg exports no values?').toBeGreaterThan(0);
    expect(
      missing,
      `@svd/linalg: ${missing.length} of ${exported.length} exports lack a doc comment with @example: ${missing.join(', ')}`,
    ).toEqual([]);
  });
});
