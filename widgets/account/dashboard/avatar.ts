import { IMAGE_TYPES, reencodeImage } from '../../core/image.ts';

/** The API's limit on the avatar's data: URL (`Avatar` in `server/accounts/accounts.schemas.ts`). */
export const AVATAR_MAX_LENGTH = 96_000;
export const AVATAR_TYPES = IMAGE_TYPES;

/** `data:image/webp;base64,` and the base64 of `bytes` bytes. */
const dataUrlLength = (blob: Blob) => `data:${blob.type};base64,`.length + Math.ceil(blob.size / 3) * 4;

/**
 * Reads a picture the citizen chose and returns a small square data: URL the API accepts: centre-cropped,
 * scaled down to `size` pixels and re-encoded on the device (`core/image.ts`: nothing large is sent, no metadata).
 *
 * @example
 * form.set('avatar', await avatarDataUrl(input.files[0]));
 */
export async function avatarDataUrl(file: Blob, size = 128): Promise<string> {
  const blob = await reencodeImage(file, { square: size, fits: (b) => dataUrlLength(b) <= AVATAR_MAX_LENGTH });
  return new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as string);
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(blob);
  });
}
