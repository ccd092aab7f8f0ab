import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rollup, type InputOption, type OutputOptions, type Plugin } from 'rollup';
import rollupConfig, { WIDGETS_ALIAS } from '../../rollup.config.ts';
import { ALIASES_FILE, type WidgetAliases, type WidgetManifest } from './manifest-plugin.ts';

export interface BuiltRelease {
  /** Its name, the path segment it is served under. */
  release: string;
  /** Its folder, `<releases>/<release>`. */
  dir: string;
  manifest: WidgetManifest;
}

/**
 * Builds a release into the releases folder `releases`, with the project's own rollup configuration (the same
 * plugins as `npm run build`), for tests: `plugins` run first (a test changes a string as an edit would), and
 * `input` may build fewer entries.
 *
 * @example
 * const { release, manifest } = await buildRelease(mkdtempSync(join(tmpdir(), 'civique-')));
 */
export async function buildRelease(releases: string, options: { plugins?: Plugin[]; input?: InputOption } = {}): Promise<BuiltRelease> {
  const bundle = await rollup({
    ...rollupConfig,
    ...(options.input ? { input: options.input } : {}),
    plugins: [...(options.plugins ?? []), ...(rollupConfig.plugins as Plugin[])],
    onwarn: () => {},
  });
  await bundle.write({ ...(rollupConfig.output as OutputOptions), dir: join(releases, '.staging') });
  await bundle.close();
  const release = (JSON.parse(readFileSync(join(releases, ALIASES_FILE), 'utf8')) as WidgetAliases)[WIDGETS_ALIAS];
  const dir = join(releases, release);
  return { release, dir, manifest: JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as WidgetManifest };
}
