import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  // Type declarations must resolve sibling packages through their published types, not the
  // `@svd/source` condition that tests and typecheck use, or their types would be inlined.
  dts: { compilerOptions: { customConditions: [] } },
  sourcemap: true,
  clean: true,
  target: 'es2022',
  splitting: false,
  // No rollup pass (`treeshake`): it appended a second sourceMappingURL comment to every file;
  // esbuild already tree-shakes the bundle. The maps embed the sources (sourcesContent).
  treeshake: false,
});
