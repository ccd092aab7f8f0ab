import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { RecentTraces } from './recent-traces.ts';

const h = (n: number) => new Uint8Array(16).fill(n);
const HOUR = 3600_000;

describe('in-memory recent traces', () => {
  test('count per scope and hash, since a time, up to a limit, across several key hashes', () => {
    const recent = new RecentTraces(24 * HOUR);
    for (let i = 0; i < 5; i++) recent.add('c1', h(1), 1000 + i);
    recent.add('c1', h(2), 1003);
    recent.add('c2', h(1), 1003);
    assert.equal(recent.count('c1', [h(1)], 0, 100), 5);
    assert.equal(recent.count('c1', [h(1)], 1003, 100), 2);
    assert.equal(recent.count('c1', [h(1)], 0, 3), 3);
    assert.equal(recent.count('c1', [h(1), h(2)], 1003, 100), 3, 'hashes under the current and the retired key add up');
    assert.equal(recent.count('c3', [h(1)], 0, 100), 0);
  });

  test('a removed trace no longer counts; times added out of order stay ordered', () => {
    const recent = new RecentTraces(24 * HOUR);
    recent.add('c', h(1), 2000);
    recent.add('c', h(1), 1000);
    recent.add('c', h(1), 3000);
    recent.remove('c', h(1), 2000);
    assert.equal(recent.count('c', [h(1)], 1500, 100), 1);
    assert.equal(recent.count('c', [h(1)], 0, 100), 2);
  });

  test('a rolled-back batch leaves no trace of its changes', () => {
    const recent = new RecentTraces(24 * HOUR);
    recent.add('c', h(1), 1000);
    recent.begin();
    recent.add('c', h(1), 2000);
    recent.remove('c', h(1), 1000);
    recent.add('c', h(9), 2000);
    recent.rollback();
    assert.equal(recent.count('c', [h(1)], 0, 100), 1);
    assert.equal(recent.count('c', [h(1)], 1500, 100), 0);
    assert.equal(recent.count('c', [h(9)], 0, 100), 0);
    recent.begin();
    recent.add('c', h(1), 2000);
    recent.commit();
    recent.rollback();
    assert.equal(recent.count('c', [h(1)], 0, 100), 2, 'committed changes stay');
  });

  test('forgets what is older than the longest cap window', () => {
    const recent = new RecentTraces(24 * HOUR);
    recent.add('c', h(1), 0);
    recent.add('c', h(2), 0);
    recent.add('c', h(1), 30 * HOUR);
    recent.prune();
    assert.equal(recent.size, 1);
    assert.equal(recent.count('c', [h(1)], 0, 100), 1);
  });
});
