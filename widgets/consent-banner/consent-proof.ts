import type { ConsentAction } from '../core/events.ts';

/** Where proofs of consent go: the Civique API and the collectivité. */
export interface ProofTarget {
  api: string;
  tenant: string;
}

export interface ConsentProof {
  consentId: string;
  action: ConsentAction;
  choices: Record<string, boolean>;
  configVersion: string;
  textHash: string;
  locale: 'fr' | 'en';
}

const hex = (bytes: ArrayBuffer | Uint8Array) => Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join('');

/** 128 random bits as 32 hex characters: the id the banner keeps, and the visitor's key to their proofs. */
export const newConsentId = () => hex(crypto.getRandomValues(new Uint8Array(16)));

/**
 * SHA-256 of what the visitor was shown. `crypto.subtle` exists only in secure contexts (https, localhost):
 * elsewhere there is no hash, hence no proof.
 */
export async function textHash(text: string): Promise<string | undefined> {
  const digest = await crypto.subtle?.digest('SHA-256', new TextEncoder().encode(text));
  return digest && hex(digest);
}

/**
 * The `recordConsent` operation, or, with an id, `getConsent` / `deleteConsent`.
 *
 * @example
 * proofUrl({ api: 'https://participer.example.fr', tenant: 'montjoli' }, id); // …/v1/tenants/montjoli/consents/<id>
 */
export const proofUrl = (target: ProofTarget, consentId = '') =>
  `${target.api.replace(/\/$/, '')}/v1/tenants/${encodeURIComponent(target.tenant)}/consents${consentId && '/' + consentId}`;

/**
 * Whether the tenant allows this page's origin, asked with a simple GET before each proof: no preflight, so
 * the refusal is readable, where the proof's POST would fail its preflight as a bare CORS error. An unreachable
 * server counts as allowed here: the POST then says what failed.
 */
export const originAllowed = (target: ProofTarget) =>
  fetch(proofUrl(target).slice(0, -9)).then(
    (r) => r.status != 403,
    () => true,
  );

/**
 * Sends the proof with plain `fetch` (the kit's API client is too heavy for consent.js). `keepalive` lets it
 * finish when the banner reloads the page after a withdrawal.
 */
export async function recordConsent(target: ProofTarget, proof: ConsentProof): Promise<void> {
  const response = await fetch(proofUrl(target), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(proof),
    keepalive: true,
  });
  if (!response.ok) throw response.status;
}
