import { closeSync, existsSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';

/** One erasure: what was erased, never what it held. */
export interface ErasureRecord {
  kind: 'account' | 'consultation';
  /** An account id or a consultation id. */
  id: string;
  at: string;
  /** An account's choice for its proposals (absent: `keep_anonymous`), replayed as it was made. */
  proposals?: ProposalsOnErasure;
}

/** On account deletion the citizen chooses: their proposals stay published without author, or go with the account. */
export type ProposalsOnErasure = 'keep_anonymous' | 'delete';

/**
 * Every erasure (an account deleted, a consultation purged at its retention end), appended to a file kept
 * beside the database, outside it: a backup restored later holds rows erased since it was made, and the
 * restore replays this ledger so that they are erased again. Ids only, no personal data; append-only, 0600;
 * each line is on disk (fsync) before the erasure starts.
 *
 * @example
 * const ledger = new ErasureLedger('./data/erasures.jsonl');
 * ledger.record('account', account.id, clock.now());
 */
export class ErasureLedger {
  constructor(readonly file: string) {}

  record(kind: ErasureRecord['kind'], id: string, at: number, options: { proposals?: ProposalsOnErasure } = {}): void {
    const line = JSON.stringify({ kind, id, at: new Date(at).toISOString(), ...options } satisfies ErasureRecord) + '\n';
    const fd = openSync(this.file, 'a', 0o600);
    try {
      writeSync(fd, line);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }

  /** Every recorded erasure, oldest first; a line torn by a crash mid-write is skipped. */
  read(): ErasureRecord[] {
    if (!existsSync(this.file)) return [];
    const records: ErasureRecord[] = [];
    for (const line of readFileSync(this.file, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      try {
        const record = JSON.parse(line) as ErasureRecord;
        if ((record.kind === 'account' || record.kind === 'consultation') && typeof record.id === 'string') records.push(record);
      } catch {
        // torn last line
      }
    }
    return records;
  }
}
