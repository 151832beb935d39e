/** Where the workspace is, which packages it publishes, and the compiler options they build with. */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/** The repository root (this file is tools/structure/src/workspace.ts). */
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** The published packages, by folder name under packages/ (the package is `@svd/<name>`). */
export const PACKAGES = ['tensor', 'linalg', 'tape', 'ops-svd', 'gradcheck'] as const;
export type PackageName = (typeof PACKAGES)[number];

/** packages/<pkg>/src/index.ts, the public entry every export condition points at. */
export function entryOf(pkg: PackageName): string {
  return join(ROOT, 'packages', pkg, 'src', 'index.ts');
}

/** tsconfig.base.json's compiler options (with the `@svd/source` condition), for a type-checking program. */
export function compilerOptions(): ts.CompilerOptions {
  const path = join(ROOT, 'tsconfig.base.json');
  const { config, error } = ts.readConfigFile(path, ts.sys.readFile);
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
  const { options, errors } = ts.convertCompilerOptionsFromJson(config.compilerOptions, ROOT, path);
  if (errors.length > 0)
    throw new Error(errors.map((e) => ts.flattenDiagnosticMessageText(e.messageText, '\n')).join('\n'));
  return { ...options, noEmit: true };
}
