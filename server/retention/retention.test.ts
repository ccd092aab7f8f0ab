import assert from 'node:assert/strict';
import { after, before, describe, mock, test } from 'node:test';
import { DAY, HOUR, MINUTE } from '../clock.ts';
import { MAX_AGE } from '../key-ring.ts';
import { createTestApp, type TestApp } from '../testing/test-app.ts';

const RULE = { max: 1000, windowMs: 15 * MINUTE, blockMs: 15 * MINUTE };

describe('retention: nothing keyed to an address or an email is older than 90 days, at any hour', () => {
  let t: TestApp;
  before(async () => {
    // Only the job's own timer is faked: the test moves it hour by hour, as the server's clock would.
    mock.timers.enable({ apis: ['setInterval'] });
    t = await createTestApp();
    t.services.retention.start();
  });
  after(async () => {
    await t.close();
    mock.timers.reset();
  });

  test('stepping hour by hour across 130 days of traffic, the hourly timer keeps traces and keys under 90 days', async () => {
    const { stuffing, limiter, retention } = t.services;
    const start = t.clock.now();
    const oldest = (table: string) => t.count(`SELECT coalesce(min(created_at), ${t.clock.now()}) AS n FROM ${table}`);
    const rateLimitKeys = new Set<number>();
    let erasedTraces = 0;
    for (let hour = 1; hour <= 130 * 24; hour++) {
      if (hour % 5 === 0) {
        // A participation and a sign-in attempt, at every hour of the day over time.
        const fingerprint = await stuffing.fingerprint(`203.0.113.${hour % 200}`);
        await stuffing.record(stuffing.trace(fingerprint, { scope: 'scope-hourly', kind: 'survey_response', id: `h${hour}`, accountId: null }));
        await limiter.hit('sign-in:ip', `198.51.100.${hour % 200}`, RULE);
      }
      t.clock.advance(HOUR);
      mock.timers.tick(HOUR);
      await retention.idle();
      const now = t.clock.now();
      const traceAge = now - oldest('ip_traces');
      const keyAge = now - oldest('ip_hash_keys');
      assert.ok(traceAge <= MAX_AGE, `hour ${hour}: a trace is ${((traceAge - MAX_AGE) / HOUR).toFixed(1)} h past 90 days`);
      assert.ok(keyAge <= MAX_AGE, `hour ${hour}: a key is ${((keyAge - MAX_AGE) / HOUR).toFixed(1)} h past 90 days`);
      assert.equal(t.count('SELECT count(*) AS n FROM rate_limits WHERE key_id IS NULL'), 0, 'every counter belongs to a key');
      for (const key of await t.store.stuffing.liveKeys('rate-limit')) rateLimitKeys.add(key.id);
      erasedTraces = Math.max(erasedTraces, t.count("SELECT count(*) AS n FROM ip_traces WHERE participation_id = 'h5'") === 0 ? 1 : 0);
    }
    // The walk crossed the boundaries it is meant to test: traces were erased, keys rotated and were destroyed.
    assert.equal(erasedTraces, 1, 'the first trace was erased');
    assert.ok(rateLimitKeys.size >= 4, `the rate-limit key rotated (${rateLimitKeys.size} keys seen)`);
    assert.ok(oldest('ip_hash_keys') > start + 30 * DAY, 'the first keys were destroyed');
    assert.ok(t.count("SELECT count(*) AS n FROM ip_hash_keys WHERE purpose = 'rate-limit'") >= 3, 'rate-limit keys are live');
  });
});
