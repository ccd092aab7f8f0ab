import { hash, verify } from '@node-rs/argon2';
import { createRequire } from 'node:module';

/** OWASP's argon2id baseline (m = 19 MiB, t = 2, p = 1). Raise these and old hashes are upgraded at sign-in. */
export const PASSWORD_PARAMS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
const ARGON2ID = 2; // Algorithm.Argon2id; the package's const enum cannot be imported under isolatedModules

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

export interface PasswordParams {
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

export function hashPassword(password: string, params: PasswordParams = PASSWORD_PARAMS): Promise<string> {
  return hash(password, { ...params, algorithm: ARGON2ID });
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** True when the stored hash was made with weaker parameters than today's, so sign-in should re-hash. */
export function needsRehash(passwordHash: string, params: PasswordParams = PASSWORD_PARAMS): boolean {
  const match = /^\$argon2id\$v=\d+\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(passwordHash);
  if (!match) return true;
  const [m, t, p] = match.slice(1).map(Number);
  return m < params.memoryCost || t < params.timeCost || p < params.parallelism;
}

/**
 * A hash of a random password, made once at start: sign-in verifies against it when the email is unknown,
 * so an unknown email and a wrong password take the same time.
 */
export function createDummyHash(): Promise<string> {
  return hashPassword(`dummy-${Math.random()}-${Date.now()}`);
}

const require = createRequire(import.meta.url);
let common: Set<string> | undefined;

/** zxcvbn's list of the most used passwords (≈ 49,000), plus French favourites it lacks. */
function commonPasswords(): Set<string> {
  if (!common) {
    const list: string[] = require('@zxcvbn-ts/language-common/dist/passwords.json.cjs');
    common = new Set(list.map((p) => p.toLowerCase()));
    for (const french of FRENCH_COMMON) common.add(french);
  }
  return common;
}

const FRENCH_COMMON = [
  'motdepasse',
  'azerty',
  'azertyuiop',
  'soleil',
  'bonjour',
  'doudou',
  'loulou',
  'chouchou',
  'marseille',
  'nicolas',
  'jetaime',
  'coucou',
  'chocolat',
  'vacances',
  'football',
  'amour',
  'liberte',
  'republique',
  'montjoli',
  'civique',
  'budgetparticipatif',
  'mairie',
  'commune',
  'bienvenue',
  'sécurité',
  'securite',
  'jesuis',
  'parisien',
  'poiuytreza',
];

export type PasswordProblem = 'too_short' | 'too_long' | 'common' | 'contains_email';

/**
 * Checks a new password: length, and not a well-known one even dressed up with digits or symbols
 * ("motdepasse2027!") or built from the email.
 *
 * @example
 * passwordProblem('azertyuiop123', 'a@b.fr'); // 'common'
 */
export function passwordProblem(password: string, email: string): PasswordProblem | undefined {
  if ([...password].length < PASSWORD_MIN_LENGTH) return 'too_short';
  if ([...password].length > PASSWORD_MAX_LENGTH) return 'too_long';
  const lower = password.toLowerCase();
  const list = commonPasswords();
  const core = lower.replace(/^[\p{N}\p{P}\p{S}\s]+|[\p{N}\p{P}\p{S}\s]+$/gu, '');
  if (list.has(lower) || (core.length >= 4 && list.has(core))) return 'common';
  if (new Set(lower).size <= 3) return 'common';
  if (/^(?:0?123456789?0?|9?876543210?)+$/.test(lower.replace(/[^\p{L}\p{N}]/gu, ''))) return 'common';
  const local = email.split('@')[0]?.toLowerCase() ?? '';
  if (local.length >= 4 && lower.includes(local)) return 'contains_email';
  return undefined;
}
