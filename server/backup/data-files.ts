import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The files of a data folder, named once for the server, the backup and the restore. */
export function dataFiles(dataDir: string) {
  return {
    database: join(dataDir, 'civique.db'),
    ledger: join(dataDir, 'erasures.jsonl'),
    /** Written while the server runs: a restore refuses to swap the database under it. */
    pid: join(dataDir, 'civique.pid'),
  };
}

/** Records that the server runs in this data folder; returns the function that clears it at stop. */
export function writePidFile(dataDir: string): () => void {
  const { pid } = dataFiles(dataDir);
  writeFileSync(pid, `${process.pid}\n`, { mode: 0o600 });
  return () => rmSync(pid, { force: true });
}

/** The pid of a server running on this data folder, or undefined (no pid file, or a stale one left by a crash). */
export function runningServerPid(dataDir: string): number | undefined {
  const { pid } = dataFiles(dataDir);
  if (!existsSync(pid)) return undefined;
  const value = Number(readFileSync(pid, 'utf8').trim());
  if (!Number.isInteger(value) || value <= 0) return undefined;
  try {
    process.kill(value, 0);
    return value;
  } catch (error) {
    // EPERM: alive but someone else's process; ESRCH: gone.
    return (error as NodeJS.ErrnoException).code === 'EPERM' ? value : undefined;
  }
}

/** Exit codes of `npm run restore`, one per reason to refuse. */
export const RestoreExit = { ok: 0, failed: 1, usage: 2, serverRunning: 3, damaged: 4, newerSchema: 5 } as const;
