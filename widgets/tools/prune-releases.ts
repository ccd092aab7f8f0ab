/**
 * `npm run prune-widgets -- <release>…` or `-- --keep <n>`: removes widget releases from the server's releases
 * folder (`WIDGETS_DIR`, default `dist/widgets`). A pruned release's pinned snippets stop working, so a
 * release an alias serves is never removed, and nothing is removed without being named or counted.
 */
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ALIASES_FILE, type WidgetAliases } from './manifest-plugin.ts';

const releases = resolve(process.env.WIDGETS_DIR ?? 'dist/widgets');
const args = process.argv.slice(2);
const aliases = JSON.parse(readFileSync(join(releases, ALIASES_FILE), 'utf8')) as WidgetAliases;
const served = new Set(Object.values(aliases));
// Newest first, by the time the build moved the release in.
const all = readdirSync(releases)
  .filter((name) => !name.startsWith('.') && statSync(join(releases, name)).isDirectory())
  .sort((a, b) => statSync(join(releases, b)).mtimeMs - statSync(join(releases, a)).mtimeMs);

let doomed: string[];
if (args[0] === '--keep') {
  const keep = Number(args[1]);
  if (!Number.isInteger(keep) || keep < 1) throw new Error('[civique] --keep takes a whole number ≥ 1');
  doomed = all.slice(keep);
} else if (args.length > 0) {
  const unknown = args.filter((name) => !all.includes(name));
  if (unknown.length) throw new Error(`[civique] no such release in ${releases}: ${unknown.join(', ')}`);
  doomed = args;
} else {
  console.log(`usage: npm run prune-widgets -- <release>… | --keep <n>\nreleases in ${releases} (newest first):`);
  for (const name of all) console.log(`  ${name}${served.has(name) ? '  (served by an alias: kept)' : ''}`);
  process.exit(0);
}
for (const name of doomed) {
  if (served.has(name)) {
    console.log(`[civique] kept ${name}: an alias serves it`);
    continue;
  }
  rmSync(join(releases, name), { recursive: true, force: true });
  console.log(`[civique] removed ${name}: snippets pinned to it no longer load`);
}
