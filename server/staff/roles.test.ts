import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DAY } from '../clock.ts';
import type { Consultation } from '../consultations/consultations.store.ts';
import { signUpStaff, tenantBase } from '../testing/participation.ts';
import { createTestApp, GOOD_PASSWORD, type TestApp } from '../testing/test-app.ts';
import { grants, STAFF_OPERATIONS, STAFF_ROLES, type StaffRole } from './roles.ts';

/** A request to one staff operation, and the status it answers when the caller may do it. */
interface Operation {
  method: string;
  path: (c: Consultation) => string;
  json?: () => unknown;
  ok: number;
}

const VOTE_SETTINGS = {
  mode: 'single',
  options: [
    { id: 'a', label: 'A' },
    { id: 'b', label: 'B' },
  ],
};
let serial = 0;
const newConsultation = (now: number) => ({
  slug: `role-test-${++serial}`,
  kind: 'vote',
  title: 'Horaires de la piscine',
  opensAt: new Date(now + DAY).toISOString(),
  closesAt: new Date(now + 10 * DAY).toISOString(),
  retentionEnd: new Date(now + 100 * DAY).toISOString(),
  privacyNotice: { purposes: ['Compter les votes'], recipients: ['Ville de Montjoli'], retention: '3 mois' },
  allowAnonymous: true,
  settings: VOTE_SETTINGS,
});

/**
 * Every staff operation: one line each. The roles it needs come from `STAFF_OPERATIONS`; a row here without an
 * entry there (or the reverse) fails the first test.
 */
const OPERATIONS = (t: TestApp): Record<keyof typeof STAFF_OPERATIONS, Operation> => ({
  createConsultation: { method: 'POST', path: () => `${tenantBase}/consultations`, json: () => newConsultation(t.clock.now()), ok: 201 },
  updateConsultation: { method: 'PATCH', path: (c) => `${tenantBase}/consultations/${c.slug}`, json: () => ({ title: 'Nouveau titre' }), ok: 200 },
  getStatistics: { method: 'GET', path: (c) => `${tenantBase}/consultations/${c.slug}/statistics`, ok: 200 },
  listQuarantine: { method: 'GET', path: (c) => `${tenantBase}/consultations/${c.slug}/quarantine`, ok: 200 },
  // No such participation: reaching the 404 proves the role check let the caller through.
  reviewQuarantine: { method: 'POST', path: (c) => `${tenantBase}/consultations/${c.slug}/quarantine/999999`, json: () => ({ decision: 'accept' }), ok: 404 },
  listAuditEvents: { method: 'GET', path: () => `${tenantBase}/audit-events`, ok: 200 },
  exportAuditEvents: { method: 'GET', path: () => `${tenantBase}/audit-events/export?format=csv`, ok: 200 },
  getConsultationAsStaff: { method: 'GET', path: (c) => `${tenantBase}/consultations/${c.slug}/configuration`, ok: 200 },
  // Destructive ones aim at a consultation, cluster or content that does not exist: the 404 proves the role check let the caller through.
  closeConsultation: { method: 'POST', path: () => `${tenantBase}/consultations/absente/close`, ok: 404 },
  archiveConsultation: { method: 'POST', path: () => `${tenantBase}/consultations/absente/archive`, ok: 404 },
  deleteConsultation: { method: 'DELETE', path: () => `${tenantBase}/consultations/absente`, json: () => ({ password: GOOD_PASSWORD }), ok: 404 },
  listQuarantineClusters: { method: 'GET', path: (c) => `${tenantBase}/consultations/${c.slug}/quarantine/clusters`, ok: 200 },
  previewClusterReview: {
    method: 'POST',
    path: (c) => `${tenantBase}/consultations/${c.slug}/quarantine/clusters/AAAAAAAAAAAA/preview`,
    json: () => ({ decision: 'accept' }),
    ok: 404,
  },
  reviewCluster: {
    method: 'POST',
    path: (c) => `${tenantBase}/consultations/${c.slug}/quarantine/clusters/AAAAAAAAAAAA`,
    json: () => ({ decision: 'accept' }),
    ok: 404,
  },
  exportResults: { method: 'GET', path: (c) => `${tenantBase}/consultations/${c.slug}/results/export?format=json`, ok: 200 },
  exportStatistics: { method: 'GET', path: (c) => `${tenantBase}/consultations/${c.slug}/statistics/export?format=json`, ok: 200 },
  listModerationQueue: { method: 'GET', path: () => `${tenantBase}/moderation/queue`, ok: 200 },
  // Aimed at a vote, which is no board: the 409 (kind mismatch) proves the role check let the caller through.
  moderateResource: {
    method: 'POST',
    path: (c) => `${tenantBase}/consultations/${c.slug}/resources/AAAAAAAAAAAAAAAA/moderation`,
    json: () => ({ state: 'hidden', statement: 'Annonce trompeuse' }),
    ok: 409,
  },
  moderateContent: {
    method: 'POST',
    path: () => `${tenantBase}/moderation/testNote/absente/decision`,
    json: () => ({ state: 'hidden', statement: 'Propos injurieux' }),
    ok: 404,
  },
  getTenantSettings: { method: 'GET', path: () => `${tenantBase}/settings`, ok: 200 },
  updateTenantSettings: { method: 'PATCH', path: () => `${tenantBase}/settings`, json: () => ({ flagThreshold: 3 }), ok: 200 },
  // Proposal operations aim at a consultation that does not exist: the 404 proves the role check let the caller through.
  listProposalsForStaff: { method: 'GET', path: () => `${tenantBase}/consultations/absente/proposals/staff`, ok: 404 },
  moderateProposal: {
    method: 'POST',
    path: () => `${tenantBase}/consultations/absente/proposals/AAAAAAAAAAAA/moderation`,
    json: () => ({ state: 'published' }),
    ok: 404,
  },
  answerProposal: {
    method: 'PUT',
    path: () => `${tenantBase}/consultations/absente/proposals/AAAAAAAAAAAA/answer`,
    json: () => ({ status: 'accepted', text: 'Oui.', answeringBody: 'Conseil municipal' }),
    ok: 404,
  },
  publishAnswers: {
    method: 'POST',
    path: () => `${tenantBase}/consultations/absente/answers/publication`,
    json: () => ({ proposalIds: ['AAAAAAAAAAAA'] }),
    ok: 404,
  },
  copyProposalsToBudget: {
    method: 'POST',
    path: () => `${tenantBase}/consultations/absente/proposals/budget-copy`,
    json: () => ({ budgetSlug: 'budget', items: [{ proposalId: 'AAAAAAAAAAAA', authorAgreed: true, cost: 1000 }] }),
    ok: 404,
  },
  listStaff: { method: 'GET', path: () => `${tenantBase}/staff`, ok: 200 },
  inviteStaff: { method: 'POST', path: () => `${tenantBase}/staff`, json: () => ({ email: `invite-${++serial}@montjoli.fr`, role: 'answerer' }), ok: 201 },
  updateStaffRoles: { method: 'PUT', path: () => `${tenantBase}/staff/absent`, json: () => ({ roles: ['moderator'] }), ok: 404 },
  removeStaff: { method: 'DELETE', path: () => `${tenantBase}/staff/absent`, ok: 404 },
  listOrigins: { method: 'GET', path: () => `${tenantBase}/origins`, ok: 200 },
  addOrigin: { method: 'POST', path: () => `${tenantBase}/origins`, json: () => ({ list: 'staff', origin: 'https://intranet.montjoli.fr' }), ok: 200 },
  // Not listed: the 400 proves the role check let the caller through.
  removeOrigin: { method: 'DELETE', path: () => `${tenantBase}/origins`, json: () => ({ list: 'staff', origin: 'https://absent.montjoli.fr' }), ok: 400 },
  listPartnersAsStaff: { method: 'GET', path: () => `${tenantBase}/settings/partners`, ok: 200 },
  addPartner: {
    method: 'POST',
    path: () => `${tenantBase}/settings/partners`,
    json: () => ({ name: 'CCI', helpsWith: { fr: 'Financement' }, email: 'aide@cci.example' }),
    ok: 201,
  },
  // No such partner: the 404 proves the role check let the caller through.
  updatePartner: { method: 'PATCH', path: () => `${tenantBase}/settings/partners/AAAAAAAAAAAA`, json: () => ({ name: 'CMA' }), ok: 404 },
  removePartner: { method: 'DELETE', path: () => `${tenantBase}/settings/partners/AAAAAAAAAAAA`, ok: 404 },
});

describe('staff roles: each staff operation × each caller', () => {
  let t: TestApp;
  let consultation: Consultation;
  const callers: Record<string, { token?: string; expect: (op: keyof typeof STAFF_OPERATIONS, ok: number) => number }> = {};

  before(async () => {
    t = await createTestApp();
    consultation = await t.addConsultation({ settings: VOTE_SETTINGS });
    for (const role of STAFF_ROLES) {
      const { token } = await signUpStaff(t, `${role}@montjoli.fr`, [role]);
      callers[role] = { token, expect: (op, ok) => (grants([role], STAFF_OPERATIONS[op]) ? ok : 403) };
    }
    const both = await signUpStaff(t, 'answerer-moderator@montjoli.fr', ['answerer', 'moderator']);
    callers['answerer+moderator'] = { token: both.token, expect: (op, ok) => (grants(['answerer', 'moderator'], STAFF_OPERATIONS[op]) ? ok : 403) };
    callers['signed out'] = { expect: () => 401 };
    callers.citizen = { token: (await t.signUp()).token, expect: () => 403 };
    await t.store.tenants.upsert({ id: 'voisine', name: 'Voisine', allowedOrigins: ['https://voisine.fr'], quartiers: [], createdAt: 0 });
    const neighbour = await signUpStaff(t, 'admin@voisine.fr', ['admin'], 'voisine');
    callers["other tenant's admin"] = { token: neighbour.token, expect: () => 403 };
  });
  after(() => t.close());

  test('the table covers every operation of STAFF_OPERATIONS, and the roles match the documented table', () => {
    assert.deepEqual(Object.keys(OPERATIONS(t)).sort(), Object.keys(STAFF_OPERATIONS).sort());
    const allowed = (op: keyof typeof STAFF_OPERATIONS) => STAFF_ROLES.filter((role: StaffRole) => grants([role], STAFF_OPERATIONS[op]));
    assert.deepEqual(allowed('createConsultation'), ['admin']);
    assert.deepEqual(allowed('getStatistics'), ['admin', 'moderator']);
    assert.deepEqual(allowed('reviewQuarantine'), ['admin', 'moderator']);
    assert.deepEqual(allowed('listAuditEvents'), ['admin']);
    assert.deepEqual(allowed('moderateProposal'), ['admin', 'moderator']);
    assert.deepEqual(allowed('publishAnswers'), ['admin', 'answerer']);
    assert.deepEqual(allowed('listProposalsForStaff'), ['admin', 'moderator', 'answerer']);
    assert.deepEqual(allowed('copyProposalsToBudget'), ['admin']);
    for (const op of ['listStaff', 'inviteStaff', 'updateStaffRoles', 'removeStaff', 'listOrigins', 'addOrigin', 'removeOrigin'] as const)
      assert.deepEqual(allowed(op), ['admin'], op);
  });

  test('each operation answers each caller as the table says', async () => {
    const failures: string[] = [];
    for (const [name, op] of Object.entries(OPERATIONS(t)) as [keyof typeof STAFF_OPERATIONS, Operation][]) {
      for (const [who, caller] of Object.entries(callers)) {
        const res = await t.call(op.method, op.path(consultation), { token: caller.token, json: op.json?.() });
        const expected = caller.expect(name, op.ok);
        if (res.status !== expected) failures.push(`${name} as ${who}: ${res.status} (expected ${expected}) ${JSON.stringify(res.body)}`);
        if (expected === 403 && res.body?.error?.code !== 'forbidden') failures.push(`${name} as ${who}: code ${res.body?.error?.code}`);
      }
    }
    assert.deepEqual(failures, []);
  });

  test('a refusal names the roles held and the role needed', async () => {
    const res = await t.call('POST', `${tenantBase}/consultations`, { token: callers.answerer.token, json: newConsultation(t.clock.now()) });
    assert.equal(res.status, 403);
    assert.match(res.body.error.message, /\(answerer\).*needs admin/);
  });

  test('getMe lists each tenant with the roles held there', async () => {
    const me = await t.call('GET', `${tenantBase}/me`, { token: callers['answerer+moderator'].token });
    assert.deepEqual(me.body.staffOf, [{ tenant: 'montjoli', roles: ['answerer', 'moderator'] }]);
    assert.deepEqual((await t.call('GET', `${tenantBase}/me`, { token: callers.citizen.token })).body.staffOf, []);
  });
});
