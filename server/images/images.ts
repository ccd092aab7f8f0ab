import { DomainError } from '../errors.ts';

/**
 * Images citizens and businesses attach (a proposal's, a resource post's): one set of rules. The widget
 * re-encodes them on a canvas (which strips their metadata); the server trusts only their bytes.
 */
export const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export type ImageType = (typeof IMAGE_TYPES)[number];
export const IMAGE_MAX_BYTES = 1024 * 1024;
export const IMAGE_MAX_SIDE = 4096;
/** Images never attached to what they were uploaded for are erased after this long. */
export const UNATTACHED_IMAGE_MS = 24 * 60 * 60 * 1000;

/** What an uploaded image really is, read from its bytes (never from the declared type alone). */
export interface ImageInfo {
  type: ImageType;
  width: number;
  height: number;
}

const startsWith = (bytes: Buffer, signature: number[], at = 0) => signature.every((b, i) => bytes[at + i] === b);

function png(bytes: Buffer): ImageInfo | undefined {
  // Signature, then the IHDR chunk first: width and height big-endian at 16 and 20.
  if (bytes.length < 24 || !startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) || bytes.toString('latin1', 12, 16) !== 'IHDR')
    return undefined;
  return { type: 'image/png', width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

function jpeg(bytes: Buffer): ImageInfo | undefined {
  if (bytes.length < 4 || !startsWith(bytes, [0xff, 0xd8, 0xff])) return undefined;
  // Walk the segments to the first start-of-frame (SOF0–SOF15 except DHT C4, JPG C8, DAC CC).
  let at = 2;
  while (at + 9 < bytes.length) {
    if (bytes[at] !== 0xff) return undefined;
    const marker = bytes[at + 1];
    if (marker === 0xff) {
      at += 1;
      continue;
    }
    const length = bytes.readUInt16BE(at + 2);
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { type: 'image/jpeg', height: bytes.readUInt16BE(at + 5), width: bytes.readUInt16BE(at + 7) };
    }
    at += 2 + length;
  }
  return undefined;
}

function webp(bytes: Buffer): ImageInfo | undefined {
  if (bytes.length < 30 || bytes.toString('latin1', 0, 4) !== 'RIFF' || bytes.toString('latin1', 8, 12) !== 'WEBP') return undefined;
  const chunk = bytes.toString('latin1', 12, 16);
  if (chunk === 'VP8 ' && startsWith(bytes, [0x9d, 0x01, 0x2a], 23)) {
    return { type: 'image/webp', width: bytes.readUInt16LE(26) & 0x3fff, height: bytes.readUInt16LE(28) & 0x3fff };
  }
  if (chunk === 'VP8L' && bytes[20] === 0x2f) {
    const bits = bytes.readUInt32LE(21);
    return { type: 'image/webp', width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1 };
  }
  if (chunk === 'VP8X') {
    return { type: 'image/webp', width: bytes.readUIntLE(24, 3) + 1, height: bytes.readUIntLE(27, 3) + 1 };
  }
  return undefined;
}

/**
 * The image's real type and dimensions from its magic bytes and header, or undefined when the bytes are not a
 * PNG, JPEG or WebP image.
 *
 * @example
 * sniffImage(readFileSync('photo.jpg')); // { type: 'image/jpeg', width: 1200, height: 800 }
 */
export function sniffImage(bytes: Buffer): ImageInfo | undefined {
  return png(bytes) ?? jpeg(bytes) ?? webp(bytes);
}

/** Each feature's own error codes for the same refusals (`proposal_image_type`, `resource_image_type`…). */
export interface ImageErrorCodes {
  /** Not a JPEG, PNG or WebP Content-Type: 415. */
  type: string;
  /** Over 1 MB: 413. */
  tooLarge: string;
  /** Bytes that are not the declared type, or dimensions out of bounds: 422. */
  invalid: string;
}

/**
 * An upload's bytes checked against its declared type: JPEG, PNG or WebP, at most 1 MB, magic bytes matching
 * the Content-Type, at most 4096×4096. Returns what the image really is, or throws the feature's error.
 *
 * @example
 * checkImage('image/png', bytes, { type: 'resource_image_type', tooLarge: 'resource_image_too_large', invalid: 'resource_image_invalid' });
 */
export function checkImage(declaredType: string, bytes: Buffer, codes: ImageErrorCodes): ImageInfo {
  if (!(IMAGE_TYPES as readonly string[]).includes(declaredType)) {
    throw new DomainError(codes.type, `Send a JPEG, PNG or WebP image (${IMAGE_TYPES.join(', ')})`);
  }
  if (bytes.length > IMAGE_MAX_BYTES) throw new DomainError(codes.tooLarge, 'The image exceeds 1 MB');
  const info = sniffImage(bytes);
  if (!info || info.type !== declaredType) throw new DomainError(codes.invalid, `The bytes are not a ${declaredType} image`);
  if (info.width < 1 || info.height < 1 || info.width > IMAGE_MAX_SIDE || info.height > IMAGE_MAX_SIDE) {
    throw new DomainError(codes.invalid, `The image must be at most ${IMAGE_MAX_SIDE}×${IMAGE_MAX_SIDE} pixels (it is ${info.width}×${info.height})`);
  }
  return info;
}
