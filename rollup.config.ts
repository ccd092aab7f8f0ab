import { existsSync } from 'node:fs';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import type { RollupOptions } from 'rollup';
import esbuild from 'rollup-plugin-esbuild';
import { widgetManifest } from './widgets/tools/manifest-plugin.ts';
import { minifyTemplates } from './widgets/tools/minify-templates.ts';

/** The path segment the widgets are served under; a release that changes the files gets a new one. */
export const WIDGETS_RELEASE = 'v1';

const isLit = (id: string) => /node_modules\/(lit|lit-html|lit-element|@lit\/reactive-element)\//.test(id);

/**
 * `civique.js` (the loader the snippet points at) and `consent.js` (the banner alone) are the entries; every
 * element is a chunk the loader imports only when its tag is on the page; Lit is one shared chunk.
 */
const config: RollupOptions = {
  input: Object.fromEntries(
    Object.entries({ civique: 'widgets/loader.ts', consent: 'widgets/consent.ts' }).filter(([, file]) => existsSync(file)),
  ),
  output: {
    dir: 'dist/widgets',
    format: 'es',
    entryFileNames: '[name].js',
    chunkFileNames: 'chunks/[name]-[hash].js',
    manualChunks: (id) => (isLit(id) ? 'lit' : undefined),
    sourcemap: true,
  },
  preserveEntrySignatures: 'strict',
  plugins: [
    nodeResolve({ exportConditions: ['production'] }),
    esbuild({ tsconfig: 'tsconfig.json', target: 'es2022', minify: false }),
    minifyTemplates({ include: /\/widgets\/.*\.ts$/ }),
    terser({ ecma: 2020, module: true, compress: { passes: 2 }, format: { comments: false } }),
    widgetManifest({ release: WIDGETS_RELEASE, loaderEntry: 'civique' }),
  ],
};

export default config;
