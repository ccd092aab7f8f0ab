/**
 * Integrity of every lazily loaded file. A pasted snippet pins `civique.js` (or `consent.js`) with an
 * `integrity` attribute, but the browser checks nothing the entry then imports. So the build appends this code
 * to each entry, with a table of every chunk the entry can reach (its SHA-384 and its static imports), and
 * rewrites every `import()` of the build into a call to `civiqueImport`: a chunk is imported only after the
 * browser has fetched it, and each of its static imports, through `<link rel="modulepreload" integrity>`.
 * A module fetched that way sits in the page's module map, so `import()` then runs those verified bytes and
 * never fetches again; a file whose bytes do not match is refused by the browser and nothing of it runs.
 * The same links start the downloads of a whole chain at once (loader → core → Lit, element) instead of one
 * after the other.
 *
 * Not imported by any source file: `tools/integrity-plugin.ts` compiles it on its own and appends it to the
 * entries, whose `import.meta.url` locates the table. Its function declarations are hoisted, so the entry can
 * call `civiqueImport` from its first line; a chunk reaches it through `globalThis[Symbol.for('civique.import')]`.
 * Works under a strict CSP and Trusted Types (no inline script, no blob:, no eval; a link's `href` is no
 * Trusted Types sink). Browsers without `modulepreload` (Firefox < 115, Safari < 17) are refused, never served
 * unverified code.
 */

/** Chunk path (relative to the entry) → [its SRI hash, the chunks it imports statically]. */
type IntegrityTable = Record<string, [integrity: string, imports: string[]]>;
/** The same, with absolute URLs, for every entry of every release on the page. */
type Verified = Record<string, [integrity: string, imports: string[]]>;

/** Replaced by the entry's table at build time. */
declare const __CIVIQUE_INTEGRITY__: IntegrityTable;

function civiqueImport(specifier: string, base: string): Promise<unknown> {
  const global = globalThis as unknown as Record<symbol, unknown>;
  const files = (global[Symbol.for('civique.files')] ??= {}) as Verified;
  const entry = import.meta.url;
  for (const [file, [integrity, imports]] of Object.entries(__CIVIQUE_INTEGRITY__)) {
    files[new URL(file, entry).href] ??= [integrity, imports.map((imported) => new URL(imported, entry).href)];
  }
  const preloads = (global[Symbol.for('civique.preloads')] ??= {}) as Record<string, Promise<void>>;
  const refuse = (url: string, fr: string, en: string) => Promise.reject(new Error(`[civique] ${url} : ${fr} — ${en}`));

  const load = (target: string, from: string): Promise<unknown> => {
    const url = new URL(target, from).href;
    if (!document.createElement('link').relList.supports('modulepreload')) {
      return refuse(url, 'navigateur trop ancien pour vérifier l’intégrité', 'browser too old to check integrity');
    }
    // Leaves first, so that a file's static imports are already in the module map, verified, when it is parsed.
    const chain: string[] = [];
    const visit = (file: string): boolean => {
      if (chain.includes(file)) return true;
      if (!files[file]) return false;
      for (const imported of files[file][1]) if (!visit(imported)) return false;
      chain.push(file);
      return true;
    };
    if (!visit(url)) return refuse(url, 'fichier inconnu de cette version', 'not a file of this release');
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
          reject(
            new Error(
              `[civique] ${file} : refusé, contenu différent de l’empreinte publiée ou introuvable — refused: content does not match its integrity hash, or not found`,
            ),
          );
        document.head.append(link);
      }));
    return Promise.all(chain.map(preload)).then(() => import(/* @vite-ignore */ url));
  };
  global[Symbol.for('civique.import')] ??= load;
  return (global[Symbol.for('civique.import')] as typeof load)(specifier, base);
}
// A module (it reads import.meta), though the build keeps only its function.
export {};
