import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { MINUTE, HOUR, DAY } from '../clock.ts';
import { codeFromMail, createTestApp, GOOD_PASSWORD, RETURN_URL, TENANT, type TestApp } from '../testing/test-app.ts';
import { hashPassword, needsRehash, passwordProblem } from './passwords.ts';

const base = `/v1/tenants/${TENANT}`;

describe('sign-up', () => {
  let t: TestApp;
  before(async () => (t = await createTestApp()));
  after(() => t.close());

  test('creates the account, signs in at once and mails a confirmation link back to the host page', async () => {
    const res = await t.call('POST', `${base}/auth/sign-up`, {
      json: { email: '  Camille.Martin@Example.FR ', password: GOOD_PASSWORD, returnUrl: `${RETURN_URL}?tab=1#old` },
    });
    assert.equal(res.status, 201);
    assert.match(res.body.token, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(res.body.me.email, 'camille.martin@example.fr');
    assert.equal(res.body.me.emailVerified, false);
    await t.services.outboxWorker.runOnce();
    const mail = t.mailer.sent.at(-1)!;
    assert.equal(mail.to, 'camille.martin@example.fr');
    assert.match(mail.subject, /Confirmez votre adresse/);
    assert.ok(mail.text.includes(`${RETURN_URL}?tab=1#civique-verify=`), mail.text);

    const verify = await t.call('POST', `${base}/auth/verify-email`, { json: { code: codeFromMail(mail.text, 'verify') } });
    assert.equal(verify.status, 200);
    const me = await t.call('GET', `${base}/me`, { token: res.body.token });
    assert.equal(me.body.emailVerified, true);

    const again = await t.call('POST', `${base}/auth/verify-email`, { json: { code: codeFromMail(mail.text, 'verify') } });
    assert.equal(again.status, 400, 'a code is single-use');
    assert.equal(again.body.error.code, 'invalid_code');
  });

  test('stores the token only as its SHA-256 and the password only as an argon2id hash', async () => {
    const { token, id } = await t.signUp('hash@example.fr');
    const sessions = t.db.prepare('SELECT token_hash FROM sessions WHERE account_id = ?').all(id) as { token_hash: string }[];
    assert.equal(sessions.length, 1);
    assert.notEqual(sessions[0].token_hash, token);
    assert.match(sessions[0].token_hash, /^[0-9a-f]{64}$/);
    const row = t.db.prepare('SELECT password_hash FROM accounts WHERE id = ?').get(id) as { password_hash: string };
    assert.match(row.password_hash, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  test('refuses a short password, a common one dressed up, and one built from the email', async () => {
    for (const [password, code] of [
      ['court', 'validation_failed'],
      ['motdepasse2027!', 'weak_password'],
      ['Azertyuiop123', 'weak_password'],
      ['aaaaaaaaaaaaaaaa', 'weak_password'],
      ['dominique.durand-1984', 'weak_password'],
    ] as const) {
      const res = await t.call('POST', `${base}/auth/sign-up`, {
        json: { email: 'dominique.durand@example.fr', password, returnUrl: RETURN_URL },
      });
      assert.equal(res.status, 400, password);
      assert.equal(res.body.error.code, code, password);
      assert.equal(res.body.error.issues[0].path, 'password');
      if (code === 'weak_password') assert.match(res.body.error.issues[0].code, /^(common|contains_email)$/, password);
    }
    assert.equal(passwordProblem('Un vélo rouge sous la pluie', 'a@b.fr'), undefined);
  });

  test('refuses a taken email with 409 and a return page outside the tenant’s sites with 400', async () => {
    await t.signUp('taken@example.fr');
    const taken = await t.call('POST', `${base}/auth/sign-up`, {
      json: { email: 'TAKEN@example.fr', password: GOOD_PASSWORD, returnUrl: RETURN_URL },
    });
    assert.equal(taken.status, 409);
    assert.equal(taken.body.error.code, 'email_taken');
    const phishing = await t.call('POST', `${base}/auth/sign-up`, {
      json: { email: 'new@example.fr', password: GOOD_PASSWORD, returnUrl: 'https://evil.example/' },
    });
    assert.equal(phishing.status, 400);
    assert.equal(phishing.body.error.issues[0].path, 'returnUrl');
  });

  test('is rate limited per address', async () => {
    const ip = '203.0.113.200';
    let last;
    for (let i = 0; i < 11; i++) {
      last = await t.call('POST', `${base}/auth/sign-up`, {
        json: { email: `flood${i}@example.fr`, password: GOOD_PASSWORD, returnUrl: RETURN_URL },
        ip,
      });
    }
    assert.equal(last!.status, 429);
    assert.ok(Number(last!.headers.get('retry-after')) > 0);
  });
});

describe('sign-in', () => {
  let t: TestApp;
  before(async () => (t = await createTestApp()));
  after(() => t.close());

  test('answers an unknown email and a wrong password identically, after the same hash work', async () => {
    await t.signUp('known@example.fr');
    const unknown = await t.call('POST', `${base}/auth/sign-in`, { json: { email: 'nobody@example.fr', password: 'whatever-password' }, ip: '203.0.113.1' });
    const wrong = await t.call('POST', `${base}/auth/sign-in`, { json: { email: 'known@example.fr', password: 'whatever-password' }, ip: '203.0.113.2' });
    assert.equal(unknown.status, 401);
    assert.deepEqual(unknown.body, wrong.body);
    assert.deepEqual([...unknown.headers.entries()].filter(([k]) => k !== 'date'), [...wrong.headers.entries()].filter(([k]) => k !== 'date'));

    // Both paths verify one argon2id hash: their durations are of the same order.
    const time = async (email: string) => {
      const start = performance.now();
      for (let i = 0; i < 3; i++) {
        await t.call('POST', `${base}/auth/sign-in`, { json: { email, password: `wrong-${i}-password` }, ip: `203.0.113.${10 + i}` });
      }
      return performance.now() - start;
    };
    const [a, b] = [await time('nobody2@example.fr'), await time('known@example.fr')];
    assert.ok(Math.max(a, b) / Math.min(a, b) < 3, `unknown ${a.toFixed(1)} ms vs wrong ${b.toFixed(1)} ms`);
  });

  test('signs in with the right password, case-insensitive email, and returns a working bearer token', async () => {
    await t.signUp('right@example.fr');
    const res = await t.call('POST', `${base}/auth/sign-in`, { json: { email: 'Right@Example.fr', password: GOOD_PASSWORD } });
    assert.equal(res.status, 200);
    const me = await t.call('GET', `${base}/me`, { token: res.body.token });
    assert.equal(me.status, 200);
    assert.equal(me.body.email, 'right@example.fr');
    assert.equal(me.headers.get('set-cookie'), null, 'no cookies anywhere in the API');
  });

  test('blocks an email after 5 failures, whether or not it has an account, and the counter survives a restart', async () => {
    await t.signUp('victim@example.fr');
    for (const email of ['victim@example.fr', 'ghost@example.fr']) {
      for (let i = 0; i < 5; i++) {
        const res = await t.call('POST', `${base}/auth/sign-in`, { json: { email, password: 'nope-nope-nope' }, ip: `198.51.100.${i + 20}` });
        assert.equal(res.status, 401);
      }
      const blocked = await t.call('POST', `${base}/auth/sign-in`, { json: { email, password: GOOD_PASSWORD }, ip: '198.51.100.99' });
      assert.equal(blocked.status, 429, email);
      assert.equal(blocked.body.error.code, 'rate_limited');
      assert.ok(Number(blocked.headers.get('retry-after')) > 0);
    }
    // The counters are rows in SQLite, not memory: a new app on the same database still refuses.
    const rows = t.db.prepare("SELECT key FROM rate_limits WHERE key LIKE 'sign-in:email:%'").all() as { key: string }[];
    assert.ok(rows.length >= 2);
    assert.ok(rows.every((r) => !r.key.includes('@')), 'keys are hashes, not emails');
    t.clock.advance(16 * MINUTE);
    const later = await t.call('POST', `${base}/auth/sign-in`, { json: { email: 'victim@example.fr', password: GOOD_PASSWORD }, ip: '198.51.100.99' });
    assert.equal(later.status, 200);
  });

  test('blocks an address after 20 failures across emails', async () => {
    const ip = '192.0.2.250';
    for (let i = 0; i < 20; i++) {
      await t.call('POST', `${base}/auth/sign-in`, { json: { email: `spray${i}@example.fr`, password: 'nope-nope-nope' }, ip });
    }
    const res = await t.call('POST', `${base}/auth/sign-in`, { json: { email: 'other@example.fr', password: 'x' }, ip });
    assert.equal(res.status, 429);
  });

  test('re-hashes a password made with weaker parameters at the next sign-in', async () => {
    const { id } = await t.signUp('old-hash@example.fr');
    const weak = await hashPassword(GOOD_PASSWORD, { memoryCost: 8192, timeCost: 1, parallelism: 1 });
    t.db.prepare('UPDATE accounts SET password_hash = ? WHERE id = ?').run(weak, id);
    assert.equal(needsRehash(weak), true);
    const res = await t.call('POST', `${base}/auth/sign-in`, { json: { email: 'old-hash@example.fr', password: GOOD_PASSWORD } });
    assert.equal(res.status, 200);
    const row = t.db.prepare('SELECT password_hash FROM accounts WHERE id = ?').get(id) as { password_hash: string };
    assert.equal(needsRehash(row.password_hash), false);
  });
});

describe('sessions', () => {
  let t: TestApp;
  before(async () => (t = await createTestApp()));
  after(() => t.close());

  test('sign-out revokes the token', async () => {
    const { token } = await t.signUp();
    assert.equal((await t.call('POST', `${base}/auth/sign-out`, { token })).status, 204);
    const res = await t.call('GET', `${base}/me`, { token });
    assert.equal(res.status, 401);
    assert.equal(res.body.error.code, 'unauthenticated');
  });

  test('a browser session expires after 12 hours, a “rester connecté” one after 30 days', async () => {
    const short = await t.signUp('short@example.fr');
    const long = await t.call('POST', `${base}/auth/sign-in`, { json: { email: 'short@example.fr', password: GOOD_PASSWORD, remember: true } });
    t.clock.advance(13 * HOUR);
    assert.equal((await t.call('GET', `${base}/me`, { token: short.token })).status, 401);
    assert.equal((await t.call('GET', `${base}/me`, { token: long.body.token })).status, 200);
    t.clock.advance(30 * DAY);
    assert.equal((await t.call('GET', `${base}/me`, { token: long.body.token })).status, 401);
  });

  test('changing the password revokes the other sessions and keeps this one', async () => {
    const { token, email } = await t.signUp();
    const other = await t.call('POST', `${base}/auth/sign-in`, { json: { email, password: GOOD_PASSWORD } });
    const res = await t.call('POST', `${base}/me/password`, {
      token,
      json: { currentPassword: GOOD_PASSWORD, newPassword: 'Une autre phrase de passe 2027' },
    });
    assert.equal(res.status, 204);
    assert.equal((await t.call('GET', `${base}/me`, { token })).status, 200);
    assert.equal((await t.call('GET', `${base}/me`, { token: other.body.token })).status, 401);
  });

  test('a wrong current password is refused with 403 wrong_password, and the session stays valid', async () => {
    const { token } = await t.signUp();
    const res = await t.call('POST', `${base}/me/password`, {
      token,
      json: { currentPassword: 'not the right one', newPassword: 'Une autre phrase de passe 2027' },
    });
    assert.equal(res.status, 403);
    assert.equal(res.body.error.code, 'wrong_password');
    assert.equal(res.body.error.issues[0].path, 'currentPassword');
    assert.equal((await t.call('GET', `${base}/me`, { token })).status, 200);
  });

  test('a missing or malformed token is a 401 in the error shape', async () => {
    for (const authorization of [undefined, 'Bearer short', 'Basic abc', `Bearer ${'x'.repeat(43)}`]) {
      const res = await t.call('GET', `${base}/me`, { headers: authorization ? { authorization } : {} });
      assert.equal(res.status, 401, String(authorization));
      assert.equal(res.body.error.code, 'unauthenticated');
    }
  });
});

describe('password reset', () => {
  let t: TestApp;
  before(async () => (t = await createTestApp()));
  after(() => t.close());

  test('answers the same for a known and an unknown email, and mails only the known one', async () => {
    await t.signUp('forgot@example.fr');
    await t.services.outboxWorker.runOnce();
    const before = t.mailer.sent.length;
    const known = await t.call('POST', `${base}/auth/password-reset-request`, { json: { email: 'forgot@example.fr', returnUrl: RETURN_URL } });
    const unknown = await t.call('POST', `${base}/auth/password-reset-request`, { json: { email: 'nobody@example.fr', returnUrl: RETURN_URL } });
    assert.equal(known.status, 202);
    assert.deepEqual(known.body, unknown.body);
    await t.services.outboxWorker.runOnce();
    assert.equal(t.mailer.sent.length, before + 1);
    assert.equal(t.mailer.sent.at(-1)!.to, 'forgot@example.fr');
  });

  test('the mailed code sets a new password once, within 30 minutes, and revokes every session', async () => {
    const { token } = await t.signUp('reset@example.fr');
    await t.call('POST', `${base}/auth/password-reset-request`, { json: { email: 'reset@example.fr', returnUrl: RETURN_URL } });
    await t.services.outboxWorker.runOnce();
    const code = codeFromMail(t.mailer.sent.at(-1)!.text, 'reset');
    const newPassword = 'Nouvelle phrase de passe du lundi';
    assert.equal((await t.call('POST', `${base}/auth/password-reset`, { json: { code, newPassword } })).status, 200);
    assert.equal((await t.call('GET', `${base}/me`, { token })).status, 401);
    assert.equal((await t.call('POST', `${base}/auth/password-reset`, { json: { code, newPassword } })).status, 400);
    const signIn = await t.call('POST', `${base}/auth/sign-in`, { json: { email: 'reset@example.fr', password: newPassword } });
    assert.equal(signIn.status, 200);

    await t.call('POST', `${base}/auth/password-reset-request`, { json: { email: 'reset@example.fr', returnUrl: RETURN_URL } });
    await t.services.outboxWorker.runOnce();
    const late = codeFromMail(t.mailer.sent.at(-1)!.text, 'reset');
    t.clock.advance(31 * MINUTE);
    const expired = await t.call('POST', `${base}/auth/password-reset`, { json: { code: late, newPassword: 'Encore une autre phrase longue' } });
    assert.equal(expired.status, 400);
    assert.equal(expired.body.error.code, 'invalid_code');
  });

  test('mails in English to a citizen who chose English', async () => {
    await t.call('POST', `${base}/auth/sign-up`, {
      json: { email: 'anglais@example.fr', password: GOOD_PASSWORD, returnUrl: RETURN_URL, locale: 'en' },
    });
    await t.services.outboxWorker.runOnce();
    assert.match(t.mailer.sent.at(-1)!.subject, /^Confirm your email address/);
  });
});

describe('profile', () => {
  let t: TestApp;
  before(async () => (t = await createTestApp()));
  after(() => t.close());

  test('takes every optional field of the policies, validated, and the “shown beside my pseudonym” choices', async () => {
    const { token } = await t.signUp();
    const profile = {
      pseudonym: 'Camille du Val',
      firstName: 'Camille',
      lastName: 'Martin',
      phone: '06 12 34 56 78',
      postalAddress: '3 rue des Lilas, 91230 Montjoli',
      birthYear: 1987,
      gender: 'female',
      city: 'Montjoli',
      quartier: 'Le Val Fleuri',
      avatar: 'data:image/png;base64,iVBORw0KGgo=',
      pcsGroup: 4,
      showAge: true,
      showGender: false,
      showCity: true,
      showQuartier: true,
    };
    const res = await t.call('PATCH', `${base}/me`, { token, json: { profile } });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.profile, profile);

    const cleared = await t.call('PATCH', `${base}/me`, { token, json: { profile: { phone: null } } });
    assert.equal(cleared.body.profile.phone, null);
    assert.equal(cleared.body.profile.firstName, 'Camille');
  });

  test('refuses invalid values with the field named', async () => {
    const { token } = await t.signUp();
    for (const [profile, path] of [
      [{ birthYear: 3000 }, 'profile.birthYear'],
      [{ gender: 'robot' }, 'profile.gender'],
      [{ pcsGroup: 9 }, 'profile.pcsGroup'],
      [{ phone: 'call me' }, 'profile.phone'],
      [{ avatar: 'data:image/svg+xml;base64,PHN2Zz4=' }, 'profile.avatar'],
      [{ nickname: 'x' }, 'profile'],
    ] as const) {
      const res = await t.call('PATCH', `${base}/me`, { token, json: { profile } });
      assert.equal(res.status, 400, JSON.stringify(profile));
      assert.equal(res.body.error.issues[0].path, path, JSON.stringify(res.body));
    }
  });

  test('changing the email needs the current password and a new confirmation', async () => {
    const { token } = await t.signUp('before@example.fr');
    const without = await t.call('PATCH', `${base}/me`, { token, json: { email: 'after@example.fr', returnUrl: RETURN_URL } });
    assert.equal(without.status, 403);
    assert.equal(without.body.error.code, 'wrong_password');
    assert.equal((await t.call('GET', `${base}/me`, { token })).status, 200, 'the session survives a wrong password');
    const res = await t.call('PATCH', `${base}/me`, {
      token,
      json: { email: 'after@example.fr', currentPassword: GOOD_PASSWORD, returnUrl: RETURN_URL },
    });
    assert.equal(res.status, 200);
    assert.equal(res.body.email, 'after@example.fr');
    assert.equal(res.body.emailVerified, false);
    await t.services.outboxWorker.runOnce();
    assert.equal(t.mailer.sent.at(-1)!.to, 'after@example.fr');
  });

  test('restriction and objection are flags the citizen sets and lifts, each logged with its date', async () => {
    const { token, id } = await t.signUp();
    const res = await t.call('PATCH', `${base}/me`, { token, json: { restricted: true, objected: true } });
    assert.equal(res.body.restricted, true);
    assert.equal(res.body.objected, true);
    const lifted = await t.call('PATCH', `${base}/me`, { token, json: { objected: false } });
    assert.equal(lifted.body.objected, false);
    const kinds = (await t.store.rights.listForAccount(id)).map((r) => r.kind);
    assert.deepEqual(kinds, ['restriction', 'objection', 'withdrawal']);
    const request = (await t.store.rights.listForAccount(id))[0];
    assert.equal(request.dueAt - request.receivedAt, 30 * DAY);
  });
});
