import type { Db } from '../db/open.ts';
import { stuffingSql } from '../stuffing/stuffing.store.ts';
import { GroupCommitWriter, type BatchHooks } from './group-commit.ts';
import { TraceIndex } from './trace-index.ts';
import type { ParticipationStore, ParticipationTx } from './participation.ts';

/**
 * The SQLite participation store: the one writer (group commit on this connection) and the traces it keeps
 * beside each participation. Caps count, inside the writer's transaction, exactly what `ip_traces` holds,
 * whoever changed it and on whichever connection: from memory, kept in step by `TraceIndex`.
 */
export function createSqliteParticipationStore(db: Db): ParticipationStore & {
  /** Steps another store on this connection takes in each writer batch's transaction (see `BatchHooks`). */
  onBatch(hooks: BatchHooks): void;
} {
  const traces = stuffingSql(db);
  const index = new TraceIndex(db);
  const writer = new GroupCommitWriter(db);
  writer.addHooks(index);
  const removeTraces = db.prepare<{ kind: string; participationId: string }>(
    'DELETE FROM ip_traces WHERE participation_kind = :kind AND participation_id = :participationId',
  );
  const prefixHashes = db.prepare<{ kind: string; ids: string }, { participation_id: string; prefix_hash: Buffer }>(`
    SELECT participation_id, prefix_hash FROM ip_traces
    WHERE participation_kind = :kind AND participation_id IN (SELECT value FROM json_each(:ids))`);
  const synchronous = () => {
    const level = db.pragma('synchronous', { simple: true }) as number;
    return ['OFF', 'NORMAL', 'FULL', 'EXTRA'][level] ?? String(level);
  };

  const tx: ParticipationTx = {
    countRecentTraces(scope, which, hashes, since, limit) {
      return index.count(scope, which, hashes, since, limit);
    },
    addTrace(trace) {
      traces.insertTrace({
        scope: trace.scope,
        participationKind: trace.kind,
        participationId: String(trace.participationId),
        accountId: trace.accountId,
        keyId: trace.fingerprint.keyId,
        ipHash: trace.fingerprint.ipHash,
        prefixHash: trace.fingerprint.prefixHash,
        siteHash: trace.fingerprint.siteHash,
        createdAt: trace.createdAt,
      });
      index.added(trace.scope, trace.fingerprint, trace.createdAt);
    },
    removeTraces(kind, participationId) {
      removeTraces.run({ kind, participationId: String(participationId) });
    },
  };

  return {
    onBatch(hooks) {
      writer.addHooks(hooks);
    },
    write(job) {
      return writer.submit(() => job(tx));
    },
    async synchronous() {
      return synchronous();
    },
    async prefixHashes(kind, participationIds) {
      const rows = prefixHashes.all({ kind, ids: JSON.stringify(participationIds.map(String)) });
      return new Map(rows.map((row) => [Number(row.participation_id), row.prefix_hash]));
    },
    drain() {
      return writer.drain();
    },
    close() {
      return writer.close();
    },
  };
}
