import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

/** Server-wide secrets. IP-hash keys are not here: they rotate and are destroyed, so they live in the database. */
export interface Secrets {
  /** HMAC key for rate-limit counters and other keyed lookups (never reversible to an email). */
  hmacKey: Buffer;
}

/**
 * Reads `secrets.json` from the data folder, creating it (mode 0600) with fresh random keys on first start.
 */
export function loadOrCreateSecrets(dataDir: string): Secrets {
  const file = join(dataDir, 'secrets.json');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, JSON.stringify({ hmacKey: randomBytes(32).toString('base64') }, null, 2) + '\n', { mode: 0o600 });
  }
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { hmacKey?: string };
  if (!parsed.hmacKey) throw new Error(`[civique] ${file} has no hmacKey; delete it to generate a new one`);
  return { hmacKey: Buffer.from(parsed.hmacKey, 'base64') };
}

export function randomSecrets(): Secrets {
  return { hmacKey: randomBytes(32) };
}
