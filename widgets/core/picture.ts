import { html, nothing, type TemplateResult } from 'lit';
import { errorNote, hintNote } from './choices.ts';
import type { CoreTranslation } from './i18n/fr.ts';
import { IMAGE_TYPES, reencodeImage } from './image.ts';

/** The API's limit on a picture, after re-encoding on the device. */
export const IMAGE_MAX_BYTES = 1_000_000;
/** Longest side of a picture sent: large enough for a screen, far under the API's 4096. */
const IMAGE_MAX_SIDE = 2048;

/** The form holding the picture: its `image` value is the chosen file's name (`FormController` fits). */
interface PictureForm {
  values: { image: string };
  errors: { image?: string };
  set(name: 'image', value: string): void;
  setError(name: 'image', message: string | undefined): void;
}

/** What a picture field says. */
export interface PictureStrings {
  image: string;
  imageHint: string;
  imageRemove: string;
  imageTooBig: string;
  imageUnreadable: string;
}

/**
 * The optional picture of a form (`civ-proposal-form`, `civ-resource-board`'s post): re-encoded on the device
 * (`core/image.ts`: no metadata leaves it), 1 MB at most, kept in memory only (a draft in localStorage holds text;
 * the form's `image` value is the file's name), uploaded once even when the send is tried again.
 *
 * @example
 * readonly #picture = new Picture(this.#form);
 * html`${this.#picture.render(t, p, 'proposal-image')}`;
 * const imageId = await this.#picture.upload((blob) => api.post(path, blob).then((r) => r.imageId));
 */
export class Picture {
  blob: Blob | undefined;
  /** Its id once uploaded, so a send tried again does not upload it twice. */
  id: string | undefined;

  constructor(private readonly form: PictureForm) {}

  clear(): void {
    this.blob = this.id = undefined;
  }

  async upload(send: (blob: Blob) => Promise<string>): Promise<string | undefined> {
    if (this.blob && !this.id) this.id = await send(this.blob);
    return this.id;
  }

  async #pick(event: Event, s: PictureStrings): Promise<void> {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    try {
      this.blob = await reencodeImage(file, { maxSide: IMAGE_MAX_SIDE, fits: (b) => b.size <= IMAGE_MAX_BYTES });
      this.id = undefined;
      this.form.set('image', file.name);
      this.form.setError('image', undefined);
    } catch (error) {
      this.clear();
      this.form.set('image', '');
      this.form.setError('image', error instanceof RangeError ? s.imageTooBig : s.imageUnreadable);
    }
  }

  render(t: CoreTranslation, s: PictureStrings, id: string): TemplateResult {
    const error = this.form.errors.image;
    const name = this.form.values.image;
    return html`<div class="field" part="field">
      <label for=${id} part="label">${s.image}</label>
      ${hintNote(id, s.imageHint)}
      <input
        type="file"
        id=${id}
        part="input"
        accept=${IMAGE_TYPES.join(',')}
        aria-invalid=${Boolean(error)}
        aria-describedby="${id}-hint ${error ? `${id}-error` : ''}"
        @change=${(event: Event) => this.#pick(event, s)}
      />
      ${
        name && this.blob
          ? html`<p class="chosen">
              ${name}
              <button type="button" class="secondary" @click=${() => (this.clear(), this.form.set('image', ''))}>${s.imageRemove}</button>
            </p>`
          : nothing
      }
      ${errorNote(id, error, t.common.errorPrefix)}
    </div>`;
  }
}
