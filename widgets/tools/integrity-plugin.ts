import { readFileSync } from 'node:fs';
import { transform } from 'esbuild';
import type { OutputBundle, OutputChunk, Plugin } from 'rollup';
import { minify } from 'terser';
import { chunkSri, dynamicImportsOf } from './manifest-plugin.ts';

const RUNTIME = new URL('../core/verified-import.ts', import.meta.url);
const PLACEHOLDER = '__CIVIQUE_INTEGRITY__';

/** Every chunk `from` can reach, through static and dynamic imports (itself excluded). */
function reachable(bundle: OutputBundle, from: OutputChunk, seen = new Set<string>()): Set<string> {
  for (const file of [...from.imports, ...from.dynamicImports]) {
    const chunk = bundle[file];
    if (seen.has(file) || chunk?.type !== 'chunk') continue;
    seen.add(file);
    reachable(bundle, chunk, seen);
  }
  return seen;
}

/** `to` as a path relative to the folder of `from` (`chunks/a.js`, `../consent.js`). */
function relative(from: string, to: string): string {
  const up = from.split('/').slice(0, -1);
  const target = to.split('/');
  while (up.length && target.length > 1 && up[0] === target[0]) up.shift(), target.shift();
  return (up.length ? up.map(() => '..') : ['.']).concat(target).join('/');
}

/**
 * Makes every file an SRI-pinned entry loads checked against a hash the entry carries (see
 * `core/verified-import.ts`): each resolved `import()` of the build becomes a call to the verifying importer,
 * and each entry gets the importer with the SHA-384 of every chunk it can reach, and the chunk of each element. Entries must have no
 * static imports (a static import is fetched before any code runs, unchecked): `loader.ts` and `consent.ts`
 * only import dynamically, and the build fails if one does.
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
        : { left: 'globalThis[Symbol.for("civique.import")](', right: ',import.meta.url)' };
    },
    renderChunk(code, chunk) {
      if (!chunk.isEntry) return null;
      if (chunk.imports.length > 0) {
        this.error(`${chunk.fileName} imports ${chunk.imports.join(', ')} statically: the browser would run it unchecked`);
      }
      // Appended, so that no source-map position moves; the function declaration is hoisted.
      return { code: `${code}\n${runtime}`, map: null };
    },
    generateBundle(_output, bundle) {
      const chunks = Object.values(bundle).filter((file): file is OutputChunk => file.type === 'chunk');
      for (const entry of chunks.filter((chunk) => chunk.isEntry)) {
        const table: Record<string, [string, string[]]> = {};
        for (const file of [...reachable(bundle, entry)].sort()) {
          const chunk = bundle[file] as OutputChunk;
          if (chunk.isEntry) this.error(`${entry.fileName} imports the entry ${file}: entries must stay independent`);
          table[relative(entry.fileName, file)] = [chunkSri(chunk.code), chunk.imports.map((imported) => relative(entry.fileName, imported))];
        }
        // Each element's chunk, so the loader can start a whole chain's downloads as soon as it sees the tag.
        const elements: Record<string, string> = {};
        for (const { chunk, tag } of dynamicImportsOf(entry, bundle, this.getModuleInfo)) {
          if (chunk && tag) elements[tag] = relative(entry.fileName, chunk.fileName);
        }
        entry.code = entry.code.replace(PLACEHOLDER, JSON.stringify([table, elements]));
      }
    },
  };
}
