import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startWalCheckpointer, type WalCheckpointer } from './checkpointer.ts';
import { openDatabase, type Db } from './open.ts';

describe('WAL checkpoints off the request thread', () => {
  let dir: string;
  let db: Db;
  let checkpointer: WalCheckpointer;
  const lines: string[] = [];
  const write = (rows: number) => {
    const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
    db.transaction(() => {
      for (let i = 0; i < rows; i++) insert.run(Buffer.alloc(2000, i % 256));
    })();
  };

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'civique-wal-'));
    db = openDatabase(join(dir, 'x.db'));
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v BLOB)');
    checkpointer = startWalCheckpointer(db, join(dir, 'x.db'), { intervalMs: 20, log: (line) => lines.push(line) });
  });
  after(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('the writer no longer checkpoints; the thread copies every frame into the database file', { timeout: 20_000 }, async () => {
    assert.equal(db.pragma('wal_autocheckpoint', { simple: true }), 0);
    const fileBefore = statSync(join(dir, 'x.db')).size;
    write(3000); // ~1500 pages: past the writer's own threshold, which would have checkpointed
    // Wait for the checkpoint that saw the whole transaction (one may already be on its way from before it).
    let result = await checkpointer.nextCheckpoint();
    while (result.log < 1000 || result.checkpointed < result.log) result = await checkpointer.nextCheckpoint();
    assert.ok(statSync(join(dir, 'x.db')).size > fileBefore + 5_000_000, 'the rows reached the database file');
  });

  test('if the thread dies, the writer checkpoints itself again, and says so', async () => {
    checkpointer.crashForTest();
    await checkpointer.exited;
    assert.equal(db.pragma('wal_autocheckpoint', { simple: true }), 1000);
    assert.ok(
      lines.some((line) => line.includes('the writer checkpoints again itself')),
      lines.join('\n'),
    );
  });

  test('stop() ends the thread and gives the writer its checkpoints back', async () => {
    const other = startWalCheckpointer(db, join(dir, 'x.db'), { intervalMs: 20, log: (line) => lines.push(line) });
    assert.equal(db.pragma('wal_autocheckpoint', { simple: true }), 0);
    const before = lines.length;
    await other.stop();
    assert.equal(db.pragma('wal_autocheckpoint', { simple: true }), 1000);
    assert.equal(lines.length, before, 'a stop is not a failure');
  });
});
