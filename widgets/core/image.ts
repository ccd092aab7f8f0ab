/** The picture types a citizen may choose (never SVG, which can carry script). */
export const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp'];

export interface ReencodeOptions {
  /** A centre-cropped square of this side (an avatar); without it, the picture keeps its proportions. */
  square?: number;
  /** The longest side once scaled down (pictures are never scaled up). */
  maxSide?: number;
  /** Whether an encoded candidate is small enough for the API (its bytes, or its data: URL's length). */
  fits: (encoded: Blob) => boolean;
}

/**
 * Re-encodes a picture the citizen chose, on the device, for the API: decoded through `createImageBitmap` (no
 * `blob:` URL, so a strict CSP is fine), drawn on a canvas — only pixels are drawn, so EXIF, GPS positions and
 * every other metadata of the file are left behind —, scaled down, then encoded as WebP when the browser can,
 * else PNG, else JPEG at lower qualities, until `fits` accepts one. Throws a `TypeError` for a type other than
 * PNG, JPEG or WebP, and a `RangeError` when the picture stays too large at the lowest quality.
 *
 * @example
 * const blob = await reencodeImage(input.files[0], { maxSide: 2048, fits: (b) => b.size <= 1_000_000 });
 */
export async function reencodeImage(file: Blob, o: ReencodeOptions): Promise<Blob> {
  if (!IMAGE_TYPES.includes(file.type)) throw new TypeError(`Unsupported picture type ${file.type || '(none)'}`);
  const bitmap = await createImageBitmap(file);
  const { width, height } = bitmap;
  // The part of the picture drawn (a centred square for an avatar) and the canvas it is drawn on.
  const side = o.square ? Math.min(width, height) : 0;
  const scale = Math.min(1, (o.maxSide ?? Infinity) / Math.max(width, height));
  const canvas = document.createElement('canvas');
  canvas.width = o.square ?? Math.round(width * scale);
  canvas.height = o.square ?? Math.round(height * scale);
  const context = canvas.getContext('2d')!;
  context.fillStyle = '#fff'; // what JPEG shows where the picture was transparent
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.drawImage(bitmap, (width - (side || width)) / 2, (height - (side || height)) / 2, side || width, side || height, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  for (const [type, quality] of [
    ['image/webp', 0.85],
    ['image/png', 1],
    ['image/jpeg', 0.85],
    ['image/jpeg', 0.6],
  ] as const) {
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, type, quality));
    // A browser that cannot encode `type` silently gives a PNG: any accepted type will do.
    if (blob && IMAGE_TYPES.includes(blob.type) && o.fits(blob)) return blob;
  }
  throw new RangeError('The picture stays too large');
}
