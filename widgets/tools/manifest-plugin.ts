import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { GetModuleInfo, OutputBundle, OutputChunk, Plugin } from 'rollup';

/**
 * The SRI value of a file's bytes, as a browser checks it: SHA-384 for what a webmaster pins in a snippet,
 * SHA-256 for the chunks an entry vouches for (`integrity-plugin.ts`) — both SRI algorithms, and a hash is random
 * bytes no compression shrinks, so the tables every page downloads carry the shorter one.
 */
export const sri = (code: string | Uint8Array, algorithm: 'sha256' | 'sha384' = 'sha384') =>
  `${algorithm}-${createHash(algorithm).update(code).digest('base64')}`;
/** The SRI value of a lazily loaded chunk, as the verifying importer checks it. */
export const chunkSri = (code: string | Uint8Array) => sri(code, 'sha256');

/** An element is the module `widgets/<name>/<name>.ts`, imported by the loader when one of its tags is on the page. */
const isElement = (id: string) => basename(id) === `${basename(dirname(id))}.ts`;

/**
 * The tags an element module defines (`define('civ-proposal-form', …)`): one module may define several that
 * share its chunk, and each needs its own entry so a page holding only one of them preloads the chain.
 */
const tagsOf = (code: string | null | undefined) => [...(code ?? '').matchAll(/\bdefine\(\s*['"](civ-[a-z-]+)['"]/g)].map((m) => m[1]);

/**
 * The modules an entry imports dynamically, from the module graph (a chunk that also serves other chunks has
 * no facade module, so chunk metadata alone cannot name the element it carries), each with its chunk and, for
 * an element, its tags.
 */
export function dynamicImportsOf(entry: OutputChunk, bundle: OutputBundle, getModuleInfo: GetModuleInfo) {
  const chunks = Object.values(bundle).filter((file): file is OutputChunk => file.type === 'chunk');
  return [...new Set(entry.moduleIds.flatMap((id) => getModuleInfo(id)?.dynamicallyImportedIds ?? []))].map((id) => ({
    id,
    chunk: chunks.find((c) => c.moduleIds.includes(id)),
    tags: isElement(id) ? tagsOf(getModuleInfo(id)?.code) : [],
  }));
}

/**
 * `aliases.json`, beside the releases: each moving alias (`v1`) → the release it serves. Written by the build,
 * read by the server: the one place that says what `/widgets/v1/` is.
 */
export const ALIASES_FILE = 'aliases.json';
export type WidgetAliases = Record<string, string>;

/** Files served compressed: the build writes `<file>.br` and `<file>.gz` beside each. */
export const COMPRESSED = /\.(js|json|map|txt|css)$/;

export interface WidgetManifest {
  /** The release's folder and immutable path segment (`/widgets/0.1.0-3f2a9c1d7e/…`): version + content hash. */
  release: string;
  /** The moving alias (`/widgets/v1/…`) that points at the newest release of this compatible line. */
  alias: string;
  /** Entry files a page references directly, with their Subresource Integrity hash. */
  entries: Record<string, { integrity: string; bytes: number; page: string[] }>;
  /**
   * For each `civ-*` element: its chunk, every file a page holding only that element downloads, and the
   * parts it imports later when needed (e.g. the signed-in dashboard; English strings are left out).
   */
  elements: Record<string, { chunk: string; page: string[]; later: string[] }>;
}

/** English strings are imported only on an English page: the budgets leave them out. */
const isEnglish = (bundle: OutputBundle, file: string) => /(^|[/.])en\.ts$/.test((bundle[file] as OutputChunk | undefined)?.facadeModuleId ?? '');

/** Files a chunk pulls in before it runs: itself and its static imports, recursively. */
function closure(bundle: OutputBundle, fileName: string, seen = new Set<string>()): Set<string> {
  if (seen.has(fileName)) return seen;
  seen.add(fileName);
  const chunk = bundle[fileName] as OutputChunk | undefined;
  for (const imported of chunk?.imports ?? []) closure(bundle, imported, seen);
  return seen;
}

/** The release of a build: its version and a hash of every file it holds, so a changed file is a new release. */
function releaseName(version: string, bundle: OutputBundle): string {
  const hash = createHash('sha256');
  for (const file of Object.values(bundle).sort((a, b) => a.fileName.localeCompare(b.fileName))) {
    hash
      .update(file.fileName)
      .update('\0')
      .update(file.type === 'chunk' ? file.code : file.source)
      .update('\0');
  }
  return `${version}-${hash.digest('hex').slice(0, 10)}`;
}

/**
 * Makes each build a release: writes `manifest.json` (its name, SRI hashes of the entry files for the
 * snippet's `integrity` attribute and, per element, the files a page with that element loads, for the size
 * budgets), a brotli and a gzip copy of every file, then moves the build from the folder rollup wrote
 * (`<releases>/.staging`) to `<releases>/<release>/`, beside the earlier releases, and points the alias at it.
 */
export function widgetManifest(options: { version: string; alias: string; loaderEntry: string }): Plugin {
  let release = '';
  return {
    name: 'civique-widget-manifest',
    generateBundle(_output, bundle) {
      release = releaseName(options.version, bundle);
      const manifest: WidgetManifest = { release, alias: options.alias, entries: {}, elements: {} };
      const chunks = Object.values(bundle).filter((file): file is OutputChunk => file.type === 'chunk');
      for (const chunk of chunks.filter((c) => c.isEntry)) {
        const integrity = sri(chunk.code);
        const pageSet = closure(bundle, chunk.fileName);
        // An entry other than the loader imports what it holds as soon as it runs (consent.js: the banner);
        // the loader imports elements only when their tag is on the page (see `elements`).
        if (chunk.name !== options.loaderEntry) {
          for (const file of chunk.dynamicImports) if (!isEnglish(bundle, file)) closure(bundle, file, pageSet);
        }
        const page = [...pageSet].sort();
        manifest.entries[chunk.fileName] = { integrity, bytes: Buffer.byteLength(chunk.code), page };
      }
      const loader = chunks.find((c) => c.isEntry && c.name === options.loaderEntry);
      const imported = loader ? dynamicImportsOf(loader, bundle, this.getModuleInfo) : [];
      // What the loader imports before any element (the session, the tenant check) is part of every page.
      const loaderPage = new Set<string>(loader ? closure(bundle, loader.fileName) : []);
      for (const { chunk, tags } of imported) if (chunk && tags.length === 0) closure(bundle, chunk.fileName, loaderPage);
      for (const { chunk, tags } of imported) {
        if (!chunk || tags.length === 0) continue;
        const page = new Set<string>(loaderPage);
        for (const file of closure(bundle, chunk.fileName)) page.add(file);
        const later = new Set<string>();
        for (const file of chunk.dynamicImports) {
          const part = bundle[file] as OutputChunk | undefined;
          if (!part || isEnglish(bundle, file)) continue;
          for (const needed of closure(bundle, file)) if (!page.has(needed)) later.add(needed);
        }
        for (const tag of tags) manifest.elements[tag] = { chunk: chunk.fileName, page: [...page].sort(), later: [...later].sort() };
      }
      this.emitFile({ type: 'asset', fileName: 'manifest.json', source: JSON.stringify(manifest, null, 2) + '\n' });
      // Precompressed once here rather than per response; the server picks the copy the browser accepts.
      for (const file of Object.values(bundle).filter((f) => COMPRESSED.test(f.fileName))) {
        const data = Buffer.from(file.type === 'chunk' ? file.code : file.source);
        const br = brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length } });
        this.emitFile({ type: 'asset', fileName: `${file.fileName}.br`, source: br });
        this.emitFile({ type: 'asset', fileName: `${file.fileName}.gz`, source: gzipSync(data, { level: 9 }) });
      }
    },
    writeBundle(output) {
      const staging = output.dir!;
      const releases = dirname(staging);
      const target = join(releases, release);
      // A release is immutable: the same name means the same bytes, already there.
      if (existsSync(target)) rmSync(staging, { recursive: true, force: true });
      else renameSync(staging, target);
      const file = join(releases, ALIASES_FILE);
      const aliases: WidgetAliases = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
      aliases[options.alias] = release;
      // Replaced in one step, so the server never reads half a file.
      writeFileSync(`${file}.tmp`, JSON.stringify(aliases, null, 2) + '\n');
      renameSync(`${file}.tmp`, file);
      console.log(`[civique] release ${release} in ${target}, /widgets/${options.alias}/ points at it`);
    },
  };
}
