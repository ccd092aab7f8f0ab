import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import type { RollupOptions } from 'rollup';
import esbuild from 'rollup-plugin-esbuild';
import { copyIntoWidgets } from './widgets/tools/copy-into-widgets.ts';
import { verifiedImports } from './widgets/tools/integrity-plugin.ts';
import { widgetManifest } from './widgets/tools/manifest-plugin.ts';
import { noticeBanner, thirdPartyNotices } from './widgets/tools/notices-plugin.ts';
import { minifyTemplates } from './widgets/tools/minify-templates.ts';

/**
 * The moving alias of this compatible line: `/widgets/v1/` serves the newest release built with it. Each build
 * is also a release of its own, `/widgets/<version>-<content hash>/`, named by the build (`manifest-plugin.ts`);
 * the server learns both from `aliases.json`. Change the alias only when a snippet written for the previous one
 * would break.
 */
export const WIDGETS_ALIAS = 'v1';
const { version } = JSON.parse(readFileSync(new URL('package.json', import.meta.url), 'utf8')) as { version: string };

/**
 * The one chunk every page loads, whatever its widgets: Lit's core (not its directives, which stay with the
 * widgets that use them) and the three tiny core modules the consent banner shares with the kit. Kept minimal
 * because the banner alone must fit in 11 KB gzip with it.
 */
const isLitCore = (id: string) =>
  /node_modules\/(lit\/index|lit-html\/(lit-html|is-server)|lit-element\/(lit-element|index)|@lit\/reactive-element\/(reactive-element|css-tag))\.js$/.test(id);
/**
 * What every element with a session loads, as one chunk rather than three (gzip works per file, so one file
 * of the same code is smaller): the embed and session, the API client on fetch with @lit/context, the element base
 * class, forms, drafts, French core strings and styles.
 */
const isCore = (id: string) =>
  /\/widgets\/core\/(embed|session|api-client|storage|live-region|civ-element|draft-store|form|honeypot|i18n\/i18n|i18n\/fr|styles\/(base|form)\.styles)\.ts$/.test(
    id,
  ) || /node_modules\/@lit\/context\//.test(id);
const isShared = (id: string) => isLitCore(id) || /\/widgets\/core\/(define|events|origin-advice|styles\/tokens\.styles)\.ts$/.test(id);
/**
 * What `civ-vote`, `civ-survey`, the proposals' elements and `civ-resource-board` share beyond the core: the consultation element,
 * choice groups, rankings, result bars, the listing's fields and report form, and their strings and styles. Bundled into each
 * of them (see `copyIntoWidgets`): a page holds one of them far more often than two, and one file is smaller than two.
 */
const PARTICIPATION =
  /\/widgets\/core\/(participation-element|participant|resource|choices|listing|listing-element|picture|image|ranking|result-bars|i18n\/(participation|moderation|picture)\.(fr|en)|styles\/(participation|listing)\.styles)\.ts$/;

/** What `civ-account` and the staff console share beyond the core: fields and the Lit directives they use. */
const CONSOLE_SHARED =
  /(\/widgets\/core\/(fields|styles\/fields\.styles)\.ts|node_modules\/(lit-html\/(directive|directive-helpers)|lit(-html)?\/directives\/(if-defined|live))\.js)$/;

/**
 * `civique.js` (the loader the snippet points at) and `consent.js` (the banner alone) are the entries; every
 * element is a chunk the loader imports only when its tag is on the page; Lit is one shared chunk.
 */
const config: RollupOptions = {
  input: Object.fromEntries(
    Object.entries({ civique: 'widgets/loader.ts', consent: 'widgets/consent.ts', console: 'widgets/console.ts' }).filter(([, file]) => existsSync(file)),
  ),
  output: {
    // Moved to dist/widgets/<release>/ once written (see `widgetManifest`).
    dir: 'dist/widgets/.staging',
    format: 'es',
    entryFileNames: '[name].js',
    banner: noticeBanner,
    // No hash in chunk names: the release folder they live in is named after the content of the whole build.
    chunkFileNames: 'chunks/[name].js',
    manualChunks: (id) => (isShared(id) ? 'lit' : isCore(id) ? 'core' : undefined),
    sourcemap: true,
  },
  // Lets consent.js hold the banner itself instead of a stub that imports it from another chunk.
  preserveEntrySignatures: 'allow-extension',
  plugins: [
    // The staging folder starts empty: a file of an earlier build must not slip into this release.
    { name: 'clean-output', renderStart: (output) => rmSync(output.dir!, { recursive: true, force: true }) },
    // The avatar's picture code goes inside the account's dashboard, not in a chunk whose hash the account would carry.
    copyIntoWidgets({ widgets: ['account'], modules: /\/widgets\/core\/(image|save-file)\.ts$/ }),
    copyIntoWidgets({ widgets: ['vote', 'survey', 'proposals', 'resources'], modules: PARTICIPATION }),
    // The staff console reuses the account's fields (and the Lit directives they use): a copy in each keeps the
    // account page as it was, with no chunk shared with a page no citizen loads.
    copyIntoWidgets({ widgets: ['account', 'console'], modules: CONSOLE_SHARED }),
    // Themes are stylesheets a host page links (`themes/dsfr.css`): in the release, never in a widget's bytes.
    {
      name: 'themes',
      generateBundle() {
        for (const name of readdirSync('widgets/themes').filter((file) => file.endsWith('.css'))) {
          this.emitFile({ type: 'asset', fileName: `themes/${name}`, source: readFileSync(join('widgets/themes', name), 'utf8') });
        }
      },
    },
    nodeResolve({ exportConditions: ['production'] }),
    esbuild({ tsconfig: 'tsconfig.json', target: 'es2022', minify: false }),
    minifyTemplates({ include: /\/widgets\/.*\.ts$/ }),
    // Only the `/*!` banner survives: it links to the licences of what is bundled (THIRD-PARTY-NOTICES.txt).
    terser({ ecma: 2020, module: true, compress: { passes: 2 }, format: { comments: /^!/ } }),
    verifiedImports(),
    thirdPartyNotices(),
    widgetManifest({ version, alias: WIDGETS_ALIAS, loaderEntry: 'civique' }),
  ],
};

export default config;
