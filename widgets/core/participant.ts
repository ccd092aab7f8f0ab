import { readItem, storageKey, writeItem } from './storage.ts';

/** The id of this page's visitor when localStorage is refused (a sandboxed frame, a strict privacy mode). */
let unstored: string | undefined;

/**
 * The anonymous participant id of this browser for one tenant: 128 random bits (base64url), kept in
 * localStorage so that a citizen who voted without an account can change or withdraw their vote later. It is
 * only created when first needed (`create`), so a visitor who never takes part leaves nothing behind. The
 * server keeps only its hash. If storage is refused the id still works for the page's lifetime.
 *
 * @example
 * participantId('montjoli');        // the stored id, or undefined
 * participantId('montjoli', true);  // the stored id, or a new one, stored
 */
export function participantId(tenant: string, create = false): string | undefined {
  const key = storageKey(tenant, 'participant');
  const stored = readItem('local', key) ?? unstored;
  if ((stored && /^[\w-]{22,128}$/.test(stored)) || !create) return stored ?? undefined;
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  const id = btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
  if (!writeItem('local', key, id)) unstored = id;
  return id;
}
