import type { PictureStrings } from '../picture.ts';

/** A form's optional picture (`core/picture.ts`), in French. */
export const pictureFr: PictureStrings = {
  image: 'Une image (facultatif)',
  imageHint: 'PNG, JPEG ou WebP, réduite sur votre appareil, sans métadonnées (position GPS…).',
  imageRemove: 'Retirer l’image',
  imageTooBig: 'Même réduite, cette image dépasse 1 Mo : choisissez-en une autre.',
  imageUnreadable: 'Cette image n’a pas pu être lue. Choisissez un fichier PNG, JPEG ou WebP.',
};
