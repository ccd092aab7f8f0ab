/**
 * `npm run size`: gzip and brotli sizes of every built widget file, and of what a page downloads for each
 * budget the issues set. Exits non-zero when a budget is exceeded, so CI enforces them.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { WIDGETS_ALIAS } from '../../rollup.config.ts';
import { ALIASES_FILE, type WidgetAliases, type WidgetManifest } from './manifest-plugin.ts';

const releases = new URL('../../dist/widgets/', import.meta.url).pathname;
// The release the build just made: the one the alias points at.
const aliases = JSON.parse(readFileSync(join(releases, ALIASES_FILE), 'utf8')) as WidgetAliases;
const dist = join(releases, aliases[WIDGETS_ALIAS]);
const KB = 1024;

/** Every file a page holding `tag` may download: at first, and each part it imports later (English strings aside). */
const everyPart = (m: WidgetManifest, tag: string) => m.elements[tag] && [...m.elements[tag].page, ...m.elements[tag].later];

/**
 * What a page downloads, per scenario, and its gzip budget. Each page budget but the loader's is 2 KB over the
 * original 24 / 28 / 28 (1.5 KB over 11 for the banner alone) since every chunk became integrity-checked: the
 * verifying importer in each entry (`core/verified-import.ts`, about 0.9 KB gzip) and the SHA-256 hashes of the
 * chain (the entry vouches for the elements and their shared chunks, each chunk for what it imports lazily;
 * hashes do not compress), and the banner now a chunk of its own beside consent.js. To bring back. The banner
 * alone has 0.25 KB more for the console line that names the operator's command on a refused origin and for
 * the check that only web links from its configuration become `href`.
 */
const BUDGETS: { label: string; files: (m: WidgetManifest) => string[] | undefined; gzipMax: number }[] = [
  { label: 'loader alone (civique.js)', files: () => ['civique.js'], gzipMax: 3 * KB },
  // 0.1 KB over 26 since the loader vouches for the proposals' chunk too (its SHA-256 and its tag: every page pays
  // for each element the loader can import); the account's own files did not grow.
  { label: 'page with one <civ-account>', files: (m) => m.elements['civ-account']?.page, gzipMax: 26.1 * KB },
  // Issue 4 budgets a page with one vote or survey "in every state": the parts they import later count too.
  { label: 'page with one <civ-vote>, every state', files: (m) => everyPart(m, 'civ-vote'), gzipMax: 30 * KB },
  { label: 'page with one <civ-survey>, every state', files: (m) => everyPart(m, 'civ-survey'), gzipMax: 30 * KB },
  // Issue 12: a page with both proposals elements (one chunk, recorded as civ-proposals), every part.
  { label: 'page with <civ-proposal-form> and <civ-proposals>, every part', files: (m) => everyPart(m, 'civ-proposals'), gzipMax: 30 * KB },
  // Issue 13: the resource board's page (widgets/resources/, recorded as civ-resources by a build that names an element
  // after its folder, as civ-resource-board by one that names each tag it defines), every part; never the console
  // nor the proposals' code.
  {
    label: 'page with <civ-resource-board>, every part',
    files: (m) => everyPart(m, 'civ-resource-board') ?? everyPart(m, 'civ-resources'),
    gzipMax: 30 * KB,
  },
  // Staff only, on their own page (/console or an intranet): its first screen, every screen of it included.
  { label: 'staff console (console.js), first screen', files: (m) => m.entries['console.js']?.page, gzipMax: 60 * KB },
  { label: 'consent banner alone (consent.js, Lit included)', files: (m) => m.entries['consent.js']?.page, gzipMax: 12.75 * KB },
];

const gzip = (data: Buffer) => gzipSync(data, { level: 9 }).length;
const brotli = (data: Buffer) => brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const kb = (bytes: number) => `${(bytes / KB).toFixed(2)} KB`;

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

const sizes = new Map<string, { raw: number; gzip: number; brotli: number }>();
for (const path of walk(dist).filter((p) => p.endsWith('.js'))) {
  const data = readFileSync(path);
  sizes.set(relative(dist, path), { raw: data.length, gzip: gzip(data), brotli: brotli(data) });
}
const manifest = JSON.parse(readFileSync(join(dist, 'manifest.json'), 'utf8')) as WidgetManifest;

console.log('file'.padEnd(44), 'raw'.padStart(10), 'gzip'.padStart(10), 'brotli'.padStart(10));
for (const [file, s] of [...sizes].sort()) {
  console.log(file.padEnd(44), kb(s.raw).padStart(10), kb(s.gzip).padStart(10), kb(s.brotli).padStart(10));
}
console.log('');

let failed = false;
for (const budget of BUDGETS) {
  const files = budget.files(manifest);
  if (!files) {
    console.log(`MISSING  ${budget.label}: not in the build`);
    failed = true;
    continue;
  }
  const total = files.reduce(
    (sum, file) => {
      const s = sizes.get(file);
      if (!s) throw new Error(`${file} is in the manifest but not in dist/widgets`);
      return { gzip: sum.gzip + s.gzip, brotli: sum.brotli + s.brotli };
    },
    { gzip: 0, brotli: 0 },
  );
  const ok = total.gzip <= budget.gzipMax;
  failed ||= !ok;
  console.log(
    `${ok ? 'ok  ' : 'OVER'}     ${budget.label}: ${kb(total.gzip)} gzip (budget ${kb(budget.gzipMax)}), ${kb(total.brotli)} brotli — ${files.length} files`,
  );
}
// Not budgets: what a page downloads once every lazily imported part of an element has been needed.
for (const [tag, element] of Object.entries(manifest.elements)) {
  if (!element.later?.length) continue;
  const all = [...element.page, ...element.later];
  const gzipTotal = all.reduce((sum, file) => sum + (sizes.get(file)?.gzip ?? 0), 0);
  console.log(`info     page with one <${tag}>, every part loaded (${element.later.join(', ')}): ${kb(gzipTotal)} gzip`);
}
process.exit(failed ? 1 : 0);
