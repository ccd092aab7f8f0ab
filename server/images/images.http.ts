import { z } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from '../app-env.ts';
import { bodyReadError } from '../http/api-guards.ts';
import { errorBody } from '../http/errors.ts';
import { nodeRequest } from '../http/request-headers.ts';
import { IMAGE_MAX_BYTES, IMAGE_TYPES, type ImageType } from './images.ts';

/** An upload route's body, or an image route's answer, in the OpenAPI document: one of the image types, raw. */
export const imageContent = () => Object.fromEntries(IMAGE_TYPES.map((type) => [type, { schema: z.string().openapi({ type: 'string', format: 'binary' }) }]));

/** Past this, an oversize upload is cut off instead of read to its end. */
const DRAIN_MAX = 8 * IMAGE_MAX_BYTES;

/**
 * An image upload's body limit, answering the feature's `tooLargeCode` with 413. An image announced too large is
 * read to its end (up to 8 MB) before the 413, so that the browser, still sending, receives the answer instead of
 * a reset connection and the widget can say why. (Upload paths are left out of `readJsonBody`.)
 */
export function imageBodyLimit(tooLargeCode: string): MiddlewareHandler<AppEnv> {
  const tooLarge = (c: Context) => c.json(errorBody(tooLargeCode, `The image exceeds ${IMAGE_MAX_BYTES / 1024 / 1024} MB`), 413);
  const streamingLimit = bodyLimit({ maxSize: IMAGE_MAX_BYTES, onError: tooLarge });
  return async (c, next) => {
    const length = Number(c.req.header('content-length'));
    const incoming = nodeRequest(c);
    if (length > IMAGE_MAX_BYTES && incoming) {
      await new Promise<void>((resolve) => {
        let read = 0;
        incoming.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > DRAIN_MAX) resolve();
        });
        incoming.on('end', () => resolve());
        incoming.on('error', () => resolve());
      });
      return tooLarge(c);
    }
    return streamingLimit(c, next);
  };
}

/** The uploaded bytes and the type the client declared (checked against the bytes by `checkImage`). */
export async function readImageUpload(c: Context): Promise<{ bytes: Buffer; declaredType: string }> {
  let bytes: Buffer;
  try {
    bytes = Buffer.from(await c.req.arrayBuffer());
  } catch (error) {
    throw bodyReadError(nodeRequest(c), error);
  }
  return { bytes, declaredType: (c.req.header('content-type') ?? '').split(';')[0].trim().toLowerCase() };
}

/**
 * An image served from the API origin: never sniffed, embeddable by the host page from another origin (its CORP
 * must allow that, even under COEP), immutable under its id once public, else its uploader's only.
 */
export function serveImage(c: Context, image: { bytes: Buffer; contentType: ImageType }, isPublic: boolean) {
  return c.body(new Uint8Array(image.bytes), 200, {
    'Content-Type': image.contentType,
    'Cache-Control': isPublic ? 'public, max-age=31536000, immutable' : 'private, no-store',
    'X-Content-Type-Options': 'nosniff',
    'Cross-Origin-Resource-Policy': 'cross-origin',
  });
}

/** The image's absolute URL on the API origin (a host page's CSP needs that origin in `img-src`). */
export function imageUrl(c: Context<AppEnv>, publicOrigin: string | undefined, path: string, imageId: string | null): string | null {
  return imageId === null ? null : `${publicOrigin ?? new URL(c.req.url).origin}/v1/tenants/${c.get('tenant').id}/${path}/${imageId}`;
}
