import { Hono } from 'hono';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/** The snippet in the demo pages points at the default API origin; another PORT is written in as served. */
const SNIPPET_API_ORIGIN = 'http://127.0.0.1:8787';

/**
 * The fictional commune's website (`demo/`), on its own origin so that the widgets cross origins exactly as
 * on a real collectivité's site. Pages carry a strict CSP without 'unsafe-inline', as a careful webmaster's would.
 */
export function demoSite(root: string, apiOrigin: string) {
  const base = normalize(root + sep);
  return new Hono().get('/*', async (c) => {
    let path = decodeURIComponent(new URL(c.req.url).pathname);
    if (path.endsWith('/')) path += 'index.html';
    const file = normalize(join(base, path));
    const type = TYPES[extname(file)];
    if (!file.startsWith(base) || !type) return c.text('Page introuvable', 404);
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      return c.text('Page introuvable', 404);
    }
    const headers: Record<string, string> = { 'Content-Type': type, 'Cache-Control': 'no-cache' };
    if (type.startsWith('text/html')) {
      headers['Content-Security-Policy'] =
        `default-src 'self'; script-src 'self' ${apiOrigin}; style-src 'self'; img-src 'self' data:; connect-src 'self' ${apiOrigin}; frame-ancestors 'none'`;
      if (apiOrigin !== SNIPPET_API_ORIGIN) return c.body(body.toString('utf8').replaceAll(SNIPPET_API_ORIGIN, apiOrigin), 200, headers);
    }
    return c.body(new Uint8Array(body), 200, headers);
  });
}
