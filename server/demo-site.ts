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

/**
 * The site's shared parts (header, footer, cookie-banner configuration) are server-side includes, as on a
 * real collectivité's site built from a template: `<!--#include file="partials/header.html" -->`.
 */
async function expandIncludes(html: string, base: string): Promise<string> {
  const pattern = /<!--#include file="([a-z0-9/_-]+\.html)" -->\n?/g;
  const parts = await Promise.all([...html.matchAll(pattern)].map((m) => readFile(join(base, m[1]), 'utf8')));
  let i = 0;
  return html.replace(pattern, () => parts[i++]);
}

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
    if (!type.startsWith('text/html')) return c.body(new Uint8Array(body), 200, headers);
    headers['Content-Security-Policy'] =
      `default-src 'self'; script-src 'self' ${apiOrigin}; style-src 'self'; img-src 'self' data: ${apiOrigin}; connect-src 'self' ${apiOrigin}; frame-ancestors 'none'`;
    let html = await expandIncludes(body.toString('utf8'), base);
    // The shared menu marks the page being read (as the site's template would).
    html = html.replace(`<a href="${path}">`, `<a href="${path}" aria-current="page">`);
    if (apiOrigin !== SNIPPET_API_ORIGIN) html = html.replaceAll(SNIPPET_API_ORIGIN, apiOrigin);
    return c.body(html, 200, headers);
  });
}
