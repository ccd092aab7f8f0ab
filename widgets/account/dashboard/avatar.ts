/** The API's limit on the avatar's data: URL (`Avatar` in `server/accounts/accounts.schemas.ts`). */
export const AVATAR_MAX_LENGTH = 96_000;
export const AVATAR_TYPES = ['image/png', 'image/jpeg', 'image/webp'];

/**
 * Reads a picture the citizen chose and returns a small square data: URL the API accepts: centre-cropped,
 * scaled down to `size` pixels on the device (nothing large is ever sent), WebP when the browser can encode
 * it, else PNG, else JPEG. Decoding through `createImageBitmap` needs no `blob:` URL, so a strict CSP is fine.
 *
 * @example
 * form.set('avatar', await avatarDataUrl(input.files[0]));
 */
export async function avatarDataUrl(file: Blob, size = 128): Promise<string> {
  if (!AVATAR_TYPES.includes(file.type)) throw new TypeError(`Unsupported picture type ${file.type || '(none)'}`);
  const bitmap = await createImageBitmap(file);
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = size;
  const context = canvas.getContext('2d');
  if (!context) throw new Error('No 2D canvas');
  const side = Math.min(bitmap.width, bitmap.height);
  context.fillStyle = '#fff'; // what JPEG shows where the picture was transparent
  context.fillRect(0, 0, size, size);
  context.drawImage(bitmap, (bitmap.width - side) / 2, (bitmap.height - side) / 2, side, side, 0, 0, size, size);
  bitmap.close();
  for (const [type, quality] of [
    ['image/webp', 0.85],
    ['image/png', 1],
    ['image/jpeg', 0.85],
    ['image/jpeg', 0.6],
  ] as const) {
    const url = canvas.toDataURL(type, quality);
    // A browser that cannot encode `type` silently returns a PNG: any accepted type will do.
    if (/^data:image\/(png|jpeg|webp);base64,/.test(url) && url.length <= AVATAR_MAX_LENGTH) return url;
  }
  throw new RangeError('The picture stays too large');
}
