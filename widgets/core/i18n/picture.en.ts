import type { PictureStrings } from '../picture.ts';

/** A form's optional picture (`core/picture.ts`), in English; only in English chunks. */
export const pictureEn: PictureStrings = {
  image: 'A picture (optional)',
  imageHint: 'PNG, JPEG or WebP, scaled down on your device, without metadata (GPS position…).',
  imageRemove: 'Remove the picture',
  imageTooBig: 'Even scaled down, this picture is over 1 MB: choose another one.',
  imageUnreadable: 'This picture could not be read. Choose a PNG, JPEG or WebP file.',
};
