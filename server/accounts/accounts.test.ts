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

  test('creates the account and mails a confirmation link back to the host page; the citizen signs in next', async () => {
    const res = await t.call('POST', `${base}/auth/sign-up`, {
      json: { email: '  Camille.Martin@Example.FR ', password: GOOD_PASSWORD, returnUrl: `${RETURN_URL}?tab=1#old` },
    });
    assert.equal(res.status, 202);
    assert.deepEqual(res.body, { accepted: true });
    await t.services.outboxWorker.runOnce();
    const mail = t.mailer.sent.at(-1)!;
    assert.equal(mail.to, 'camille.martin@example.fr');
    assert.match(mail.subject, /Confirmez votre adresse/);
    assert.ok(mail.text.includes(`${RETURN_URL}?tab=1#civique-verify=`), mail.text);

    const signIn = await t.call('POST', `${base}/auth/sign-in`, { json: { email: 'camille.martin@example.fr', password: GOOD_PASSWORD } });
    assert.equal(signIn.status, 200);
    assert.equal(signIn.body.me.emailVerified, false);
    const verify = await t.call('POST', `${base}/auth/verify-email`, { json: { code: codeFromMail(mail.text, 'verify') } });
    assert.equal(verify.status, 200);
    const me = await t.call('GET', `${base}/me`, { token: signIn.body.token });
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

  test('answers a known address exactly like a new one, and mails its owner instead of creating anything', async () => {
    const owner = await t.signUp('taken@example.fr');
    await t.services.outboxWorker.runOnce();
    const sentBefore = t.mailer.sent.length;
    const known = await t.call('POST', `${base}/auth/sign-up`, {
      json: { email: 'TAKEN@example.fr', password: 'Une tout autre phrase de passe', returnUrl: RETURN_URL },
      ip: '203.0.113.70',
    });
    const fresh = await t.call('POST', `${base}/auth/sign-up`, {
      json: { email: 'untaken@example.fr', password: 'Une tout autre phrase de passe', returnUrl: RETURN_URL },
      ip: '203.0.113.71',
    });
    assert.equal(known.status, fresh.status);
    assert.deepEqual(known.body, fresh.body);
    const headers = (r: typeof known) => [...r.headers.entries()].filter(([k]) => k !== 'date');
    assert.deepEqual(headers(known), headers(fresh));
    assert.equal(t.count('SELECT count(*) FROM accounts WHERE email = ?', 'taken@example.fr'), 1);
    await t.services.outboxWorker.runOnce();
    const mails = t.mailer.sent.slice(sentBefore);
    const notice = mails.find((m) => m.to === 'taken@example.fr')!;
    assert.match(notice.subject, /Quelqu’un a tenté de créer un compte avec votre adresse/);
    assert.ok(notice.text.includes(RETURN_URL), 'a link back to sign in or reset the password');
    assert.doesNotMatch(notice.text, /#civique-/, 'no code: nothing to confirm');
    assert.ok(mails.some((m) => m.to === 'untaken@example.fr' && /#civique-verify=/.test(m.text)));
    assert.equal((await t.call('GET', `${base}/me`, { token: owner.token })).status, 200, 'the owner’s account is untouched');
  });

  test('refuses a return page outside the tenant’s sites with 400', async () => {
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
    assert.deepEqual(
      [...unknown.headers.entries()].filter(([k]) => k !== 'date'),
      [...wrong.headers.entries()].filter(([k]) => k !== 'date'),
    );

    // That both take the same hash work is a figure, not a test: `npm run bench:sign-in`.
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

  test('slows one (email, address) pair progressively, while the owner signs in from another address', async () => {
    await t.signUp('victim@example.fr');
    const stranger = '198.51.100.20';
    const owner = '198.51.100.99';
    const signIn = (password: string, ip: string) => t.call('POST', `${base}/auth/sign-in`, { json: { email: 'victim@example.fr', password }, ip });
    for (let i = 0; i < 4; i++) assert.equal((await signIn('nope-nope-nope', stranger)).status, 401);
    assert.equal((await signIn('nope-nope-nope', stranger)).status, 401, 'the fifth failure still answers');
    const delays: number[] = [];
    for (let round = 0; round < 5; round++) {
      const blocked = await signIn(GOOD_PASSWORD, stranger);
      assert.equal(blocked.status, 429, 'blocked even with the right password');
      assert.equal(blocked.body.error.code, 'rate_limited');
      delays.push(Number(blocked.headers.get('retry-after')));
      t.clock.advance(delays.at(-1)! * 1000 - 1000);
      assert.equal((await signIn('nope-nope-nope', stranger)).status, 429, 'still blocked one second before');
      t.clock.advance(1000);
      assert.equal((await signIn('nope-nope-nope', stranger)).status, 401);
    }
    assert.deepEqual(delays, [60, 120, 240, 480, 900], 'doubling, up to 15 minutes');
    // The stranger's failures never lock the owner out.
    assert.equal((await signIn(GOOD_PASSWORD, owner)).status, 200);
    const rows = t.db.prepare("SELECT key FROM rate_limits WHERE key LIKE 'sign-in:%'").all() as { key: string }[];
    assert.ok(rows.length >= 2);
    assert.ok(
      rows.every((r) => !r.key.includes('@') && !r.key.includes('198.51')),
      'keys are hashes, not emails or addresses',
    );
  });

  test('locks an email only after 100 failures from many addresses; a password reset lifts the lock', async () => {
    await t.signUp('target@example.fr');
    const signIn = (password: string, ip: string) => t.call('POST', `${base}/auth/sign-in`, { json: { email: 'target@example.fr', password }, ip });
    for (let i = 0; i < 100; i++) assert.equal((await signIn('nope-nope-nope', `10.${Math.floor(i / 250)}.${i % 250}.1`)).status, 401);
    const locked = await signIn(GOOD_PASSWORD, '198.51.100.150');
    assert.equal(locked.status, 429);
    assert.ok(Number(locked.headers.get('retry-after')) > 0);
    // The same for an email without an account: the limits do not tell who has one.
    for (let i = 0; i < 100; i++) await t.call('POST', `${base}/auth/sign-in`, { json: { email: 'ghost@example.fr', password: 'x' }, ip: `10.9.${i}.1` });
    assert.equal((await t.call('POST', `${base}/auth/sign-in`, { json: { email: 'ghost@example.fr', password: 'x' }, ip: '198.51.100.151' })).status, 429);

    const request = await t.call('POST', `${base}/auth/password-reset-request`, {
      json: { email: 'target@example.fr', returnUrl: RETURN_URL },
      ip: '198.51.100.150',
    });
    assert.equal(request.status, 202, 'a locked account can still ask for a reset');
    await t.services.outboxWorker.runOnce();
    const code = codeFromMail(t.mailer.sent.findLast((m) => m.to === 'target@example.fr')!.text, 'reset');
    const newPassword = 'Une nouvelle phrase pour Montjoli';
    assert.equal((await t.call('POST', `${base}/auth/password-reset`, { json: { code, newPassword } })).status, 200);
    assert.equal((await signIn(newPassword, '198.51.100.150')).status, 200, 'the reset lifted the lock');
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

  test('answers the same for a known and an unknown email after the same work: one mail queued to the address typed', async () => {
    await t.signUp('forgot@example.fr');
    await t.services.outboxWorker.runOnce();
    const before = t.mailer.sent.length;
    const outbox = () => t.count('SELECT count(*) FROM outbox');
    const rows0 = outbox();
    const known = await t.call('POST', `${base}/auth/password-reset-request`, { json: { email: 'forgot@example.fr', returnUrl: RETURN_URL } });
    const rows1 = outbox();
    const unknown = await t.call('POST', `${base}/auth/password-reset-request`, { json: { email: 'nobody@example.fr', returnUrl: RETURN_URL } });
    assert.equal(known.status, 202);
    assert.equal(unknown.status, 202);
    assert.deepEqual(known.body, unknown.body);
    assert.equal(rows1 - rows0, 1);
    assert.equal(outbox() - rows1, 1, 'the unknown address gets its mail through the same outbox');
    await t.services.outboxWorker.runOnce();
    const sent = t.mailer.sent.slice(before);
    assert.deepEqual(
      sent.map((m) => m.to),
      ['forgot@example.fr', 'nobody@example.fr'],
    );
    assert.match(sent[0].text, /#civique-reset=/);
    assert.match(sent[1].subject, /Demande de nouveau mot de passe/);
    assert.doesNotMatch(sent[1].text, /#civique-/, 'no code for an address without an account');
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

describe('mailed codes', () => {
  let t: TestApp;
  before(async () => (t = await createTestApp()));
  after(() => t.close());

  let requests = 0;
  const requestReset = async (email: string) => {
    const res = await t.call('POST', `${base}/auth/password-reset-request`, { json: { email, returnUrl: RETURN_URL }, ip: `203.0.113.${++requests}` });
    assert.equal(res.status, 202);
    await t.services.outboxWorker.runOnce();
    return codeFromMail(t.mailer.sent.findLast((m) => m.to === email)!.text, 'reset');
  };
  const reset = (code: string, newPassword = 'Une phrase toute neuve pour lundi') =>
    t.call('POST', `${base}/auth/password-reset`, { json: { code, newPassword } });

  test('issuing a code revokes the earlier ones of its purpose, and using one revokes the rest', async () => {
    await t.signUp('five-resets@example.fr');
    const codes: string[] = [];
    for (let i = 0; i < 5; i++) codes.push(await requestReset('five-resets@example.fr'));
    assert.equal((await reset(codes[4])).status, 200);
    for (const code of codes.slice(0, 4)) {
      const res = await reset(code, 'Encore une autre phrase de passe');
      assert.equal(res.status, 400);
      assert.equal(res.body.error.code, 'invalid_code');
    }
    // Only the newest is live even before any is used.
    await t.signUp('two-resets@example.fr');
    const first = await requestReset('two-resets@example.fr');
    const second = await requestReset('two-resets@example.fr');
    assert.equal((await reset(first)).status, 400);
    assert.equal((await reset(second)).status, 200);
  });

  test('a code dies after 5 wrong tries', async () => {
    await t.signUp('wrong-tries@example.fr');
    const code = await requestReset('wrong-tries@example.fr');
    const wrong = (i: number) => `${code.slice(0, -2)}${i === 0 ? 'AA' : `B${i}`}`;
    for (let i = 0; i < 5; i++) assert.equal((await reset(wrong(i))).status, 400);
    const res = await reset(code);
    assert.equal(res.status, 400, 'the right code no longer works');
    assert.equal(res.body.error.code, 'invalid_code');

    const other = await requestReset('wrong-tries@example.fr');
    for (let i = 0; i < 4; i++) assert.equal((await reset(`${other.slice(0, -1)}${other.endsWith('x') ? 'y' : 'x'}`)).status, 400);
    assert.equal((await reset(other)).status, 200, 'four wrong tries leave it alive');
  });

  test('a code is valid 30 minutes minus one second after it was issued, dead at 30 minutes', async () => {
    await t.signUp('boundary@example.fr');
    const alive = await requestReset('boundary@example.fr');
    t.clock.advance(30 * MINUTE - 1000);
    assert.equal((await reset(alive)).status, 200);

    const dead = await requestReset('boundary@example.fr');
    t.clock.advance(30 * MINUTE);
    const res = await reset(dead, 'Encore une autre phrase de passe');
    assert.equal(res.status, 400);
    assert.equal(res.body.error.code, 'invalid_code');
  });
});

describe('passwords typed again', () => {
  let t: TestApp;
  before(async () => (t = await createTestApp()));
  after(() => t.close());

  const ip = '203.0.113.140';
  const tooMany = (res: { status: number; body: any; headers: Headers }) => {
    assert.equal(res.status, 429);
    assert.equal(res.body.error.code, 'rate_limited');
    assert.ok(Number(res.headers.get('retry-after')) > 0);
  };

  test('deleting the account: wrong passwords are limited like sign-in (429 + Retry-After), and the account stays', async () => {
    const { token } = await t.signUp('delete-guess@example.fr');
    const statuses: number[] = [];
    let last;
    for (let i = 0; i < 30; i++) {
      last = await t.call('DELETE', `${base}/me`, { token, json: { password: `guess number ${i}` }, ip });
      statuses.push(last.status);
    }
    assert.deepEqual(statuses.slice(0, 5), [403, 403, 403, 403, 403]);
    assert.ok(
      statuses.slice(5).every((s) => s === 429),
      statuses.join(','),
    );
    tooMany(last!);
    const right = await t.call('DELETE', `${base}/me`, { token, json: { password: GOOD_PASSWORD }, ip });
    tooMany(right);
    assert.equal((await t.call('GET', `${base}/me`, { token })).status, 200);
  });

  test('changing the password or the email: the same limits, shared with sign-in', async () => {
    const { token, email } = await t.signUp('change-guess@example.fr');
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) {
      const res = await t.call('POST', `${base}/me/password`, {
        token,
        json: { currentPassword: `guess number ${i}`, newPassword: 'Une autre phrase de passe 2027' },
        ip,
      });
      statuses.push(res.status);
    }
    assert.deepEqual(statuses, [403, 403, 403, 403, 403, 429, 429, 429, 429, 429]);
    const emailChange = await t.call('PATCH', `${base}/me`, {
      token,
      json: { email: 'elsewhere@example.fr', currentPassword: GOOD_PASSWORD, returnUrl: RETURN_URL },
      ip,
    });
    tooMany(emailChange);
    tooMany(await t.call('POST', `${base}/auth/sign-in`, { json: { email, password: GOOD_PASSWORD }, ip }));
  });

  test('the email change counts its wrong passwords too', async () => {
    const { token } = await t.signUp('email-guess@example.fr');
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const res = await t.call('PATCH', `${base}/me`, {
        token,
        json: { email: 'elsewhere@example.fr', currentPassword: `guess number ${i}`, returnUrl: RETURN_URL },
        ip: '203.0.113.141',
      });
      statuses.push(res.status);
    }
    assert.deepEqual(statuses, [403, 403, 403, 403, 403, 429, 429]);
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

  test('changing the email needs the current password; it waits for the new address to confirm, and the old one can cancel', async () => {
    const { token } = await t.signUp('before@example.fr');
    await t.services.outboxWorker.runOnce();
    const codeForOld = codeFromMail(t.mailer.sent.findLast((m) => m.to === 'before@example.fr')!.text, 'verify');
    const without = await t.call('PATCH', `${base}/me`, { token, json: { email: 'after@example.fr', returnUrl: RETURN_URL } });
    assert.equal(without.status, 403);
    assert.equal(without.body.error.code, 'wrong_password');
    assert.equal((await t.call('GET', `${base}/me`, { token })).status, 200, 'the session survives a wrong password');
    await t.services.outboxWorker.runOnce();
    const sentBefore = t.mailer.sent.length;
    const res = await t.call('PATCH', `${base}/me`, {
      token,
      json: { email: 'after@example.fr', currentPassword: GOOD_PASSWORD, returnUrl: RETURN_URL },
    });
    assert.equal(res.status, 200);
    assert.equal(res.body.email, 'before@example.fr', 'the old address stays until the new one confirms');
    assert.equal(res.body.pendingEmail, 'after@example.fr');
    await t.services.outboxWorker.runOnce();
    const [toNew, toOld] = ['after@example.fr', 'before@example.fr'].map((to) => t.mailer.sent.slice(sentBefore).find((m) => m.to === to)!);
    assert.match(toNew.subject, /Confirmez votre nouvelle adresse/);
    assert.match(toOld.subject, /Demande de changement de votre adresse/);
    assert.ok(toOld.text.includes('after@example.fr'));

    // The old address cancels: the confirmation link is dead, nothing changed.
    const cancel = await t.call('POST', `${base}/auth/email-change-cancel`, { json: { code: codeFromMail(toOld.text, 'cancel-email') } });
    assert.equal(cancel.status, 200);
    assert.equal((await t.call('GET', `${base}/me`, { token })).body.pendingEmail, null);
    const late = await t.call('POST', `${base}/auth/verify-email`, { json: { code: codeFromMail(toNew.text, 'verify') } });
    assert.equal(late.status, 400);
    assert.equal((await t.call('GET', `${base}/me`, { token })).body.email, 'before@example.fr');

    // Asked again and confirmed by the new address: the change takes effect, verified.
    await t.call('PATCH', `${base}/me`, { token, json: { email: 'after@example.fr', currentPassword: GOOD_PASSWORD, returnUrl: RETURN_URL } });
    await t.services.outboxWorker.runOnce();
    const confirm = t.mailer.sent.findLast((m) => m.to === 'after@example.fr')!;
    assert.equal((await t.call('POST', `${base}/auth/verify-email`, { json: { code: codeFromMail(confirm.text, 'verify') } })).status, 200);
    const me = await t.call('GET', `${base}/me`, { token });
    assert.equal(me.body.email, 'after@example.fr');
    assert.equal(me.body.emailVerified, true);
    assert.equal(me.body.pendingEmail, null);
    const stale = await t.call('POST', `${base}/auth/verify-email`, { json: { code: codeForOld } });
    assert.equal(stale.status, 400, 'a code mailed to the former address proves nothing about the new one');
  });

  test('the OpenAPI document describes the pending email and the cancel operation', async () => {
    const doc = (await t.call('GET', '/v1/openapi.json', { origin: null })).body;
    assert.equal(doc.paths['/v1/tenants/{tenant}/auth/email-change-cancel'].post.operationId, 'cancelEmailChange');
    assert.ok(doc.components.schemas.Me.properties.pendingEmail);
    assert.ok(doc.paths['/v1/tenants/{tenant}/auth/sign-up'].post.responses['202']);
  });

  test('mails the email-change notices in English to a citizen who chose English', async () => {
    const { token } = await t.signUp('english-change@example.fr');
    await t.call('PATCH', `${base}/me`, { token, json: { locale: 'en' } });
    await t.call('PATCH', `${base}/me`, { token, json: { email: 'english-new@example.fr', currentPassword: GOOD_PASSWORD, returnUrl: RETURN_URL } });
    await t.services.outboxWorker.runOnce();
    assert.match(t.mailer.sent.findLast((m) => m.to === 'english-new@example.fr')!.subject, /^Confirm your new email address/);
    assert.match(t.mailer.sent.findLast((m) => m.to === 'english-change@example.fr')!.subject, /^A change of your email address was requested/);
  });

  test('a verification code confirms only the address it was mailed to', async () => {
    // The audit's case: sign up with a@…, ask to move to someone else's address, post a@'s code.
    const res = await t.call('POST', `${base}/auth/sign-up`, { json: { email: 'a@example.fr', password: GOOD_PASSWORD, returnUrl: RETURN_URL } });
    assert.equal(res.status, 202);
    await t.services.outboxWorker.runOnce();
    const codeForA = codeFromMail(t.mailer.sent.findLast((m) => m.to === 'a@example.fr')!.text, 'verify');
    const { token } = await t.call('POST', `${base}/auth/sign-in`, { json: { email: 'a@example.fr', password: GOOD_PASSWORD } }).then((r) => r.body);
    const change = await t.call('PATCH', `${base}/me`, {
      token,
      json: { email: 'maire@montjoli.fr', currentPassword: GOOD_PASSWORD, returnUrl: RETURN_URL },
    });
    assert.equal(change.status, 200);
    assert.equal((await t.call('POST', `${base}/auth/verify-email`, { json: { code: codeForA } })).status, 200);
    const me = await t.call('GET', `${base}/me`, { token });
    assert.equal(me.body.email, 'a@example.fr', 'a@’s code verified a@, not the address asked for');
    assert.equal(me.body.emailVerified, true);
    assert.equal(me.body.pendingEmail, 'maire@montjoli.fr');
    assert.equal(t.count('SELECT count(*) FROM accounts WHERE email = ?', 'maire@montjoli.fr'), 0);

    // The address's real owner signs up and gets an account of their own.
    const owner = await t.call('POST', `${base}/auth/sign-up`, {
      json: { email: 'maire@montjoli.fr', password: 'La mairie de Montjoli ouvre à 9 h', returnUrl: RETURN_URL },
    });
    assert.equal(owner.status, 202);
    const ownerIn = await t.call('POST', `${base}/auth/sign-in`, { json: { email: 'maire@montjoli.fr', password: 'La mairie de Montjoli ouvre à 9 h' } });
    assert.equal(ownerIn.status, 200);
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
