import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { DAY } from '../clock.ts';
import { databaseBytes, survivingStrings } from '../testing/database-bytes.ts';
import { codeFromMail, createTestApp, GOOD_PASSWORD, TENANT, type TestApp } from '../testing/test-app.ts';
import { ExportSchema } from './export.schemas.ts';

const base = `/v1/tenants/${TENANT}`;

describe('the personal-data registry', () => {
  let t: TestApp;
  before(async () => (t = await createTestApp()));
  after(() => t.close());

  test('covers every table that links to an account', async () => {
    const linked = await t.store.tablesLinkedToAccounts();
    const covered = t.services.registry.coveredTables();
    const uncovered = linked.filter((table) => !covered.has(table));
    assert.deepEqual(uncovered, [], `tables with an account link but no export/erase entry: ${uncovered.join(', ')}`);
    assert.ok(linked.includes('sessions') && linked.includes('ip_traces') && linked.includes('outbox'));
  });

  test('notices a new table with an account link that no entry covers', async () => {
    t.db.exec('CREATE TABLE forgotten_feature (id INTEGER PRIMARY KEY, account_id TEXT REFERENCES accounts (id))');
    try {
      const linked = await t.store.tablesLinkedToAccounts();
      assert.ok(linked.includes('forgotten_feature'));
      assert.ok(!t.services.registry.coveredTables().has('forgotten_feature'));
    } finally {
      t.db.exec('DROP TABLE forgotten_feature');
    }
  });
});

describe('export (GDPR art. 15 and 20)', () => {
  let t: TestApp;
  before(async () => (t = await createTestApp()));
  after(() => t.close());

  test('one JSON document with account, profile, sessions metadata, mails, traces, rights log and privacy notices', async () => {
    const { token, id, email } = await t.signUp('export@example.fr');
    await t.call('PATCH', `${base}/me`, { token, json: { profile: { pseudonym: 'Exportatrice', birthYear: 1990, quartier: 'Centre-ville' } } });
    const consultation = await t.addConsultation({ slug: 'avis-export', title: 'Avis export' });
    const fingerprint = await t.services.stuffing.fingerprint('203.0.113.5');
    await t.services.stuffing.record(t.services.stuffing.trace(fingerprint, { scope: consultation.id, kind: 'ballot', id: 'b-1', accountId: id }));
    t.services.registry.register({
      name: 'testParticipations',
      tables: [],
      export: async () => [],
      erase: async () => {},
      participations: async (accountId) => (accountId === id ? [{ kind: 'ballot', id: 'b-1', consultationId: consultation.id, at: t.clock.now() }] : []),
    });
    await t.services.outboxWorker.runOnce();

    const res = await t.call('GET', `${base}/me/export`, { token });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-disposition') ?? '', /attachment; filename="civique-mes-donnees-\d{4}-\d{2}-\d{2}\.json"/);
    const doc = res.body;
    assert.equal(doc.format, 'civique-export/1');
    assert.equal(doc.account.email, email);
    assert.equal(doc.account.profile.pseudonym, 'Exportatrice');
    assert.equal(doc.account.sessions.length, 1);
    assert.ok(!JSON.stringify(doc).includes(token), 'the token is never exported (it is not even stored)');
    assert.ok(!JSON.stringify(doc).includes('$argon2id$'), 'the password hash is not exported');
    assert.equal(doc.account.locale, 'fr');
    assert.match(doc.account.passwordNote, /^Conservé uniquement sous forme d’empreinte/, 'the note is in the account’s language');
    assert.equal(doc.mails.length, 1);
    assert.match(doc.mails[0].subject, /Confirmez/);
    assert.equal(doc.ipTraces.length, 1);
    assert.match(doc.ipTraces[0].addressHash, /^[0-9a-f]{32}$/);
    assert.ok(doc.rightsRequests.some((r: { kind: string }) => r.kind === 'rectification'));
    assert.equal(doc.participations.length, 1);
    assert.deepEqual(doc.consultations, [
      {
        tenant: TENANT,
        slug: 'avis-export',
        title: 'Avis export',
        purposes: consultation.privacyNotice.purposes,
        recipients: consultation.privacyNotice.recipients,
        retention: consultation.privacyNotice.retention,
        retentionEnd: new Date(consultation.retentionEnd).toISOString(),
      },
    ]);
    const sections = Object.keys(doc);
    for (const entry of t.services.registry.entries) assert.ok(sections.includes(entry.name), `section ${entry.name} missing`);
    const participations = await t.call('GET', `${base}/me/participations`, { token });
    assert.equal(participations.body.participations[0].consultationId, consultation.id);
    assert.deepEqual(participations.body.participations[0].consultation, { tenant: TENANT, slug: 'avis-export', title: 'Avis export', kind: 'vote' });
  });
});

describe('export: complete, precise, and without live secrets', () => {
  let t: TestApp;
  before(async () => (t = await createTestApp()));
  after(() => t.close());

  test('every section matches the published ExportSchema field by field, codes included without their value', async () => {
    const { token, id, email } = await t.signUp('export-complet@example.fr');
    await t.services.outboxWorker.runOnce();
    const code = codeFromMail(t.mailer.sent.at(-1)!.text, 'verify');
    await t.call('PATCH', `${base}/me`, { token, json: { profile: { firstName: 'Exportée', city: 'Montjoli' } } });
    assert.equal((await t.call('POST', `${base}/auth/sign-in`, { json: { email, password: 'pas le bon mot de passe' } })).status, 401);
    const vote = await t.addConsultation({
      kind: 'vote',
      settings: {
        mode: 'single',
        options: [
          { id: 'a', label: 'A' },
          { id: 'b', label: 'B' },
        ],
      },
    });
    assert.equal((await t.call('PUT', `${base}/consultations/${vote.slug}/ballot`, { token, json: { choice: ['a'] } })).status, 201);
    const survey = await t.addConsultation({
      kind: 'survey',
      settings: { sections: [{ id: 's', title: 'S' }], questions: [{ id: 'idee', section: 's', type: 'text', label: 'Idée' }], profileQuestions: true },
    });
    const put = await t.call('PUT', `${base}/consultations/${survey.slug}/response`, {
      token,
      json: { answers: { idee: 'Plus de bancs' }, profile: { gender: 'female' } },
    });
    assert.equal(put.status, 201, JSON.stringify(put.body));
    await t.services.outboxWorker.runOnce();

    const res = await t.call('GET', `${base}/me/export`, { token });
    assert.equal(res.status, 200);
    const parsed = ExportSchema.safeParse(res.body);
    assert.ok(parsed.success, JSON.stringify(parsed.error?.issues));
    const doc = res.body;
    assert.deepEqual(
      doc.account.codes.map((c: { purpose: string }) => c.purpose),
      ['verify_email'],
    );
    assert.deepEqual(
      doc.rateLimits.map((r: { scope: string }) => r.scope).sort(),
      ['sign-in:email', 'sign-in:pair'],
      'the failed sign-in counters keyed by my email: across addresses, and from the address I tried',
    );
    assert.equal(doc.mails[0].attempts, 1);
    assert.match(doc.mails[0].messageId, /@civique>$/);
    assert.equal(doc.surveyResponses.responses[0].answers.idee, 'Plus de bancs');
    assert.equal(doc.ballots.length, 1);

    const text = JSON.stringify(doc);
    const codeHash = (t.db.prepare('SELECT code_hash FROM auth_codes WHERE account_id = ?').get(id) as { code_hash: string }).code_hash;
    assert.ok(!text.includes(code), 'the still-valid verification code is not in the export (mail body included)');
    assert.ok(!text.includes(codeHash), 'nor its hash');
    assert.match(doc.mails[0].body, /#civique-verify=\[code retiré\]/);
    assert.equal((await t.call('POST', `${base}/auth/verify-email`, { json: { code } })).status, 200, 'the code itself still works');
  });
});

describe('account deletion', () => {
  let t: TestApp;
  before(async () => (t = await createTestApp({ file: true })));
  after(() => t.close());

  test('needs the password', async () => {
    const { token } = await t.signUp('careful@example.fr');
    const res = await t.call('DELETE', `${base}/me`, { token, json: { password: 'not-my-password' } });
    assert.equal(res.status, 403, 'the session is fine: not a 401');
    assert.equal(res.body.error.code, 'wrong_password');
    assert.equal(res.body.error.issues[0].path, 'password');
    assert.equal((await t.call('GET', `${base}/me`, { token })).status, 200);
  });

  test('is irreversible: sessions revoked, and no byte of the email remains in the .db or -wal file', async () => {
    const email = 'zoe.effacee-4242@example.fr';
    const { token, id } = await t.signUp(email);
    await t.call('PATCH', `${base}/me`, {
      token,
      json: { profile: { firstName: 'Zoé', lastName: 'Effacée-Unique', phone: '06 98 76 54 32', postalAddress: '12 impasse Oubliée' } },
    });
    await t.call('POST', `${base}/auth/password-reset-request`, { json: { email, returnUrl: 'http://localhost:8080/' } });
    await t.services.outboxWorker.runOnce();
    const fingerprint = await t.services.stuffing.fingerprint('198.51.100.200');
    await t.services.stuffing.record(t.services.stuffing.trace(fingerprint, { scope: 'x', kind: 'ballot', id: 'b-z', accountId: id }));
    const other = await t.signUp('reste@example.fr');
    assert.ok(
      databaseBytes(t).some((bytes) => bytes.includes(email)),
      'the email is on disk before deletion',
    );

    const res = await t.call('DELETE', `${base}/me`, { token, json: { password: GOOD_PASSWORD } });
    assert.equal(res.status, 204);
    const wal = `${t.dbFile}-wal`;
    assert.ok(!existsSync(wal) || readFileSync(wal).length === 0, 'the WAL was checkpointed and truncated');

    assert.equal((await t.call('GET', `${base}/me`, { token })).status, 401);
    const signIn = await t.call('POST', `${base}/auth/sign-in`, { json: { email, password: GOOD_PASSWORD } });
    assert.equal(signIn.status, 401);
    for (const table of ['accounts', 'profiles', 'sessions', 'auth_codes', 'outbox', 'ip_traces', 'staff_memberships']) {
      assert.equal(t.count(`SELECT count(*) FROM ${table} WHERE ${table === 'accounts' ? 'id' : 'account_id'} = ?`, id), 0, table);
    }
    for (const bytes of databaseBytes(t)) {
      for (const needle of [email, 'Effacée-Unique', '06 98 76 54 32', 'impasse Oubliée']) {
        assert.equal(bytes.indexOf(needle), -1, `"${needle}" survived in a database file`);
      }
    }
    assert.equal((await t.call('GET', `${base}/me`, { token: other.token })).status, 200, 'other accounts are untouched');

    const log = t.db.prepare("SELECT * FROM rights_requests WHERE kind = 'erasure'").all() as {
      account_id: string | null;
      completed_at: number | null;
      due_at: number;
      received_at: number;
    }[];
    assert.equal(log.length, 1);
    assert.equal(log[0].account_id, null, 'the log keeps the dates, not the person');
    assert.ok(log[0].completed_at !== null);
    assert.equal(log[0].due_at - log[0].received_at, 30 * DAY);
  });

  test('erases the account’s free-text survey answers; its closed answers keep counting', async () => {
    const { token, id } = await t.signUp('zoe.sondee@example.fr');
    const survey = await t.addConsultation({
      kind: 'survey',
      settings: {
        sections: [{ id: 's', title: 'S' }],
        questions: [
          {
            id: 'avis',
            section: 's',
            type: 'single',
            label: 'Avis',
            options: [
              { id: 'oui', label: 'Oui' },
              { id: 'non', label: 'Non' },
            ],
          },
          { id: 'idee', section: 's', type: 'text', label: 'Une idée ?' },
        ],
      },
    });
    const freeText = 'Je suis Zoé Effacée-Unique, appelez-moi au 06 98 76 54 32';
    const put = await t.call('PUT', `${base}/consultations/${survey.slug}/response`, { token, json: { answers: { avis: 'oui', idee: freeText } } });
    assert.equal(put.status, 201, JSON.stringify(put.body));
    assert.deepEqual(survivingStrings(t, [freeText]).length > 0, true, 'on disk before deletion');

    assert.equal((await t.call('DELETE', `${base}/me`, { token, json: { password: GOOD_PASSWORD } })).status, 204);
    assert.deepEqual(survivingStrings(t, ['Effacée-Unique', '06 98 76 54 32', 'appelez-moi']), []);
    const rows = t.db.prepare('SELECT account_id, answers, profile FROM survey_responses WHERE consultation_id = ?').all(survey.id) as {
      account_id: string | null;
      answers: string;
      profile: string | null;
    }[];
    assert.deepEqual(rows, [{ account_id: null, answers: JSON.stringify({ avis: 'oui' }), profile: null }]);
    assert.equal(t.count("SELECT count FROM survey_tallies WHERE consultation_id = ? AND question_id = 'avis' AND value = 'oui'", survey.id), 1);
    assert.equal(t.count('SELECT count(*) FROM accounts WHERE id = ?', id), 0);
  });

  test('an erasure interrupted by a crash is finished by the retention job', async () => {
    const { token, id } = await t.signUp('crash@example.fr');
    const entries = t.services.registry.erasureOrder();
    const accountEntry = entries.at(-1)!;
    const erase = accountEntry.erase;
    accountEntry.erase = async () => {
      throw new Error('power cut');
    };
    try {
      const res = await t.call('DELETE', `${base}/me`, { token, json: { password: GOOD_PASSWORD } });
      assert.equal(res.status, 500);
    } finally {
      accountEntry.erase = erase;
    }
    assert.equal(t.count('SELECT count(*) FROM accounts WHERE id = ?', id), 1, 'half-erased');
    const report = await t.services.retention.run();
    assert.equal(report.erasuresResumed, 1);
    assert.equal(t.count('SELECT count(*) FROM accounts WHERE id = ?', id), 0);
    assert.equal(t.count("SELECT count(*) FROM rights_requests WHERE kind = 'erasure' AND completed_at IS NULL"), 0);
  });
});

describe('retention end of a consultation', () => {
  let t: TestApp;
  before(async () => (t = await createTestApp()));
  after(() => t.close());

  test('purges the consultation’s personal data once, through every registry entry', async () => {
    const consultation = await t.addConsultation({ retentionEnd: t.clock.now() + 10 * DAY });
    const fingerprint = await t.services.stuffing.fingerprint('203.0.113.44');
    await t.services.stuffing.record(t.services.stuffing.trace(fingerprint, { scope: consultation.id, kind: 'ballot', id: 'b', accountId: null }));
    const purged: string[] = [];
    t.services.registry.register({
      name: 'probe',
      tables: [],
      export: async () => null,
      erase: async () => {},
      purgeConsultation: async (cid) => void purged.push(cid),
    });

    await t.services.retention.run();
    assert.deepEqual(purged, []);
    t.clock.advance(11 * DAY);
    const report = await t.services.retention.run();
    assert.deepEqual(report.consultationsPurged, [consultation.id]);
    assert.deepEqual(purged, [consultation.id]);
    assert.equal(t.count('SELECT count(*) FROM ip_traces WHERE scope = ?', consultation.id), 0);
    assert.notEqual((await t.store.consultations.get(consultation.id))!.purgedAt, null);
    await t.services.retention.run();
    assert.deepEqual(purged, [consultation.id], 'purged once');
  });
});
