import type { IncomingMessage } from 'node:http';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ErrorCode } from '../errors.ts';
import { errorBody, RequestAborted } from './errors.ts';
import { nodeRequest, requestHeader } from './request-headers.ts';

/**
 * Headers on every API answer: the API serves JSON only, so nothing in it may run, be framed or be
 * sniffed as something else. An answer that sets no `Cache-Control` of its own gets `no-store`.
 */
export const API_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',
  'X-Content-Type-Options': 'nosniff',
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
};

/** `API_SECURITY_HEADERS` on every answer of the Hono app. */
export const apiSecurityHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  // Set on the response's own Headers: `c.header()` after the handler rebuilds the response and knocks
  // @hono/node-server off its fast path (measured: about 5 times fewer requests per second on every route).
  // Only an immutable Headers (a fetched Response) falls back to `c.header()`.
  const set = (name: string, value: string) => {
    try {
      c.res.headers.set(name, value);
    } catch {
      c.header(name, value);
    }
  };
  for (const name in API_SECURITY_HEADERS) set(name, API_SECURITY_HEADERS[name]);
  set('Cache-Control', c.res.headers.get('Cache-Control') ?? 'no-store');
};

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The largest JSON body the API reads. */
export const JSON_BODY_LIMIT = 128 * 1024;

/** A JSON body's `Content-Type`: `application/json`, with parameters or none. */
export const JSON_CONTENT_TYPE = /^application\/json\s*(;|$)/i;

/**
 * Set on a Node request whose body a hot route (`hot-routes.ts`) already read before handing the request to the
 * app: `readJsonBody` takes the text from here, the stream being spent.
 */
export const PRE_READ_BODY = Symbol('civique.preReadBody');

/** The refusal of a body over `maxSize` bytes (413). */
export const bodyTooLarge = (maxSize: number) => errorBody(ErrorCode.payloadTooLarge, `The body exceeds ${Math.round(maxSize / 1024)} KB`);

/**
 * What a body's reader failed with, as the API answers it: `RequestAborted` when the client went away before the
 * body was complete (answered without an error in the log), the error itself otherwise.
 */
export function bodyReadError(incoming: IncomingMessage | undefined, error: unknown): unknown {
  return incoming && !incoming.complete ? new RequestAborted('The client went away mid-body', { cause: error }) : error;
}

/** Reads a Node request body up to `maxSize` bytes; resolves `undefined` when it is larger, rejects with `RequestAborted` when the client goes away first. */
export function readBody(incoming: IncomingMessage, maxSize: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    incoming.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxSize) {
        incoming.removeAllListeners('data');
        incoming.resume();
        resolve(undefined);
      } else chunks.push(chunk);
    });
    // A widget's body comes in one chunk: decoded as it is, without the copy Buffer.concat makes even of one.
    incoming.on('end', () => resolve(size > maxSize ? undefined : chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks).toString('utf8')));
    incoming.on('error', (error) => reject(bodyReadError(incoming, error)));
  });
}

/**
 * Every write's body (except the paths in `notJson`): JSON only (another type is a 415), at most `maxSize` bytes (413), in the one error shape.
 * Under Node the body is read straight from the socket's stream and handed to Hono's body cache, where the zod
 * validators find it: Hono would otherwise build a web Request and a web stream for each body, which cost as
 * much as the rest of a ballot (measured with server/bench). In-process requests (tests) take Hono's own path.
 */
export function readJsonBody(maxSize = JSON_BODY_LIMIT, options: { notJson?: RegExp[] } = {}): MiddlewareHandler {
  const tooLarge = (c: Context) => c.json(bodyTooLarge(maxSize), 413);
  const streaming = bodyLimit({ maxSize, onError: tooLarge });
  return async (c, next) => {
    if (!WRITE_METHODS.has(c.req.method)) return next();
    // A route whose body is not JSON (an image upload) checks its type and applies its own limit.
    if (options.notJson?.some((path) => path.test(c.req.path))) return next();
    const incoming = nodeRequest(c);
    const length = requestHeader(c, 'content-length');
    const chunked = requestHeader(c, 'transfer-encoding') !== undefined;
    // Over HTTP a body comes with Content-Length or Transfer-Encoding (RFC 9112 §6.3); Node's server gives every
    // DELETE a body stream even when empty, so only in-process requests are judged by their stream.
    const hasBody = length !== undefined ? length !== '0' : chunked || (!incoming && c.req.raw.body !== null);
    if (!hasBody) return next();
    if (!JSON_CONTENT_TYPE.test(requestHeader(c, 'content-type') ?? '')) {
      return c.json(errorBody(ErrorCode.unsupportedMediaType, 'Send the body as application/json'), 415);
    }
    if (length !== undefined && Number(length) > maxSize) return tooLarge(c);
    if (!incoming) return streaming(c, next);
    const text = (incoming as { [PRE_READ_BODY]?: string })[PRE_READ_BODY] ?? (await readBody(incoming, maxSize));
    if (text === undefined) return tooLarge(c);
    (c.req as unknown as { bodyCache: { text?: Promise<string> } }).bodyCache.text = Promise.resolve(text);
    return next();
  };
}
