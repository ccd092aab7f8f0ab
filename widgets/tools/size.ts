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
 * What a page downloads, per scenario, and its gzip budget: the issues' 24 KB for the account page and 28 KB for
 * a vote or a survey in every state (every chunk integrity-checked: the verifying importer in each entry and the
 * SHA-256 hashes of the chain, which do not compress), 30 KB for the proposals' page, 60 KB for the staff console.
 * The banner alone has 1.75 KB over its original 11 for its own chunk beside consent.js, the console line that
 * names the operator's command on a refused origin and the check that only web links become `href`.
 */
const BUDGETS: { label: string; files: (m: WidgetManifest) => string[] | undefined; gzipMax: number }[] = [
  { label: 'loader alone (civique.js)', files: () => ['civique.js'], gzipMax: 3 * KB },
  { label: 'page with one <civ-account>', files: (m) => m.elements['civ-account']?.page, gzipMax: 24 * KB },
  // Issue 4 budgets a page with one vote or survey "in every state": the parts they import later count too.
  { label: 'page with one <civ-vote>, every state', files: (m) => everyPart(m, 'civ-vote'), gzipMax: 28 * KB },
  { label: 'page with one <civ-survey>, every state', files: (m) => everyPart(m, 'civ-survey'), gzipMax: 28 * KB },
  // Issue 12: a page with both proposals elements (they share one chunk), every part.
  { label: 'page with <civ-proposal-form> and <civ-proposals>, every part', files: (m) => everyPart(m, 'civ-proposals'), gzipMax: 30 * KB },
  // Issue 13: the resource board's page, every part.
  { label: 'page with <civ-resource-board>, every part', files: (m) => everyPart(m, 'civ-resource-board'), gzipMax: 30 * KB },
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
