import { Hono, type Context } from 'hono';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/**
 * The built widgets, at `/widgets/v1/…`. They are loaded by other sites' pages, so they must stay readable
 * cross-site (`Access-Control-Allow-Origin: *` for module scripts, `Cross-Origin-Resource-Policy:
 * cross-origin` for pages that isolate themselves). The path segment `v1` is the release: files under it never
 * change, so they are cached for a year.
 */
export function widgetAssets(root: string) {
  const base = normalize(root + sep);
  const missing = (c: Context) =>
    // Readable cross-site too, so a mistyped URL or a missing build shows as a 404, not as a CORS error.
    c.json({ error: { code: 'not_found', message: 'No such widget file (is the widget build there? `npm run build`)' } }, 404, {
      'Access-Control-Allow-Origin': '*',
      'Cross-Origin-Resource-Policy': 'cross-origin',
    });
  return new Hono().get('/*', async (c) => {
    const relative = decodeURIComponent(new URL(c.req.url).pathname).replace(/^\/widgets\/v1\//, '');
    const file = normalize(join(base, relative));
    const type = TYPES[extname(file)];
    if (!file.startsWith(base) || !type) return missing(c);
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      return missing(c);
    }
    return c.body(new Uint8Array(body), 200, {
      'Content-Type': type,
      'Cache-Control': 'public, max-age=31536000, immutable',
      'Access-Control-Allow-Origin': '*',
      'Cross-Origin-Resource-Policy': 'cross-origin',
      'X-Content-Type-Options': 'nosniff',
    });
  });
}
