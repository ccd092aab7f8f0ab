import { readFileSync } from 'node:fs';
import { transform } from 'esbuild';
import type { OutputBundle, OutputChunk, Plugin } from 'rollup';
import { minify } from 'terser';
import { chunkSri, dynamicImportsOf } from './manifest-plugin.ts';

const RUNTIME = new URL('../core/verified-import.ts', import.meta.url);
const PLACEHOLDER = '__CIVIQUE_INTEGRITY__';
/** In a chunk that imports others dynamically: a hoisted function returning the table of what it may import. */
const CHUNK_TABLE = '__civiqueTable';

/** `from` and every chunk it imports statically, directly or not: what is in the module map once it runs. */
function staticClosure(bundle: OutputBundle, from: OutputChunk, seen = new Set<string>([from.fileName])): Set<string> {
  for (const file of from.imports) {
    const chunk = bundle[file];
    if (seen.has(file) || chunk?.type !== 'chunk') continue;
    seen.add(file);
    staticClosure(bundle, chunk, seen);
  }
  return seen;
}

/** `to` as a path relative to the folder of `from` (`chunks/a.js`, `../consent.js`). */
function relative(from: string, to: string): string {
  const up = from.split('/').slice(0, -1);
  const target = to.split('/');
  while (up.length && target.length > 1 && up[0] === target[0]) {
    up.shift();
    target.shift();
  }
  return (up.length ? up.map(() => '..') : ['.']).concat(target).join('/');
}

/**
 * Makes every file an SRI-pinned entry loads checked against a hash carried by code already verified (see
 * `core/verified-import.ts`), as a chain: each resolved `import()` of the build becomes a call to the verifying
 * importer, and each file that imports dynamically carries the SHA-256 of what it may import that is not yet in
 * the module map (the target and its static imports) — the entry, pinned by the snippet, vouches for the
 * elements and their shared chunks, an element for its lazily loaded views, a strings module for its English
 * file. A page thus downloads the hashes of what it may use, not of the whole kit. Entries must have no
 * static imports (a static import is fetched before any code runs, unchecked): `loader.ts` and `consent.ts`
 * only import dynamically, and the build fails if one does; a cycle of hashes (two chunks each vouching for
 * the other) cannot be computed and fails the build too.
 *
 * Placed after the minifier: it appends already minified code, and computes hashes of the final bytes.
 */
export function verifiedImports(): Plugin {
  let runtime = '';
  return {
    name: 'civique-verified-imports',
    async buildStart() {
      const compiled = await transform(readFileSync(RUNTIME, 'utf8'), { loader: 'ts', format: 'esm', target: 'es2022' });
      const minified = await minify(compiled.code, {
        module: true,
        ecma: 2020,
        compress: { passes: 2, top_retain: ['civiqueImport'] },
        mangle: { reserved: ['civiqueImport'] },
        format: { comments: false },
      });
      runtime = minified.code!;
      if (!runtime.includes(PLACEHOLDER)) this.error('the verifying importer lost its table placeholder');
    },
    renderDynamicImport({ chunk, targetModuleId }) {
      // An import() of a computed specifier (none in the widgets) is left alone: it names no file of the build.
      if (!targetModuleId) return null;
      return chunk.isEntry
        ? { left: 'civiqueImport(', right: ',import.meta.url)' }
        : { left: 'globalThis[Symbol.for("civique.chain")](', right: `,import.meta.url,${CHUNK_TABLE}())` };
    },
    renderChunk(code, chunk) {
      // Appended, so that no source-map position moves; a function declaration is hoisted.
      if (!chunk.isEntry) return chunk.dynamicImports.length ? { code: `${code}\nfunction ${CHUNK_TABLE}(){return ${PLACEHOLDER}}`, map: null } : null;
      if (chunk.imports.length > 0) {
        this.error(`${chunk.fileName} imports ${chunk.imports.join(', ')} statically: the browser would run it unchecked`);
      }
      // Appended, so that no source-map position moves; the function declaration is hoisted.
      return { code: `${code}\n${runtime}`, map: null };
    },
    generateBundle(_output, bundle) {
      const chunks = Object.values(bundle).filter((file): file is OutputChunk => file.type === 'chunk');
      const done = new Set<string>();
      const inProgress = new Set<string>();
      // Depth first: a chunk's table holds the hashes of final bytes, so what it vouches for is written first.
      const finish = (chunk: OutputChunk) => {
        if (done.has(chunk.fileName)) return;
        if (inProgress.has(chunk.fileName)) this.error(`${chunk.fileName} is in a cycle of dynamic imports: no chain of hashes can cover it`);
        inProgress.add(chunk.fileName);
        const loaded = staticClosure(bundle, chunk);
        const vouched = new Set<string>();
        for (const target of chunk.dynamicImports) {
          const imported = bundle[target];
          if (imported?.type !== 'chunk') continue;
          if (imported.isEntry) this.error(`${chunk.fileName} imports the entry ${target}: entries must stay independent`);
          for (const file of staticClosure(bundle, imported)) if (!loaded.has(file)) vouched.add(file);
        }
        const table: Record<string, [string, string[]]> = {};
        for (const file of [...vouched].sort()) {
          const imported = bundle[file] as OutputChunk;
          finish(imported);
          table[relative(chunk.fileName, file)] = [chunkSri(imported.code), imported.imports.map((i) => relative(chunk.fileName, i))];
        }
        if (chunk.isEntry) {
          // Each element's chunk, so the loader can start a whole chain's downloads as soon as it sees the tag.
          const elements: Record<string, string> = {};
          for (const { chunk: element, tags } of dynamicImportsOf(chunk, bundle, this.getModuleInfo)) {
            for (const tag of element ? tags : []) elements[tag] = relative(chunk.fileName, element!.fileName);
          }
          chunk.code = chunk.code.replace(PLACEHOLDER, JSON.stringify([table, elements]));
        } else if (chunk.dynamicImports.length) {
          chunk.code = chunk.code.replace(PLACEHOLDER, JSON.stringify(table));
        }
        inProgress.delete(chunk.fileName);
        done.add(chunk.fileName);
      };
      for (const chunk of chunks) finish(chunk);
    },
  };
}
