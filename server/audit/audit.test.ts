import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DAY, HOUR } from '../clock.ts';
import type { Consultation } from '../consultations/consultations.store.ts';
import { signUpStaff, tenantBase } from '../testing/participation.ts';
import { createTestApp, GOOD_PASSWORD, type TestApp } from '../testing/test-app.ts';
import { maskPersonalData } from './audit.service.ts';
import { parse } from 'csv-parse/sync';

const SETTINGS = {
  mode: 'single',
  options: [
    { id: 'a', label: 'A' },
    { id: 'b', label: 'B' },
  ],
};

describe('audit log', () => {
  let t: TestApp;
  let admin: { token: string; id: string };
  let moderator: { token: string; id: string };
  let consultation: Consultation;
  const list = (query = '', token = admin.token) => t.call('GET', `${tenantBase}/audit-events${query}`, { token });
  const rows = () => t.count('SELECT count(*) FROM audit_events');

  before(async () => {
    t = await createTestApp();
    admin = await signUpStaff(t, 'admin.audit@montjoli.fr', ['admin']);
    moderator = await signUpStaff(t, 'moderatrice.audit@montjoli.fr', ['moderator']);
    consultation = await t.addConsultation({ slug: 'piscine', settings: SETTINGS });
  });
  after(() => t.close());

  test('masks emails as a***@domain and people’s names as initials, anywhere in the values', () => {
    assert.deepEqual(
      maskPersonalData({ to: 'camille.dupont@ville.fr', profile: { firstName: 'Camille', lastName: 'Dupont-Martin' }, notes: ['écrire à dpo@ville.fr'] }),
      { to: 'c***@ville.fr', profile: { firstName: 'C.', lastName: 'D. M.' }, notes: ['écrire à d***@ville.fr'] },
    );
  });

  test('a staff change is recorded: actor, role, action, target, values before and after (masked), time', async () => {
    const res = await t.call('PATCH', `${tenantBase}/consultations/piscine`, {
      token: admin.token,
      json: { title: 'Horaires d’été', privacyNotice: { ...consultation.privacyNotice, recipients: ['dpo@montjoli.fr'] } },
    });
    assert.equal(res.status, 200);
    const page = await list();
    assert.equal(page.status, 200);
    const [event] = page.body.events;
    assert.equal(event.action, 'updateConsultation');
    assert.equal(event.target, 'consultation:piscine');
    assert.equal(event.role, 'admin');
    assert.deepEqual(event.actor, {
      kind: 'staff',
      accountId: admin.id,
      formerStaffNumber: null,
      label: { fr: `membre du personnel ${admin.id}`, en: `staff member ${admin.id}` },
    });
    assert.equal(event.before.title, 'Une consultation');
    assert.equal(event.after.title, 'Horaires d’été');
    assert.deepEqual(event.after.privacyNotice.recipients, ['d***@montjoli.fr']);
    assert.equal(event.at, new Date(t.clock.now()).toISOString());
    assert.equal(t.count("SELECT count(*) FROM audit_events WHERE after LIKE '%dpo@montjoli.fr%'"), 0);
  });

  test('an action that fails leaves no audit row: the record is written in the action’s transaction', async () => {
    const before = rows();
    // The update itself fails inside SQLite, after every check of the service passed.
    t.db.exec("CREATE TRIGGER refuse_update BEFORE UPDATE ON consultations BEGIN SELECT RAISE(ABORT, 'disk says no'); END");
    try {
      const res = await t.call('PATCH', `${tenantBase}/consultations/piscine`, { token: admin.token, json: { title: 'Jamais écrit' } });
      assert.equal(res.status, 500);
    } finally {
      t.db.exec('DROP TRIGGER refuse_update');
    }
    assert.equal(rows(), before);
  });

  test('filters by actor, target and time, newest first, in cursor pages', async () => {
    t.clock.advance(HOUR);
    const since = new Date(t.clock.now()).toISOString();
    for (const title of ['Premier', 'Deuxième', 'Troisième']) {
      assert.equal((await t.call('PATCH', `${tenantBase}/consultations/piscine`, { token: admin.token, json: { title } })).status, 200);
    }
    await t.services.audit.record({ tenantId: 'montjoli', actor: 'operator', action: 'origins add', target: 'origin:https://a.fr' });
    const review = await t.call('POST', `${tenantBase}/consultations/piscine/quarantine/424242`, { token: moderator.token, json: { decision: 'reject' } });
    assert.equal(review.status, 404, 'a review that failed is not recorded');

    const recent = await list(`?from=${encodeURIComponent(since)}&limit=2`);
    assert.deepEqual(
      recent.body.events.map((e: { action: string; after: { title?: string } }) => e.action + (e.after?.title ? `:${e.after.title}` : '')),
      ['origins add', 'updateConsultation:Troisième'],
    );
    const next = await list(`?from=${encodeURIComponent(since)}&limit=2&cursor=${recent.body.next}`);
    assert.deepEqual(
      next.body.events.map((e: { after: { title: string } }) => e.after.title),
      ['Deuxième', 'Premier'],
    );
    assert.equal(next.body.next, null);
    assert.deepEqual(
      (await list('?actor=operator')).body.events.map((e: { actor: { kind: string } }) => e.actor.kind),
      ['operator'],
    );
    assert.equal((await list(`?actor=${admin.id}&target=consultation:piscine`)).body.events.length, 4);
    assert.equal((await list(`?to=${encodeURIComponent(since)}`)).body.events.length, 1);
    assert.equal((await list('?from=hier')).status, 400);
  });

  test('an admin downloads the log as CSV for French spreadsheets, every page at once, with the same filters', async () => {
    const csv = await t.call('GET', `${tenantBase}/audit-events/export?format=csv&target=consultation:piscine`, { token: admin.token });
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get('content-type') ?? '', /^text\/csv/);
    assert.match(csv.headers.get('content-disposition') ?? '', /attachment; filename="journal-montjoli\.csv"/);
    assert.ok((csv.body as string).startsWith('\uFEFF'), 'a BOM, so Excel reads UTF-8');
    const rows = parse(csv.body as string, { delimiter: ';', bom: true, columns: true }) as Record<string, string>[];
    const listed = (await list('?target=consultation:piscine&limit=500')).body.events;
    assert.equal(rows.length, listed.length);
    assert.ok(rows.length >= 4);
    assert.match(rows[0]['Date'], /^\d{2}\/\d{2}\/\d{4}$/);
    assert.deepEqual(JSON.parse(rows[0]['Après']), listed[0].after);
    assert.equal(rows[0]['Action'], listed[0].action);

    const json = await t.call('GET', `${tenantBase}/audit-events/export`, { token: admin.token });
    assert.equal(json.body.events.length, (await list('?limit=500')).body.events.length, 'not one page: the whole log');
    assert.equal((await t.call('GET', `${tenantBase}/audit-events/export?format=csv`, { token: moderator.token })).status, 403);
  });

  test('the actions an account did as staff are in its export; erased, it becomes former staff member #n, one n per person', async () => {
    const exported = await t.call('GET', `${tenantBase}/me/export`, { token: admin.token });
    assert.equal(exported.status, 200);
    assert.equal(exported.body.staffActions.length, 4);
    assert.equal(exported.body.staffActions[0].action, 'updateConsultation');

    for (const who of [admin, moderator]) {
      await t.call('PATCH', `${tenantBase}/consultations/piscine`, { token: who.token, json: { title: 'Dernier titre' } });
      const erased = await t.call('DELETE', `${tenantBase}/me`, { token: who.token, json: { password: GOOD_PASSWORD } });
      assert.equal(erased.status, 204);
    }
    assert.equal(t.count('SELECT count(*) FROM audit_events WHERE account_id IS NOT NULL'), 0);
    const numbers = t.db.prepare("SELECT DISTINCT former_staff_number AS n FROM audit_events WHERE actor = 'former_staff' ORDER BY n").all() as { n: number }[];
    assert.deepEqual(
      numbers.map((r) => r.n),
      [1],
      'the moderator did nothing that succeeded: only the admin is numbered',
    );
    const reader = await signUpStaff(t, 'lectrice.audit@montjoli.fr', ['admin']);
    const events = (await list('?limit=1', reader.token)).body.events;
    assert.deepEqual(events[0].actor.label, { fr: 'ancien membre du personnel n°1', en: 'former staff member #1' });
  });

  test('the retention job deletes events older than one year, and only those', async () => {
    const newest = t.count('SELECT max(created_at) FROM audit_events');
    const oldest = t.count('SELECT min(created_at) FROM audit_events');
    t.clock.set(oldest + 365 * DAY);
    const first = await t.services.retention.run();
    assert.ok(first.expired.auditEvents > 0);
    assert.equal(t.count('SELECT count(*) FROM audit_events WHERE created_at <= ?', oldest), 0);
    assert.ok(t.count('SELECT count(*) FROM audit_events WHERE created_at = ?', newest) > 0, 'a younger event stays');
    t.clock.set(newest + 365 * DAY - 1);
    await t.services.retention.run();
    assert.ok(t.count('SELECT count(*) FROM audit_events WHERE created_at = ?', newest) > 0, 'kept until a full year has passed');
    t.clock.advance(1);
    await t.services.retention.run();
    assert.equal(rows(), 0);
  });
});
