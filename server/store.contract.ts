import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, test } from 'node:test';
import type { Account, AuthCode, AuthCodePurpose } from './accounts/accounts.store.ts';
import { EMPTY_PROFILE } from './accounts/accounts.store.ts';
import type { Consultation } from './consultations/consultations.store.ts';
import { DomainError } from './errors.ts';
import type { Store } from './store.ts';

/**
 * The behaviour every `Store` implementation must have, written against the interfaces only (no SQL).
 * The SQLite store runs it in `store.test.ts`; a PostgreSQL store would run the same suite.
 *
 * @example
 * storeContract('sqlite', async () => createSqliteStore(migratedDb()));
 */
export function storeContract(name: string, makeStore: () => Promise<Store>): void {
  describe(`store contract: ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await makeStore();
      await store.tenants.upsert({ id: 'ville', name: 'Ville', allowedOrigins: ['https://ville.fr'], quartiers: ['Nord'], createdAt: 1 });
    });
    afterEach(() => store.close());

    const account = (overrides: Partial<Account> = {}): Account => ({
      id: randomUUID(),
      email: `${randomUUID()}@example.fr`,
      emailVerifiedAt: null,
      passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$x$y',
      locale: 'fr',
      restrictedAt: null,
      objectedAt: null,
      createdAt: 1000,
      updatedAt: 1000,
      ...overrides,
    });

    const consultation = (overrides: Partial<Consultation> = {}): Consultation => ({
      id: randomUUID(),
      tenantId: 'ville',
      slug: `c-${randomUUID().slice(0, 8)}`,
      kind: 'vote',
      title: 'Titre',
      description: '',
      opensAt: 100,
      closesAt: 200,
      retentionEnd: 300,
      privacyNotice: { purposes: ['p'], recipients: ['r'], retention: '1 an' },
      allowAnonymous: true,
      stuffingPolicy: { requireVerifiedEmail: false, perIp: { max: 2, windowMinutes: 10 }, perPrefix: null },
      settings: { options: [{ id: 'a' }] },
      purgedAt: null,
      archivedAt: null,
      createdAt: 1,
      updatedAt: 1,
      ...overrides,
    });

    test('tenants: upsert updates in place; staff memberships', async () => {
      await store.tenants.upsert({ id: 'ville', name: 'Ville renommée', allowedOrigins: ['https://a.fr', 'https://b.fr'], quartiers: [], createdAt: 5 });
      const tenant = await store.tenants.get('ville');
      assert.equal(tenant?.name, 'Ville renommée');
      assert.deepEqual(tenant?.allowedOrigins, ['https://a.fr', 'https://b.fr']);
      assert.equal(await store.tenants.get('absente'), undefined);
      assert.deepEqual(
        (await store.tenants.list()).map((t) => t.id),
        ['ville'],
      );
      const a = account();
      await store.accounts.create(a);
      await store.tenants.addStaff({ tenantId: 'ville', accountId: a.id, role: 'moderator', createdAt: 2 });
      await store.tenants.addStaff({ tenantId: 'ville', accountId: a.id, role: 'moderator', createdAt: 3 });
      assert.equal(await store.tenants.isStaff('ville', a.id), true);
      assert.deepEqual(await store.tenants.staffMemberships(a.id), [{ tenantId: 'ville', accountId: a.id, role: 'moderator', createdAt: 2 }]);
      // Several roles per account; setting them replaces them all at once.
      await store.tenants.setStaffRoles('ville', a.id, ['answerer', 'admin', 'answerer'], 4);
      assert.deepEqual(await store.tenants.staffRoles('ville', a.id), ['admin', 'answerer']);
      assert.deepEqual(await store.tenants.listStaff('ville'), [{ accountId: a.id, roles: ['admin', 'answerer'] }]);
      assert.deepEqual(await store.tenants.staffRoles('absente', a.id), []);
      // Staff origins: stored, and kept when an upsert leaves them out.
      await store.tenants.upsert({ ...(await store.tenants.get('ville'))!, staffOrigins: ['https://console.ville.fr'] });
      await store.tenants.upsert({ id: 'ville', name: 'Ville', allowedOrigins: ['https://a.fr'], quartiers: [], createdAt: 5 });
      assert.deepEqual((await store.tenants.get('ville'))?.staffOrigins, ['https://console.ville.fr']);
      await store.tenants.setStaffRoles('ville', a.id, [], 5);
      assert.equal(await store.tenants.isStaff('ville', a.id), false);
      await store.tenants.addStaff({ tenantId: 'ville', accountId: a.id, role: 'admin', createdAt: 6 });
      await store.tenants.removeStaffMemberships(a.id);
      assert.equal(await store.tenants.isStaff('ville', a.id), false);
    });

    test('audit: filters and cursor, export by account, one former-staff number per erased actor, deletion by age', async () => {
      const [a, b] = [account(), account()];
      await store.accounts.create(a);
      await store.accounts.create(b);
      const event = (accountId: string | null, at: number, target = 'consultation:x') => ({
        tenantId: 'ville',
        accountId,
        actor: accountId ? ('staff' as const) : ('operator' as const),
        role: accountId ? ('admin' as const) : null,
        action: 'updateConsultation',
        target,
        before: { title: 'Avant' },
        after: null,
        createdAt: at,
      });
      for (const [who, at] of [
        [a.id, 10],
        [b.id, 20],
        [null, 30],
        [a.id, 40],
      ] as const)
        await store.audit.record(event(who, at));
      const page = await store.audit.list({ tenantId: 'ville', limit: 2 });
      assert.deepEqual(
        page.map((e) => e.createdAt),
        [40, 30],
      );
      assert.deepEqual(
        (await store.audit.list({ tenantId: 'ville', beforeId: page[1].id, limit: 10 })).map((e) => e.createdAt),
        [20, 10],
      );
      assert.equal((await store.audit.list({ tenantId: 'ville', actor: 'operator', limit: 10 })).length, 1);
      assert.equal((await store.audit.list({ tenantId: 'ville', actor: a.id, from: 10, to: 40, limit: 10 })).length, 1);
      assert.deepEqual((await store.audit.listByAccount(a.id))[0].before, { title: 'Avant' });
      assert.equal(await store.audit.anonymiseActor(a.id, 50), 1);
      assert.equal(await store.audit.anonymiseActor(b.id, 50), 2);
      assert.equal(await store.audit.anonymiseActor(b.id, 50), null, 'nothing left to unlink: no new number');
      assert.deepEqual(
        (await store.audit.list({ tenantId: 'ville', limit: 10 })).map((e) => `${e.actor}:${e.formerStaffNumber}`),
        ['former_staff:1', 'operator:null', 'former_staff:2', 'former_staff:1'],
      );
      assert.equal(await store.audit.deleteUpTo(20), 2);
      assert.equal((await store.audit.list({ tenantId: 'ville', limit: 10 })).length, 2);
    });

    test('consultations: by id and slug, JSON fields round-trip, purge bookkeeping', async () => {
      const c = consultation({ retentionEnd: 50 });
      await store.consultations.insert(c);
      assert.deepEqual(await store.consultations.get(c.id), c);
      assert.deepEqual(await store.consultations.getBySlug('ville', c.slug), c);
      await store.consultations.update({ ...c, title: 'Nouveau', settings: { x: [1, 2] }, updatedAt: 9 });
      assert.equal((await store.consultations.get(c.id))?.title, 'Nouveau');
      assert.deepEqual((await store.consultations.get(c.id))?.settings, { x: [1, 2] });
      assert.equal((await store.consultations.listByTenant('ville')).length, 1);
      assert.deepEqual(
        (await store.consultations.listDueForPurge(49)).map((x) => x.id),
        [],
      );
      assert.deepEqual(
        (await store.consultations.listDueForPurge(50)).map((x) => x.id),
        [c.id],
      );
      await store.consultations.markPurged(c.id, 51);
      assert.deepEqual(await store.consultations.listDueForPurge(60), []);
    });

    test('accounts: unique email as email_taken, profile defaults and saves, delete cascades', async () => {
      const a = account();
      await store.accounts.create(a);
      await assert.rejects(store.accounts.create(account({ email: a.email })), (e: Error) => e instanceof DomainError && e.code === 'email_taken');
      assert.deepEqual(await store.accounts.getProfile(a.id), EMPTY_PROFILE);
      const profile = { ...EMPTY_PROFILE, pseudonym: 'Pseudo', birthYear: 1970, showAge: true };
      await store.accounts.saveProfile(a.id, profile);
      assert.deepEqual(await store.accounts.getProfile(a.id), profile);
      await store.accounts.update({ ...a, locale: 'en', restrictedAt: 7 });
      assert.equal((await store.accounts.get(a.id))?.restrictedAt, 7);
      assert.equal((await store.accounts.getByEmail(a.email))?.locale, 'en');
      await store.accounts.insertSession({ tokenHash: 'h1', accountId: a.id, persistent: false, staff: false, createdAt: 1, expiresAt: 10, lastUsedAt: 1 });
      await store.accounts.delete(a.id);
      assert.equal(await store.accounts.get(a.id), undefined);
      assert.equal(await store.accounts.getSession('h1'), undefined);
    });

    test('sessions: expiry sweep, revoke all but one', async () => {
      const a = account();
      await store.accounts.create(a);
      for (const [hash, expiresAt] of [
        ['s1', 10],
        ['s2', 20],
        ['s3', 30],
      ] as const) {
        await store.accounts.insertSession({
          tokenHash: hash,
          accountId: a.id,
          persistent: true,
          staff: hash === 's2',
          createdAt: 1,
          expiresAt,
          lastUsedAt: 1,
        });
      }
      assert.equal(await store.accounts.deleteExpiredSessions(10), 1);
      assert.equal((await store.accounts.getSession('s2'))?.staff, true);
      assert.equal((await store.accounts.getSession('s3'))?.staff, false);
      await store.accounts.deleteSessions(a.id, 's3');
      assert.deepEqual(
        (await store.accounts.listSessions(a.id)).map((s) => s.tokenHash),
        ['s3'],
      );
      await store.accounts.touchSession('s3', 5);
      assert.equal((await store.accounts.getSession('s3'))?.lastUsedAt, 5);
    });

    test('auth codes: single use, unexpired, unrevoked; issuing or using one revokes the older ones of its purpose; wrong tries', async () => {
      const a = account();
      const code = (lookup: string, purpose: AuthCodePurpose, createdAt: number): AuthCode => ({
        codeHash: `h-${lookup}`,
        lookup,
        accountId: a.id,
        purpose,
        email: a.email,
        failedAttempts: 0,
        createdAt,
        expiresAt: createdAt + 100,
        usedAt: null,
        revokedAt: null,
      });
      const mail = (n: number) => ({ messageId: `<m${n}@civique>`, accountId: a.id, to: a.email, subject: 's', body: 'b', createdAt: 1 });
      await store.accounts.create(a, { code: code('c1', 'verify_email', 1), mail: mail(1) });
      assert.equal((await store.outbox.listForAccount(a.id)).length, 1);
      assert.equal((await store.accounts.findAuthCode('c1'))?.email, a.email);
      assert.equal(await store.accounts.useAuthCode('c1', 101), undefined, 'expired');
      assert.equal((await store.accounts.useAuthCode('c1', 2))?.accountId, a.id);
      assert.equal(await store.accounts.useAuthCode('c1', 3), undefined, 'used');

      await store.accounts.issueAuthCodes([{ code: code('r1', 'reset_password', 4), mail: mail(2) }]);
      await store.accounts.issueAuthCodes([
        { code: code('r2', 'reset_password', 5), mail: mail(3) },
        { code: code('v2', 'verify_email', 5), mail: mail(4) },
      ]);
      assert.equal(await store.accounts.useAuthCode('r1', 6), undefined, 'revoked by the newer reset code');
      assert.deepEqual((await store.accounts.liveAuthCodes(a.id, ['reset_password', 'verify_email'], 6)).map((c) => c.lookup).sort(), ['r2', 'v2']);
      for (let i = 0; i < 4; i++) await store.accounts.recordFailedAttempt('v2', 5, 6);
      assert.equal((await store.accounts.findAuthCode('v2'))?.revokedAt, null);
      await store.accounts.recordFailedAttempt('v2', 5, 7);
      assert.equal((await store.accounts.findAuthCode('v2'))?.revokedAt, 7);
      assert.equal(await store.accounts.useAuthCode('v2', 8), undefined, 'dead after 5 wrong tries');
      assert.equal(await store.accounts.revokeAuthCodes(a.id, ['reset_password'], 9), 1);
      assert.equal(await store.accounts.deleteExpiredAuthCodes(9), 4);
    });

    test('rate limits: counting within a window, a new window, block and reset', async () => {
      assert.equal((await store.rateLimits.increment('k', 1000, 100)).count, 1);
      assert.equal((await store.rateLimits.increment('k', 1050, 100)).count, 2);
      assert.equal((await store.rateLimits.increment('k', 1200, 100)).count, 1, 'the window ended');
      await store.rateLimits.block('k', 5000);
      assert.equal((await store.rateLimits.get('k'))?.blockedUntil, 5000);
      assert.equal(await store.rateLimits.deleteExpired(4000), 0, 'still blocked');
      assert.equal(await store.rateLimits.deleteExpired(6000), 1);
      await store.rateLimits.increment('j', 1, 10);
      await store.rateLimits.reset('j');
      assert.equal(await store.rateLimits.get('j'), undefined);
    });

    test('stuffing: keys and traces, counting bounded by since and limit, erasure', async () => {
      const key = await store.stuffing.insertKey(Buffer.alloc(32, 1), 100);
      const h = (n: number) => Buffer.alloc(16, n);
      for (let i = 0; i < 5; i++) {
        await store.stuffing.insertTrace({
          scope: 's',
          participationKind: 'survey_response',
          participationId: `p${i}`,
          accountId: null,
          keyId: key.id,
          ipHash: h(1),
          prefixHash: h(2),
          createdAt: 100 + i,
        });
      }
      assert.equal(await store.stuffing.countRecent('s', 'survey_response', 'ip', [h(1)], 0, 100), 5);
      assert.equal(await store.stuffing.countRecent('s', 'survey_response', 'ip', [h(1)], 0, 3), 3, 'bounded by limit');
      assert.equal(await store.stuffing.countRecent('s', 'survey_response', 'ip', [h(1)], 103, 100), 2, 'since');
      assert.equal(await store.stuffing.countRecent('s', 'survey_response', 'prefix', [h(2), h(9)], 0, 100), 5);
      assert.equal(await store.stuffing.countRecent('other', 'survey_response', 'ip', [h(1)], 0, 100), 0);
      assert.equal(await store.stuffing.countRecent('s', 'consent', 'ip', [h(1)], 0, 100), 0, 'only traces of the kind asked for');
      // Scopes sorting before and after 's' (a consultation, a proposal under one): the erasure walks every scope.
      for (const [scope, createdAt] of [
        ['a', 99],
        ['a', 103],
        ['z/p', 101],
        ['z/p', 102],
      ] as const) {
        await store.stuffing.insertTrace({
          scope,
          participationKind: 'survey_response',
          participationId: `${scope}-${createdAt}`,
          accountId: null,
          keyId: key.id,
          ipHash: h(1),
          prefixHash: h(2),
          createdAt,
        });
      }
      assert.equal(await store.stuffing.deleteBefore(102), 4, 'in every scope, only what is older');
      assert.equal(await store.stuffing.countRecent('a', 'survey_response', 'ip', [h(1)], 0, 100), 1);
      assert.equal(await store.stuffing.countRecent('z/p', 'survey_response', 'ip', [h(1)], 0, 100), 1);
      await store.stuffing.retireKey(key.id, 200);
      assert.equal((await store.stuffing.liveKeys())[0].retiredAt, 200);
      const limiterKey = await store.stuffing.insertKey(Buffer.alloc(32, 2), 150, 'rate-limit');
      assert.deepEqual(
        (await store.stuffing.liveKeys('rate-limit')).map((k) => k.id),
        [limiterKey.id],
        'keys are per purpose',
      );
      await store.rateLimits.increment('counted', 150, 1000, limiterKey.id);
      assert.equal(await store.stuffing.destroyKeysCreatedBefore(100), 0, 'by creation, not retirement');
      assert.equal(await store.stuffing.destroyKeysCreatedBefore(101), 1);
      assert.deepEqual(await store.stuffing.liveKeys(), []);
      assert.equal(await store.stuffing.countRecent('s', 'survey_response', 'ip', [h(1)], 0, 100), 3, 'traces outlive their key, unlinkable');
      assert.ok(await store.rateLimits.get('counted'));
      assert.equal(await store.stuffing.destroyKeysCreatedBefore(151), 1);
      assert.equal(await store.rateLimits.get('counted'), undefined, 'counters of a destroyed key go with it');
    });

    test('participations: one writer; traces counted, added and removed inside its transaction; synchronous FULL', async () => {
      const c = consultation();
      await store.consultations.insert(c);
      const key = await store.stuffing.insertKey(Buffer.alloc(32, 3), 100);
      const fingerprint = {
        keyId: key.id,
        ipHash: Buffer.alloc(16, 1),
        prefixHash: Buffer.alloc(16, 2),
        siteHash: Buffer.alloc(16, 4),
        lookup: { ip: [Buffer.alloc(16, 1)], prefix: [Buffer.alloc(16, 2)], site: [Buffer.alloc(16, 4)] },
      };
      const ids = await Promise.all(
        [1, 2, 3].map((id) =>
          store.participations.write((tx) => {
            tx.addTrace({ kind: 'ballot', participationId: id, scope: c.id, accountId: null, fingerprint, createdAt: 100 + id });
            return id;
          }),
        ),
      );
      assert.deepEqual(ids, [1, 2, 3]);
      const count = (since: number, limit = 100) => store.participations.write((tx) => tx.countRecentTraces(c.id, 'ip', [Buffer.alloc(16, 1)], since, limit));
      assert.equal(await count(0), 3);
      assert.equal(await count(0, 2), 2, 'bounded by limit');
      assert.equal(await count(103), 1, 'since');
      assert.equal(
        await store.participations.write((tx) => tx.countRecentTraces(c.id, 'site', [Buffer.alloc(16, 4)], 0, 100)),
        3,
        'the IPv6 site hash is stored and counted',
      );
      await store.participations.write((tx) => tx.removeTraces('ballot', 2));
      assert.equal(await count(0), 2);
      await store.stuffing.deleteForScope(c.id);
      assert.equal(await count(0), 0, 'a deletion outside the writer is seen at once');
      await assert.rejects(
        store.participations.write(() => {
          throw new DomainError('refused', 'no');
        }),
        (error: DomainError) => error.code === 'refused',
      );
      assert.equal(await store.participations.synchronous(), 'FULL');
    });

    test('ballots and survey responses: rows and counters written through the writer, read back, unlinked', async () => {
      const vote = consultation();
      const survey = consultation({ kind: 'survey', settings: {} });
      await store.consultations.insert(vote);
      await store.consultations.insert(survey);
      const a = account();
      await store.accounts.create(a);
      const ballot = {
        id: 0,
        consultationId: vote.id,
        accountId: a.id,
        participantHash: null,
        district: null,
        choice: ['a', 'b'],
        status: 'accepted' as const,
        reasons: [],
        castAt: 150,
        updatedAt: 150,
        reviewedAt: null,
      };
      ballot.id = await store.participations.write(() => {
        const id = store.ballots.rows.insert(ballot)!;
        store.ballots.rows.count({ ...ballot, id }, 1);
        return id;
      });
      assert.ok(ballot.id > 0);
      assert.equal(
        await store.participations.write(() => store.ballots.rows.insert({ ...ballot, choice: ['b'] })),
        undefined,
        'a second ballot of the same account is refused by the insert, which writes nothing',
      );
      assert.deepEqual(await store.ballots.getForParticipant(vote.id, { accountId: a.id, participantHash: null }), ballot);
      assert.deepEqual(await store.ballots.tallies(vote.id), await store.ballots.recount(vote.id), 'counters agree with a recount');
      await store.participations.write(() => store.ballots.rows.update({ ...ballot, status: 'quarantined', reasons: ['ip_cap'] }));
      assert.deepEqual(
        (await store.ballots.listQuarantined(vote.id, 0, 10)).map((b) => b.id),
        [ballot.id],
      );
      await store.ballots.unlinkAccount(a.id);
      assert.deepEqual(await store.ballots.listForAccount(a.id), []);
      await store.participations.write(() => store.ballots.rows.remove({ ...ballot, accountId: null }));
      assert.equal(store.ballots.rows.byId(vote.id, ballot.id), undefined);

      const hash = Buffer.alloc(32, 7);
      const response = {
        id: 0,
        consultationId: survey.id,
        accountId: null,
        participantHash: hash,
        answers: { q1: 'oui', q2: 'un texte libre' },
        profile: null,
        tally: [{ questionId: 'q1', value: 'oui', first: 0, points: 0 }],
        status: 'accepted' as const,
        reasons: [],
        submittedAt: 150,
        updatedAt: 150,
        reviewedAt: null,
      };
      response.id = await store.participations.write(() => {
        const id = store.surveys.rows.insert(response)!;
        store.surveys.rows.count({ ...response, id }, 1);
        return id;
      });
      assert.ok(response.id > 0);
      assert.equal(
        await store.participations.write(() => store.surveys.rows.insert({ ...response, answers: { q1: 'non' } })),
        undefined,
        'a second response of the same anonymous participant is refused by the insert, which writes nothing',
      );
      assert.deepEqual(await store.surveys.getForParticipant(survey.id, { accountId: null, participantHash: hash }), response);
      assert.deepEqual(await store.surveys.tallies(survey.id), await store.surveys.recount(survey.id));
      assert.equal((await store.surveys.tallies(survey.id)).counted, 1);
      await store.surveys.purgeConsultation(survey.id);
      assert.equal(await store.surveys.getForParticipant(survey.id, { accountId: null, participantHash: hash }), undefined, 'unlinked at retention end');
    });

    test('statistics: profile counts of counted participants only, per processing flags; frozen statistics kept', async () => {
      const vote = consultation();
      await store.consultations.insert(vote);
      const cast = async (a: Account, status: 'accepted' | 'quarantined') => {
        const ballot = {
          id: 0,
          consultationId: vote.id,
          accountId: a.id,
          participantHash: null,
          district: null,
          choice: ['a'],
          status,
          reasons: [],
          castAt: 150,
          updatedAt: 150,
          reviewedAt: null,
        };
        await store.participations.write(() => {
          const id = store.ballots.rows.insert(ballot)!;
          store.ballots.rows.count({ ...ballot, id }, 1);
        });
      };
      const young = account();
      const objecting = account({ objectedAt: 500 });
      const held = account();
      for (const a of [young, objecting, held]) {
        await store.accounts.create(a);
        await store.accounts.saveProfile(a.id, { ...EMPTY_PROFILE, birthYear: 1990, quartier: 'Nord' });
      }
      await cast(young, 'accepted');
      await cast(objecting, 'accepted');
      await cast(held, 'quarantined');
      const { participants, counts } = await store.stats.profileCounts(vote.id, 'ballots');
      assert.equal(participants, 2, 'the quarantined ballot does not count');
      const quartier = counts
        .filter((c) => c.dimension === 'quartier')
        .map((c) => [c.value, c.count, c.objected])
        .sort();
      assert.deepEqual(
        quartier,
        [
          ['Nord', 1, false],
          ['Nord', 1, true],
        ],
        'grouped per processing flags, for the service to judge',
      );
      assert.equal(
        counts.some((c) => c.dimension === 'gender'),
        false,
        'a field nobody gave is absent',
      );

      assert.equal(await store.stats.frozen(vote.id), undefined);
      await store.stats.freeze(vote.id, { participants: 2, groups: ['Nord'] }, 300);
      assert.deepEqual(await store.stats.frozen(vote.id), { participants: 2, groups: ['Nord'] });
    });

    test('consent proofs: kept with their trace, read per consent id and viewer, erased per id, account and age', async () => {
      const a = account();
      await store.accounts.create(a);
      const trace = (id: string, createdAt: number) => ({
        scope: 'ville',
        participationKind: 'consent',
        participationId: id,
        accountId: null,
        keyId: null,
        ipHash: Buffer.alloc(16, 1),
        prefixHash: Buffer.alloc(16, 2),
        siteHash: null,
        createdAt,
      });
      const proof = (id: string, overrides: Record<string, unknown> = {}) => ({
        id,
        tenantId: 'ville',
        consentId: 'cid-1',
        accountId: null,
        action: 'accept_all' as const,
        choices: { audience: true },
        configVersion: 'v1',
        textHash: 'h',
        locale: 'fr' as const,
        pageOrigin: 'https://ville.fr',
        quarantined: false,
        createdAt: 100,
        ...overrides,
      });
      await store.consent.insert(proof('p1'), trace('p1', 100));
      await store.consent.insert(proof('p2', { action: 'refuse_all', choices: { audience: false }, createdAt: 200 }), trace('p2', 200));
      await store.consent.insert(proof('p3', { accountId: a.id, createdAt: 300 }), { ...trace('p3', 300), accountId: a.id });
      const all = await store.consent.listByConsentId('ville', 'cid-1');
      assert.deepEqual(
        all.map((r) => r.id),
        ['p1', 'p2', 'p3'],
        'oldest first',
      );
      assert.deepEqual(all[0].choices, { audience: true });
      assert.deepEqual(all[0].ipTrace?.ipHash, Buffer.alloc(16, 1));
      assert.deepEqual(
        (await store.consent.listByConsentId('ville', 'cid-1', null)).map((r) => r.id),
        ['p1', 'p2'],
        'a visitor does not see the account’s record',
      );
      assert.deepEqual(
        (await store.consent.listByConsentId('ville', 'cid-1', a.id)).map((r) => r.id),
        ['p1', 'p2', 'p3'],
      );
      assert.deepEqual(await store.consent.listByConsentId('autre', 'cid-1'), [], 'another tenant sees nothing');
      assert.deepEqual(
        (await store.consent.listForAccount(a.id)).map((r) => r.id),
        ['p3'],
      );

      assert.equal(await store.consent.deleteBefore(150), 1);
      assert.equal(await store.consent.deleteByConsentId('ville', 'cid-1', null), 1, 'the visitor erases only what is not an account’s');
      assert.equal(await store.consent.deleteForAccount(a.id), 1);
      assert.deepEqual(await store.consent.listByConsentId('ville', 'cid-1'), []);
      assert.deepEqual(await store.stuffing.listForAccount(a.id), [], 'the traces went with the records');
    });

    test('outbox: due order, retries, sent, failed, cleanup', async () => {
      const mail = (n: number) => ({ messageId: `<${n}@civique>`, accountId: null, to: `${n}@x.fr`, subject: 's', body: 'b', createdAt: n });
      await store.outbox.enqueue(mail(1));
      await store.outbox.enqueue(mail(2));
      const due = await store.outbox.listDue(10, 10);
      assert.deepEqual(
        due.map((m) => m.messageId),
        ['<1@civique>', '<2@civique>'],
      );
      await store.outbox.markAttemptFailed(due[0].id, 'boom', 50);
      assert.deepEqual(
        (await store.outbox.listDue(10, 10)).map((m) => m.messageId),
        ['<2@civique>'],
      );
      await store.outbox.markSent(due[1].id, 20);
      assert.deepEqual(
        (await store.outbox.listDue(60, 10)).map((m) => [m.messageId, m.attempts]),
        [['<1@civique>', 1]],
      );
      await store.outbox.markAttemptFailed(due[0].id, 'boom', null);
      assert.deepEqual(await store.outbox.listDue(1e9, 10), []);
      assert.equal(await store.outbox.deleteFinishedBefore(21), 2);
    });

    test('rights log: pending, completed, unlinked', async () => {
      const a = account();
      await store.accounts.create(a);
      await store.rights.insert({ id: 'r1', accountId: a.id, tenantId: null, kind: 'erasure', receivedAt: 1, dueAt: 2, completedAt: null });
      assert.deepEqual(
        (await store.rights.listPending()).map((r) => r.id),
        ['r1'],
      );
      await store.rights.complete('r1', 3);
      assert.deepEqual(await store.rights.listPending(), []);
      await store.rights.unlinkAccount(a.id);
      assert.deepEqual(await store.rights.listForAccount(a.id), []);
      await store.rights.compact();
    });

    test('proposals: accent-insensitive search in titles and texts, filters, keyset pages newest first and answered first', async () => {
      const c = consultation({ kind: 'proposals', settings: {} });
      await store.consultations.insert(c);
      const titles = ['Rénover la halle', 'Une école ouverte', 'Des arbres rue Haute', 'Rénovation du lavoir', 'Piste cyclable'];
      for (const [i, title] of titles.entries()) {
        const id = `prop-${i}-abcdef`;
        await store.proposals.insert({
          id,
          consultationId: c.id,
          accountId: null,
          participantHash: null,
          title,
          text: i === 2 ? 'Planter des érables.' : 'Texte.',
          category: i % 2 ? 'a' : 'b',
          quartier: null,
          imageId: null,
          contactConsent: false,
          returnUrl: 'https://ville.fr/idees',
          createdAt: 1000 + i,
        });
        await store.moderation.register({
          tenantId: 'ville',
          kind: 'proposal',
          targetId: id,
          authorId: null,
          state: i === 4 ? 'submitted' : 'published',
          now: 1,
        });
      }
      const list = async (f: Partial<Parameters<Store['proposals']['list']>[2]> = {}) =>
        (await store.proposals.list('ville', c.id, { publishedOnly: true, sort: 'newest', limit: 10, ...f })).map((p) => p.title);
      assert.deepEqual(await list(), ['Rénovation du lavoir', 'Des arbres rue Haute', 'Une école ouverte', 'Rénover la halle']);
      assert.deepEqual(await list({ q: 'renov' }), ['Rénovation du lavoir', 'Rénover la halle']);
      assert.deepEqual(await list({ q: 'ECOLE' }), ['Une école ouverte']);
      assert.deepEqual(await list({ q: 'erables' }), ['Des arbres rue Haute'], 'texts are searched');
      assert.deepEqual(await list({ q: 'cyclable' }), [], 'unpublished proposals are never found');
      assert.deepEqual(await list({ q: 'renov', category: 'b' }), ['Rénover la halle']);
      const first = await store.proposals.list('ville', c.id, { publishedOnly: true, sort: 'newest', limit: 2 });
      const last = first.at(-1)!;
      assert.deepEqual(await list({ after: { key: store.proposals.sortKey(last, 'newest'), seq: last.seq } }), ['Une école ouverte', 'Rénover la halle']);
      assert.deepEqual((await list({ publishedOnly: false })).length, 5);
      // Answered first, most recent answer first, then the others newest first; pages follow the same order.
      for (const [id, at] of [
        ['prop-0-abcdef', 5000],
        ['prop-2-abcdef', 6000],
      ] as const) {
        await store.proposals.saveDraft(id, { status: 'accepted', text: 'Oui', answeringBody: 'Conseil', by: null, updatedAt: at });
        assert.deepEqual(await store.proposals.publishAnswers([{ proposalId: id, mails: [], subscriptions: [] }], at), [id]);
      }
      const answered = ['Des arbres rue Haute', 'Rénover la halle', 'Rénovation du lavoir', 'Une école ouverte'];
      assert.deepEqual(await list({ sort: 'answered' }), answered);
      for (const size of [1, 2, 3]) {
        const top = await store.proposals.list('ville', c.id, { publishedOnly: true, sort: 'answered', limit: size });
        const cursor = { key: store.proposals.sortKey(top.at(-1)!, 'answered'), seq: top.at(-1)!.seq };
        assert.deepEqual(await list({ sort: 'answered', after: cursor }), answered.slice(size), `after ${size}`);
      }
      assert.deepEqual(await list({ answer: 'accepted', q: 'halle' }), ['Rénover la halle']);
    });
  });
}
