/**
 * `prestart`: builds the widgets when `dist/widgets` is missing or older than any file in `widgets/` (or
 * than `rollup.config.ts`), so `npm install && npm start` shows working widgets on a fresh clone and after
 * every pull, and costs nothing when the build is current.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const built = join(root, 'dist/widgets/aliases.json'); // written last by the build

/** The newest modification time under `path` (a file or a folder), in ms. */
export function newest(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((latest, name) => Math.max(latest, newest(join(path, name))), stat.mtimeMs);
}

export function isStale(): { stale: boolean; reason: string } {
  if (!existsSync(built)) return { stale: true, reason: 'no build in dist/widgets' };
  const builtAt = statSync(built).mtimeMs;
  const sourcesAt = Math.max(newest(join(root, 'widgets')), newest(join(root, 'rollup.config.ts')));
  return sourcesAt > builtAt ? { stale: true, reason: 'widgets/ changed since the last build' } : { stale: false, reason: 'up to date' };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { stale, reason } = isStale();
  if (!stale) {
    console.log(`[civique] widgets ${reason}`);
  } else {
    console.log(`[civique] building the widgets (${reason})…`);
    const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
    if (build.status !== 0) {
      console.error('[civique] the widget build failed: see above, then run `npm run build`');
      process.exit(build.status ?? 1);
    }
  }
}
