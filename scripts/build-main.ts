import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, build } from 'esbuild';

/**
 * Bundles the Electron shell and the backend entry it forks:
 *   main/src/main.ts     → main/dist/main.cjs     (main process)
 *   main/src/preload.ts  → main/dist/preload.cjs  (sandboxed preload: may only require 'electron')
 *   backend/src/serve.ts → backend/dist/serve.mjs (utilityProcess; node_modules stay external)
 */

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const at = (path: string) => join(root, path);

const shared: BuildOptions = {
  bundle: true,
  sourcemap: true,
  target: 'node22',
  logLevel: 'info',
  legalComments: 'none',
};

const backendEntry = at('backend/src/serve.ts');

const builds: Promise<unknown>[] = [
  build({
    ...shared,
    entryPoints: [at('main/src/main.ts')],
    outfile: at('main/dist/main.cjs'),
    platform: 'node',
    format: 'cjs',
    external: ['electron'],
  }),
  build({
    ...shared,
    entryPoints: [at('main/src/preload.ts')],
    outfile: at('main/dist/preload.cjs'),
    platform: 'node',
    format: 'cjs',
    external: ['electron'],
  }),
];

if (existsSync(backendEntry)) {
  builds.push(
    build({
      ...shared,
      entryPoints: [backendEntry],
      outfile: at('backend/dist/serve.mjs'),
      platform: 'node',
      format: 'esm',
      packages: 'external',
      // esbuild's require shim for bundled CommonJS needs a real `require` in an ES module.
      banner: {
        js: "import { createRequire as __mostradorCreateRequire } from 'node:module'; const require = __mostradorCreateRequire(import.meta.url);",
      },
    }),
  );
} else {
  console.warn('backend/src/serve.ts not found: skipped backend/dist/serve.mjs');
}

await Promise.all(builds);
