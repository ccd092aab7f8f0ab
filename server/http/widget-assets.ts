import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type Context } from 'hono';
import { etag, RETAINED_304_HEADERS } from 'hono/etag';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { ErrorCode } from '../errors.ts';
import { errorBody } from './errors.ts';

/** What a release folder holds that a page may ask for; anything else (the `.br`/`.gz` copies included) is a 404. */
const SERVED = new Set(['.js', '.map', '.json', '.txt', '.css']);
/** A release (`0.1.0-3f2a9c1d7e`) or an alias (`v1`): never `.`, `..` or a hidden folder. */
const SEGMENT = /^[0-9A-Za-z][0-9A-Za-z.+_-]*$/;
/** Long enough to spare requests on a page read several times; short enough that a new release is seen soon. */
const ALIAS_MAX_AGE = 300;

/** Cross-site readable, so a mistyped URL or a missing build shows as a 404 in the console, not as a CORS error. */
const CROSS_SITE = { 'Access-Control-Allow-Origin': '*', 'Cross-Origin-Resource-Policy': 'cross-origin' } as const;

interface AliasCache {
  mtimeMs: number;
  aliases: Record<string, string>;
}

/**
 * The built widgets, `/widgets/<release>/…` for every release in `root` (each build adds one: see
 * `widgets/tools/manifest-plugin.ts`), and `/widgets/<alias>/…` for the release `root/aliases.json` names.
 * A release's files never change, so they are cached for a year and a snippet pinned with `integrity` keeps
 * working until an admin prunes the release; an alias moves, so it is cached briefly and revalidated by
 * `ETag`. Files are sent as the build precompressed them (brotli, gzip), else as they are. Loaded by other
 * sites' pages, so readable cross-site (`Access-Control-Allow-Origin: *` for module scripts,
 * `Cross-Origin-Resource-Policy: cross-origin` for pages that isolate themselves).
 */
export function widgetAssets(root: string) {
  let cache: AliasCache | undefined;
  /** `aliases.json`, read again only when the build replaced it (a rebuild moves the alias without a restart). */
  const aliases = (): Record<string, string> => {
    const file = join(root, 'aliases.json');
    if (!existsSync(file)) return {};
    const { mtimeMs } = statSync(file);
    if (cache?.mtimeMs !== mtimeMs) cache = { mtimeMs, aliases: JSON.parse(readFileSync(file, 'utf8')) };
    return cache.aliases;
  };
  const missing = (c: Context) => c.json(errorBody(ErrorCode.notFound, 'No such widget file (is the widget build there? `npm run build`)'), 404, CROSS_SITE);

  type Env = { Variables: { release: string; alias: boolean } };
  const files = serveStatic<Env>({
    root,
    precompressed: true,
    rewriteRequestPath: (path, c) => path.replace(/^\/widgets\/[^/]+\//, `/${c.get('release')}/`),
    onFound: (_path, c) => {
      const encoding = c.res.headers.get('Content-Encoding');
      // The release names the bytes; each encoding is its own representation.
      c.header('ETag', `"${c.get('release')}${encoding ? `-${encoding}` : ''}"`);
      // Whatever encoding this answer has, a cache must key it on what the browser accepts.
      if (!encoding) c.header('Vary', 'Accept-Encoding');
    },
  });

  return new Hono<Env>()
    .use('/:release/*', etag({ retainedHeaders: [...RETAINED_304_HEADERS, 'access-control-allow-origin', 'cross-origin-resource-policy'] }))
    .get('/:release/*', async (c, next) => {
      const segment = c.req.param('release');
      const alias = aliases()[segment];
      const release = alias ?? segment;
      if (!SEGMENT.test(release) || !SERVED.has(extname(c.req.path)) || !existsSync(join(root, release, 'manifest.json'))) return missing(c);
      c.set('release', release);
      c.header('Cache-Control', alias ? `public, max-age=${ALIAS_MAX_AGE}` : 'public, max-age=31536000, immutable');
      c.header('X-Content-Type-Options', 'nosniff');
      for (const [name, value] of Object.entries(CROSS_SITE)) c.header(name, value);
      return files(c, next);
    })
    .get('/:release/*', missing);
}
