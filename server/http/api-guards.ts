import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ErrorCode } from '../errors.ts';
import { errorBody } from './errors.ts';

/**
 * Headers on every API answer: the API serves JSON only, so nothing in it may run, be framed or be
 * sniffed as something else.
 */
export const apiSecurityHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  c.header('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
  c.header('X-Frame-Options', 'DENY');
  c.header('Referrer-Policy', 'no-referrer');
  c.header('Cache-Control', c.res.headers.get('Cache-Control') ?? 'no-store');
};

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** A write that carries a body must say it is JSON: anything else is a 415 in the error shape. */
export const jsonOnly: MiddlewareHandler = async (c, next) => {
  if (WRITE_METHODS.has(c.req.method)) {
    const length = c.req.header('content-length');
    // In-process requests (tests) carry no Content-Length; a body stream is then the only sign of a body.
    const hasBody =
      length !== undefined ? length !== '0' : c.req.header('transfer-encoding') !== undefined || c.req.raw.body !== null;
    const type = c.req.header('content-type') ?? '';
    if (hasBody && !/^application\/json\s*(;|$)/i.test(type)) {
      return c.json(errorBody(ErrorCode.unsupportedMediaType, 'Send the body as application/json'), 415);
    }
  }
  await next();
};

/** Caps request bodies; the default fits every form, avatars included. */
export function apiBodyLimit(maxSize = 128 * 1024): MiddlewareHandler {
  return bodyLimit({
    maxSize,
    onError: (c) => c.json(errorBody(ErrorCode.payloadTooLarge, `The body exceeds ${Math.round(maxSize / 1024)} KB`), 413),
  });
}
