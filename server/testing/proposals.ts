import { crc32, deflateSync } from 'node:zlib';
import { ORIGIN } from './test-app.ts';

/** Helpers shared by the proposals tests, the bench and the seed checks. */

export const SETTINGS = {
  categories: [
    { id: 'mobilite', label: { fr: 'Mobilité', en: 'Transport' } },
    { id: 'nature', label: { fr: 'Nature en ville' } },
  ],
  quartiers: [
    { id: 'centre', label: { fr: 'Centre-ville' } },
    { id: 'prairie', label: { fr: 'La Prairie' } },
  ],
  premoderation: false,
  titleMax: 40,
  bodyMax: 200,
};
export const RETURN = `${ORIGIN}/idees.html`;

/** A real PNG of `width`×`height` (one grey row repeated): signature, IHDR, IDAT, IEND with their CRCs. */
export function png(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width, 0x80)]);
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export const proposalBody = (extra: Record<string, unknown> = {}) => ({
  title: 'Rénover la halle du marché',
  text: 'La halle mérite un toit neuf et des bancs.',
  category: 'nature',
  quartier: 'centre',
  contactConsent: false,
  locale: 'fr',
  returnUrl: RETURN,
  ...extra,
});
