import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { signUpStaff, tenantBase } from '../testing/participation.ts';
import { createTestApp, TENANT, type TestApp } from '../testing/test-app.ts';

describe('the staff team over HTTP (admins)', () => {
  let t: TestApp;
  let admin: { token: string; id: string };
  before(async () => {
    t = await createTestApp();
    admin = await signUpStaff(t, 'maire@montjoli.fr', ['admin']);
  });
  after(() => t.close());

  const auditOf = (action: string) =>
    t.db.prepare(`SELECT * FROM audit_events WHERE action = ? ORDER BY id DESC LIMIT 1`).get(action) as Record<string, unknown> | undefined;

  test('an admin invites a moderator: an account with a single-use link in the outbox, the role stored, the invitation audited under the admin', async () => {
    const res = await t.call('POST', `${tenantBase}/staff`, { token: admin.token, json: { email: ' Agent.Modo@Montjoli.fr ', role: 'moderator' } });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.email, 'agent.modo@montjoli.fr');
    assert.deepEqual(res.body.roles, ['moderator']);
    assert.deepEqual(await t.store.tenants.staffRoles(TENANT, res.body.accountId), ['moderator']);
    assert.equal(t.count(`SELECT count(*) FROM outbox WHERE to_address = ?`, 'agent.modo@montjoli.fr'), 1);
    const event = auditOf('staff invite')!;
    assert.equal(event.actor, 'staff');
    assert.equal(event.account_id, admin.id);
    assert.equal(event.role, 'admin');
    assert.equal(event.target, `account:${res.body.accountId}`);

    const list = await t.call('GET', `${tenantBase}/staff`, { token: admin.token });
    assert.deepEqual(list.body.staff.map((m: { email: string; roles: string[] }) => [m.email, m.roles]).sort(), [
      ['agent.modo@montjoli.fr', ['moderator']],
      ['maire@montjoli.fr', ['admin']],
    ]);
  });

  test('an admin changes a member’s roles, audited with before and after; not an invitation, not their own admin role', async () => {
    const modo = await signUpStaff(t, 'modo2@montjoli.fr', ['moderator']);
    const res = await t.call('PUT', `${tenantBase}/staff/${modo.id}`, { token: admin.token, json: { roles: ['moderator', 'answerer'] } });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual((await t.store.tenants.staffRoles(TENANT, modo.id)).sort(), ['answerer', 'moderator']);
    const event = auditOf('staff roles')!;
    assert.deepEqual(JSON.parse(String(event.before)), { roles: ['moderator'] });
    assert.equal(event.account_id, admin.id);

    const citizen = await t.signUp('habitant@example.fr');
    const notStaff = await t.call('PUT', `${tenantBase}/staff/${citizen.id}`, { token: admin.token, json: { roles: ['admin'] } });
    assert.equal(notStaff.status, 404);
    assert.deepEqual(await t.store.tenants.staffRoles(TENANT, citizen.id), []);

    const self = await t.call('PUT', `${tenantBase}/staff/${admin.id}`, { token: admin.token, json: { roles: ['moderator'] } });
    assert.equal(self.status, 409);
    assert.equal(self.body.error.code, 'conflict');
    assert.deepEqual(await t.store.tenants.staffRoles(TENANT, admin.id), ['admin']);

    const unknownRole = await t.call('PUT', `${tenantBase}/staff/${modo.id}`, { token: admin.token, json: { roles: ['chef'] } });
    assert.equal(unknownRole.status, 400);
    assert.equal(unknownRole.body.error.code, 'validation_failed');
  });

  test('removing a member ends their staff power at once: roles gone, sessions revoked, audited', async () => {
    const modo = await signUpStaff(t, 'modo3@montjoli.fr', ['moderator']);
    assert.equal((await t.call('GET', `${tenantBase}/moderation/queue`, { token: modo.token })).status, 200);
    const res = await t.call('DELETE', `${tenantBase}/staff/${modo.id}`, { token: admin.token });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(await t.store.tenants.staffRoles(TENANT, modo.id), []);
    assert.equal((await t.call('GET', `${tenantBase}/moderation/queue`, { token: modo.token })).status, 401);
    assert.equal(auditOf('staff remove')!.target, `account:${modo.id}`);
    assert.equal((await t.call('DELETE', `${tenantBase}/staff/${modo.id}`, { token: admin.token })).status, 404, 'twice: not staff any more');
    assert.equal((await t.call('DELETE', `${tenantBase}/staff/${admin.id}`, { token: admin.token })).status, 409, 'not oneself');
  });

  test('a bad invitation is a 400 naming the field, and nothing is created', async () => {
    const res = await t.call('POST', `${tenantBase}/staff`, { token: admin.token, json: { email: 'pas-une-adresse', role: 'moderator' } });
    assert.equal(res.status, 400);
    assert.equal(res.body.error.issues[0].path, 'email');
    assert.equal(t.count(`SELECT count(*) FROM accounts WHERE email = ?`, 'pas-une-adresse'), 0);
  });
});
