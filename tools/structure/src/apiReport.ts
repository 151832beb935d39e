/**
 * The API report of a package (api-extractor's idea, with the TypeScript compiler API): every
 * export of packages/<pkg>/src/index.ts with its kind and signature, members of `export * as`
 * namespaces included, as Markdown. Committed as packages/<pkg>/api-report.md, so that any change
 * of the public surface shows up as a diff in review; test/apiReport.test.ts fails when a report
 * is stale and `pnpm api-report` rewrites them all.
 */
import { relative } from 'node:path';
import ts from 'typescript';
import { PACKAGES, type PackageName, ROOT, compilerOptions, entryOf } from './workspace.js';

const FORMAT = ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.UseSingleQuotesForStringLiteralType;

/** One line per declaration piece; whitespace inside source text collapsed so reports do not churn with formatting. */
const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim();

const isHidden = (member: ts.Node): boolean => {
  const flags = ts.getCombinedModifierFlags(member as ts.Declaration);
  if (flags & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) return true;
  const name = (member as ts.NamedDeclaration).name;
  return name !== undefined && ts.isPrivateIdentifier(name);
};

class Renderer {
  constructor(private readonly checker: ts.TypeChecker) {}

  private type(t: ts.Type): string {
    return this.checker.typeToString(t, undefined, FORMAT);
  }

  private memberType(symbol: ts.Symbol, member: ts.Node): string {
    return this.type(this.checker.getTypeOfSymbolAtLocation(symbol, member));
  }

  private signatures(symbol: ts.Symbol, at: ts.Node, kind: ts.SignatureKind): string[] {
    const type = this.checker.getTypeOfSymbolAtLocation(symbol, at);
    return type.getCallSignatures().length === 0 && kind === ts.SignatureKind.Call
      ? []
      : this.checker
          .getSignaturesOfType(type, kind)
          .map((s) => this.checker.signatureToString(s, undefined, FORMAT, kind));
  }

  /** The lines describing one export `name` (an alias is followed to what it names). */
  render(exported: ts.Symbol, name: string, indent: string): string[] {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? this.checker.getAliasedSymbol(exported) : exported;
    const out: string[] = [];
    const decls = symbol.declarations ?? [];
    if (symbol.flags & ts.SymbolFlags.ValueModule) {
      out.push(`${indent}namespace ${name} {`);
      for (const member of this.sortedExports(symbol)) out.push(...this.render(member, member.name, `${indent}  `));
      out.push(`${indent}}`);
      return out;
    }
    if (symbol.flags & ts.SymbolFlags.Function) {
      const at = decls[0]!;
      for (const sig of this.signatures(symbol, at, ts.SignatureKind.Call))
        out.push(`${indent}function ${name}${sig};`);
    }
    if (symbol.flags & ts.SymbolFlags.Variable) {
      const decl = decls.find(ts.isVariableDeclaration)!;
      const keyword = ts.getCombinedNodeFlags(decl) & ts.NodeFlags.Const ? 'const' : 'let';
      out.push(`${indent}${keyword} ${name}: ${this.type(this.checker.getTypeOfSymbolAtLocation(symbol, decl))};`);
    }
    for (const decl of decls) {
      if (ts.isClassDeclaration(decl)) out.push(...this.classLines(decl, name, indent));
      else if (ts.isInterfaceDeclaration(decl)) out.push(...this.interfaceLines(decl, name, indent));
      else if (ts.isTypeAliasDeclaration(decl)) {
        const params = decl.typeParameters
          ? `<${decl.typeParameters.map((p) => oneLine(p.getText())).join(', ')}>`
          : '';
        out.push(`${indent}type ${name}${params} = ${oneLine(decl.type.getText())};`);
      } else if (ts.isEnumDeclaration(decl)) {
        out.push(`${indent}enum ${name} { ${decl.members.map((m) => oneLine(m.getText())).join(', ')} }`);
      }
    }
    if (out.length === 0)
      throw new Error(`api report: cannot describe export '${name}' (symbol flags ${symbol.flags})`);
    return out;
  }

  private heritage(decl: ts.ClassDeclaration | ts.InterfaceDeclaration): string {
    return (decl.heritageClauses ?? []).map((h) => ` ${oneLine(h.getText())}`).join('');
  }

  private typeParams(decl: ts.ClassDeclaration | ts.InterfaceDeclaration): string {
    return decl.typeParameters ? `<${decl.typeParameters.map((p) => oneLine(p.getText())).join(', ')}>` : '';
  }

  private classLines(decl: ts.ClassDeclaration, name: string, indent: string): string[] {
    const abstract = ts.getCombinedModifierFlags(decl) & ts.ModifierFlags.Abstract ? 'abstract ' : '';
    const out = [`${indent}${abstract}class ${name}${this.typeParams(decl)}${this.heritage(decl)} {`];
    const inner = `${indent}  `;
    for (const member of decl.members) {
      if (isHidden(member) || ts.isClassStaticBlockDeclaration(member) || ts.isSemicolonClassElement(member)) continue;
      const flags = ts.getCombinedModifierFlags(member);
      const isStatic = flags & ts.ModifierFlags.Static ? 'static ' : '';
      const prefix = `${isStatic}${flags & ts.ModifierFlags.Readonly ? 'readonly ' : ''}`;
      if (ts.isConstructorDeclaration(member)) {
        if (
          member.body !== undefined &&
          decl.members.some((m) => ts.isConstructorDeclaration(m) && m.body === undefined)
        )
          continue;
        const sig = this.checker.getSignatureFromDeclaration(member)!;
        out.push(
          `${inner}constructor${this.checker.signatureToString(sig, undefined, FORMAT).replace(/: [^:]*$/, '')};`,
        );
        continue;
      }
      const symbol = member.name ? this.checker.getSymbolAtLocation(member.name) : undefined;
      if (!symbol) continue;
      const memberName = member.name!.getText();
      if (ts.isMethodDeclaration(member)) {
        if (
          member.body !== undefined &&
          decl.members.some((m) => ts.isMethodDeclaration(m) && m.body === undefined && m.name.getText() === memberName)
        )
          continue;
        const sig = this.checker.getSignatureFromDeclaration(member)!;
        out.push(`${inner}${prefix}${memberName}${this.checker.signatureToString(sig, undefined, FORMAT)};`);
      } else if (ts.isGetAccessorDeclaration(member)) {
        out.push(`${inner}${prefix}get ${memberName}(): ${this.memberType(symbol, member)};`);
      } else if (ts.isSetAccessorDeclaration(member)) {
        out.push(`${inner}${prefix}set ${memberName}(value: ${this.memberType(symbol, member)});`);
      } else if (ts.isPropertyDeclaration(member)) {
        const optional = member.questionToken ? '?' : '';
        out.push(`${inner}${prefix}${memberName}${optional}: ${this.memberType(symbol, member)};`);
      } else {
        out.push(`${inner}${oneLine(member.getText())}`);
      }
    }
    out.push(`${indent}}`);
    return out;
  }

  private interfaceLines(decl: ts.InterfaceDeclaration, name: string, indent: string): string[] {
    const out = [`${indent}interface ${name}${this.typeParams(decl)}${this.heritage(decl)} {`];
    for (const member of decl.members) out.push(`${indent}  ${oneLine(member.getText()).replace(/;?$/, ';')}`);
    out.push(`${indent}}`);
    return out;
  }

  sortedExports(moduleSymbol: ts.Symbol): ts.Symbol[] {
    return this.checker
      .getExportsOfModule(moduleSymbol)
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
}

/** The Markdown API report of each package, keyed by package folder name. */
export function apiReports(packages: readonly PackageName[] = PACKAGES): Map<PackageName, string> {
  const program = ts.createProgram(packages.map(entryOf), compilerOptions());
  const checker = program.getTypeChecker();
  const renderer = new Renderer(checker);
  const reports = new Map<PackageName, string>();
  for (const pkg of packages) {
    const entry = program.getSourceFile(entryOf(pkg));
    const moduleSymbol = entry && checker.getSymbolAtLocation(entry);
    if (!moduleSymbol) throw new Error(`api report: cannot load ${entryOf(pkg)}`);
    const lines: string[] = [];
    for (const exported of renderer.sortedExports(moduleSymbol))
      lines.push(...renderer.render(exported, exported.name, ''));
    const entryPath = relative(ROOT, entryOf(pkg)).split('\\').join('/');
    reports.set(
      pkg,
      [
        `# @svd/${pkg}: API report`,
        '',
        `Every export of \`${entryPath}\`, sorted by name; members of the \`export * as\` namespaces are listed`,
        'inside them.',
        'Generated by `pnpm api-report`; do not edit by hand. `tools/structure/test/apiReport.test.ts` fails when this',
        'file and the source differ, so every change of the public surface shows up here in review.',
        '',
        '```ts',
        ...lines,
        '```',
        '',
      ].join('\n'),
    );
  }
  return reports;
}
