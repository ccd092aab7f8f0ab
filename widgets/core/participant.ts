import { readItem, storageKey, writeItem } from './storage.ts';

/** The id of this page's visitor when localStorage is refused (a sandboxed frame, a strict privacy mode). */
let unstored: string | undefined;

/** A participant id as this widget makes it (the server also takes any 22+ base64url characters, older widgets' ids). */
const PARTICIPANT_ID = /^(?:[0-9a-f]{12}\.)?[\w-]{22,128}$/;

/**
 * The anonymous participant id of this browser for one tenant, kept in localStorage so that a citizen who voted
 * without an account can change or withdraw their vote later: its creation time in milliseconds (12 hex digits),
 * a dot, and 128 random bits (base64url). The server keeps the time and a hash of the whole id; the time puts a
 * new participant at the end of the server's index instead of on a random page of it. The id is only created
 * when first needed (`create`), so a visitor who never takes part leaves nothing behind. If storage is refused the
 * id still works for the page's lifetime.
 *
 * @example
 * participantId('montjoli');        // the stored id, or undefined
 * participantId('montjoli', true);  // the stored id, or a new one ('0194f3a2b1c0.q3Xk9vL2mN8pR4tW7yZ1aB'), stored
 */
export function participantId(tenant: string, create = false): string | undefined {
  const key = storageKey(tenant, 'participant');
  const stored = readItem('local', key) ?? unstored;
  if ((stored && PARTICIPANT_ID.test(stored)) || !create) return stored ?? undefined;
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  const random = btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
  const id = `${Date.now().toString(16).padStart(12, '0')}.${random}`;
  if (!writeItem('local', key, id)) unstored = id;
  return id;
}
