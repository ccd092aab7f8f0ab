/**
 * Integrity of every lazily loaded file. A pasted snippet pins `civique.js` (or `consent.js`) with an
 * `integrity` attribute, but the browser checks nothing the entry then imports. So the build appends this code
 * to each entry, with a table of the chunks the entry imports (each one's SHA-256 and its static imports, and
 * theirs), and rewrites every `import()` of the build into a call to `civiqueImport`; a chunk that imports
 * others dynamically passes its own table of them with each call, so verified code vouches for the next
 * (`tools/integrity-plugin.ts`): a chunk is imported only after the
 * browser has fetched it, and each of its static imports, through `<link rel="modulepreload" integrity>`.
 * A module fetched that way sits in the page's module map, so `import()` then runs those verified bytes and
 * never fetches again; a file whose bytes do not match is refused by the browser and nothing of it runs.
 * The same links start the downloads of a whole chain at once instead of one after the other, and the loader
 * asks for an element's chain (`globalThis[Symbol.for('civique.preload')](tag)`) as soon as it sees the tag,
 * beside the core's, rather than once the session is installed.
 *
 * Not imported by any source file: `tools/integrity-plugin.ts` compiles it on its own and appends it to the
 * entries, whose `import.meta.url` locates the table. Its function declarations are hoisted, so the entry can
 * call `civiqueImport` from its first line; a chunk reaches it through `globalThis[Symbol.for('civique.chain')]`.
 * Works under a strict CSP and Trusted Types (no inline script, no blob:, no eval; a link's `href` is no
 * Trusted Types sink). Browsers without `modulepreload` (Firefox < 115, Safari < 17) are refused, never served
 * unverified code.
 */

/** Chunk path (relative to the file that carries the table) → [its SRI hash, the chunks it imports statically]. */
type IntegrityTable = Record<string, [integrity: string, imports: string[]]>;
/** Tag → the chunk that defines it (relative to the entry). */
type ElementChunks = Record<string, string>;

/** Replaced by the entry's table at build time. */
declare const __CIVIQUE_INTEGRITY__: [IntegrityTable, ElementChunks];

// eslint-disable-next-line @typescript-eslint/no-unused-vars -- called by the build: the integrity plugin rewrites each import() into it
function civiqueImport(specifier: string, base: string): Promise<unknown> {
  const global = globalThis as unknown as Record<symbol, unknown>;
  // Shared by every entry of every release on the page, keyed by absolute URL.
  const files = (global[Symbol.for('civique.files')] ??= {}) as IntegrityTable;
  const elements = (global[Symbol.for('civique.elements')] ??= {}) as ElementChunks;
  const preloads = (global[Symbol.for('civique.preloads')] ??= {}) as Record<string, Promise<void>>;
  const entry = import.meta.url;
  const [table, tags] = __CIVIQUE_INTEGRITY__;
  /** Adds the hashes a verified file vouches for (paths relative to it); a hash already known is kept. */
  const trust = (vouched: IntegrityTable, from: string) => {
    for (const [file, [integrity, imports]] of Object.entries(vouched)) {
      files[new URL(file, from).href] ??= [integrity, imports.map((imported) => new URL(imported, from).href)];
    }
  };
  trust(table, entry);
  for (const [tag, file] of Object.entries(tags)) elements[tag] ??= new URL(file, entry).href;

  /** `url` and its static imports, leaves first, so that a file's imports are in the module map, verified, when it is parsed; undefined when a file is not in the table. */
  const chainOf = (url: string, chain: string[] = []): string[] | undefined => {
    if (chain.includes(url)) return chain;
    if (!files[url]) return undefined;
    for (const imported of files[url][1]) if (!chainOf(imported, chain)) return undefined;
    chain.push(url);
    return chain;
  };
  const supported = document.createElement('link').relList.supports('modulepreload');
  const preload = (file: string) =>
    (preloads[file] ??= new Promise<void>((resolve, reject) => {
      const link = document.createElement('link');
      link.rel = 'modulepreload';
      // Anonymous, as a module script's own requests: the files are served with `Access-Control-Allow-Origin: *`.
      link.crossOrigin = 'anonymous';
      link.integrity = files[file][0];
      link.href = file;
      link.onload = () => resolve();
      link.onerror = () =>
        reject(new Error(`[civique] ${file} : refusé (empreinte d’intégrité différente, ou introuvable) — refused (integrity mismatch, or not found)`));
      document.head.append(link);
    }));
  const refuse = (url: string, fr: string, en: string) => Promise.reject(new Error(`[civique] ${url} : ${fr} — ${en}`));

  /** `vouched`: the table of the verified chunk importing (the build passes it with each of its `import()`). */
  const load = (target: string, from: string, vouched: IntegrityTable = {}): Promise<unknown> => {
    trust(vouched, from);
    const url = new URL(target, from).href;
    if (!supported) return refuse(url, 'navigateur trop ancien pour vérifier l’intégrité', 'browser too old to check integrity');
    const chain = chainOf(url);
    if (!chain) return refuse(url, 'fichier inconnu de cette version', 'not a file of this release');
    return Promise.all(chain.map(preload)).then(() => import(/* @vite-ignore */ url));
  };
  /** A hint from the loader: starts the downloads `tag` needs; a refusal is reported when the element is imported. */
  const preloadElement = (tag: string) => {
    const chain = supported && elements[tag] ? chainOf(elements[tag]) : undefined;
    for (const file of chain ?? []) preload(file).catch(() => {});
  };
  global[Symbol.for('civique.preload')] ??= preloadElement;
  // Not the key of earlier releases' importer, which ignores the table a chunk passes: each format keeps its own.
  global[Symbol.for('civique.chain')] ??= load;
  return (global[Symbol.for('civique.chain')] as typeof load)(specifier, base);
}
// A module (it reads import.meta), though the build keeps only its function.
export {};
