import { chmodSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The data folder holds the database (and in it the IP-hash and rate-limit keys), its -wal and -shm, the
 * secrets and the erasure ledger: only the server's user may read it. Creates it 0700, or tightens it and every
 * file in it (0600) when it already exists with looser modes, and sets the process umask so every file created
 * later (SQLite's -wal and -shm, backups written here) is 0600 from its first byte.
 *
 * @example
 * secureDataDir('./data'); // ./data is 0700, ./data/civique.db 0600
 */
export function secureDataDir(dataDir: string): void {
  process.umask(0o077);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chmodSync(dataDir, 0o700);
  for (const name of readdirSync(dataDir)) {
    const path = join(dataDir, name);
    const stat = statSync(path);
    if (stat.isDirectory()) chmodSync(path, 0o700);
    else if ((stat.mode & 0o777) !== 0o600) chmodSync(path, 0o600);
  }
}
