import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { Context } from 'hono';

/**
 * A request header, read from Node's own parsed headers when the app runs under @hono/node-server: `c.req.header`
 * builds a web `Headers` object for the request and validates each lookup, which the hot paths (CORS, body,
 * session, client address) would pay on every request. In-process requests (tests) use Hono's.
 *
 * @example
 * requestHeader(c, 'origin'); // 'http://localhost:8080' or undefined
 */
export function requestHeader(c: Context, name: string): string | undefined {
  const incoming = nodeRequest(c);
  if (incoming) return nodeHeader(incoming.headers, name);
  return c.req.header(name);
}

/** Node's request, as @hono/node-server passes it in `c.env.incoming` (absent for in-process requests). */
export function nodeRequest(c: Context): IncomingMessage | undefined {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  return typeof incoming?.on === 'function' ? incoming : undefined;
}

/** A header (lower-case name) from Node's parsed headers, repeated values joined as one. */
export function nodeHeader(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}
