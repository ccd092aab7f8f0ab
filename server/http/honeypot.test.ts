import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, GOOD_PASSWORD, RETURN_URL, type TestApp } from '../testing/test-app.ts';
import { consultationPath, newParticipantId, signUpStaff, tenantBase } from '../testing/participation.ts';

describe('honeypot of the public forms', () => {
  let t: TestApp;
  let staff: string;
  before(async () => {
    t = await createTestApp();
    staff = (await signUpStaff(t)).token;
  });
  after(() => t.close());

  const signUp = (email: string, website?: string) =>
    t.call('POST', `${tenantBase}/auth/sign-up`, {
      json: { email, password: GOOD_PASSWORD, returnUrl: RETURN_URL, ...(website === undefined ? {} : { website }) },
    });

  test('a filled honeypot on sign-up answers exactly like a sign-up, but creates nothing and sends nothing', async () => {
    const accounts = t.count('SELECT count(*) FROM accounts');
    const mails = t.count('SELECT count(*) FROM outbox');
    const bot = await signUp('robot@example.fr', 'http://promo.example');
    const person = await signUp('personne@example.fr', '');
    assert.equal(bot.status, 202);
    assert.equal(person.status, 202);
    assert.deepEqual(bot.body, person.body);
    assert.equal(bot.headers.get('content-type'), person.headers.get('content-type'));
    assert.equal(t.count('SELECT count(*) FROM accounts'), accounts + 1, 'only the person’s account');
    assert.equal(t.count("SELECT count(*) FROM accounts WHERE email = 'robot@example.fr'"), 0);
    assert.equal(t.count('SELECT count(*) FROM outbox'), mails + 1, 'only the person’s confirmation mail');
  });

  test('a filled honeypot quarantines a ballot, without an error; an empty one changes nothing', async () => {
    const c = await t.addConsultation({
      kind: 'vote',
      settings: {
        mode: 'single',
        options: [
          { id: 'a', label: 'A' },
          { id: 'b', label: 'B' },
        ],
      },
    });
    const cast = (website?: string) =>
      t.call('PUT', `${consultationPath(c)}/ballot`, {
        json: { choice: ['a'], ...(website === undefined ? {} : { website }) },
        headers: { 'civique-participant': newParticipantId() },
      });
    const bot = await cast('http://promo.example');
    assert.equal(bot.status, 201);
    assert.equal(bot.body.ballot.status, 'quarantined');
    assert.equal((await cast('')).body.ballot.status, 'accepted');
    assert.equal((await cast()).body.ballot.status, 'accepted');
    const list = await t.call('GET', `${consultationPath(c)}/quarantine`, { token: staff });
    assert.deepEqual(
      list.body.items.map((i: { reasons: string[] }) => i.reasons),
      [['honeypot']],
    );
    const results = await t.call('GET', `${consultationPath(c)}/results`, { token: staff });
    assert.equal(results.body.ballots, 2, 'the quarantined ballot does not count');
  });

  test('a filled honeypot quarantines a survey response, without an error', async () => {
    const c = await t.addConsultation({
      kind: 'survey',
      settings: {
        sections: [{ id: 's', title: 'S' }],
        questions: [
          {
            id: 'q',
            section: 's',
            type: 'single',
            label: 'Q',
            options: [
              { id: 'a', label: 'A' },
              { id: 'b', label: 'B' },
            ],
          },
        ],
      },
    });
    const respond = (website?: string) =>
      t.call('PUT', `${consultationPath(c)}/response`, {
        json: { answers: { q: 'a' }, ...(website === undefined ? {} : { website }) },
        headers: { 'civique-participant': newParticipantId() },
      });
    const bot = await respond('Bonjour');
    assert.equal(bot.status, 201);
    assert.equal(bot.body.response.status, 'quarantined');
    assert.equal((await respond('  ')).body.response.status, 'accepted');
    const list = await t.call('GET', `${consultationPath(c)}/quarantine`, { token: staff });
    assert.deepEqual(
      list.body.items.map((i: { reasons: string[] }) => i.reasons),
      [['honeypot']],
    );
  });
});
