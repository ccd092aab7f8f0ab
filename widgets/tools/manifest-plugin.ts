import { createHash } from 'node:crypto';
import { basename, dirname } from 'node:path';
import type { OutputBundle, OutputChunk, Plugin } from 'rollup';

export interface WidgetManifest {
  /** The path segment the files are served under (`/widgets/v1/…`). */
  release: string;
  /** Entry files a page references directly, with their Subresource Integrity hash. */
  entries: Record<string, { integrity: string; bytes: number; page: string[] }>;
  /**
   * For each `civ-*` element: its chunk, every file a page holding only that element downloads, and the
   * parts it imports later when needed (e.g. the signed-in dashboard; English strings are left out).
   */
  elements: Record<string, { chunk: string; page: string[]; later: string[] }>;
}

/** Files a chunk pulls in before it runs: itself and its static imports, recursively. */
function closure(bundle: OutputBundle, fileName: string, seen = new Set<string>()): Set<string> {
  if (seen.has(fileName)) return seen;
  seen.add(fileName);
  const chunk = bundle[fileName] as OutputChunk | undefined;
  for (const imported of chunk?.imports ?? []) closure(bundle, imported, seen);
  return seen;
}

/**
 * Writes `manifest.json` beside the build: SRI hashes of the entry files (for the snippet's `integrity`
 * attribute) and, per element, the files a page with that element loads (for the size budgets).
 * An element is the module `widgets/<name>/<name>.ts`, lazily imported by the loader as `civ-<name>`.
 */
export function widgetManifest(options: { release: string; loaderEntry: string }): Plugin {
  return {
    name: 'civique-widget-manifest',
    generateBundle(_output, bundle) {
      const manifest: WidgetManifest = { release: options.release, entries: {}, elements: {} };
      const chunks = Object.values(bundle).filter((file): file is OutputChunk => file.type === 'chunk');
      for (const chunk of chunks.filter((c) => c.isEntry)) {
        const integrity = `sha384-${createHash('sha384').update(chunk.code).digest('base64')}`;
        const page = [...closure(bundle, chunk.fileName)].sort();
        manifest.entries[chunk.fileName] = { integrity, bytes: Buffer.byteLength(chunk.code), page };
      }
      const loader = chunks.find((c) => c.isEntry && c.name === options.loaderEntry);
      // The loader's dynamic imports, from the module graph: a chunk that also serves other chunks has no
      // facade module, so chunk metadata alone cannot name the element it carries.
      const imported = (loader?.moduleIds ?? []).flatMap((id) => this.getModuleInfo(id)?.dynamicallyImportedIds ?? []);
      const chunkOf = (id: string) => chunks.find((c) => c.moduleIds.includes(id));
      const isElement = (id: string) => basename(id) === `${basename(dirname(id))}.ts`;
      // What the loader imports before any element (the session, the tenant check) is part of every page.
      const loaderPage = new Set<string>(loader ? closure(bundle, loader.fileName) : []);
      for (const id of imported.filter((id) => !isElement(id))) {
        const chunk = chunkOf(id);
        if (chunk) closure(bundle, chunk.fileName, loaderPage);
      }
      for (const id of imported.filter(isElement)) {
        const chunk = chunkOf(id);
        if (!chunk) continue;
        const page = new Set<string>(loaderPage);
        for (const file of closure(bundle, chunk.fileName)) page.add(file);
        const later = new Set<string>();
        for (const file of chunk.dynamicImports) {
          const part = bundle[file] as OutputChunk | undefined;
          if (!part || /(^|[/.])en\.ts$/.test(part.facadeModuleId ?? '')) continue;
          for (const needed of closure(bundle, file)) if (!page.has(needed)) later.add(needed);
        }
        manifest.elements[`civ-${basename(dirname(id))}`] = { chunk: chunk.fileName, page: [...page].sort(), later: [...later].sort() };
      }
      this.emitFile({ type: 'asset', fileName: 'manifest.json', source: JSON.stringify(manifest, null, 2) + '\n' });
    },
  };
}
