import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { DAY } from '../clock.ts';
import type { Consultation } from '../consultations/consultations.store.ts';
import { createSmtpMailer } from '../mail/mailer.ts';
import { verifyEmail } from '../testing/participation.ts';
import { decodeBody, startSmtpListener } from '../testing/smtp.ts';
import { createTestApp, ORIGIN, TENANT, type TestApp } from '../testing/test-app.ts';
import { MESSAGE_RULES } from './resources.service.ts';

const BOARD = { places: [{ id: 'montjoli', label: { fr: 'Montjoli' } }], premoderation: false, expiryDays: 60 };
const OFFER = { direction: 'offer', kind: 'equipment', title: 'Four à pain à prêter', description: 'Libre le lundi.', place: 'montjoli', paid: false };
const RETURN_URL = `${ORIGIN}/entraide.html`;
/** A received mail's text, quoted-printable undone and read as UTF-8. */
const text = (raw: string) => Buffer.from(decodeBody(raw), 'latin1').toString('utf8');

describe('resource board: contact relayed, in confidence', () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpListener>>;
  let board: Consultation;
  const base = () => `/v1/tenants/${TENANT}/consultations/${board.slug}/resources`;
  const threads = `/v1/tenants/${TENANT}/me/resource-threads`;
  let ip = 10;
  const business = async (tradeName: string, email: string) => {
    const account = await t.signUp(email);
    verifyEmail(t, account.id);
    const res = await t.call('PUT', `/v1/tenants/${TENANT}/me/business-profile`, {
      token: account.token,
      json: { tradeName, siret: '73282932000074', sector: 'Commerce', commune: 'Montjoli' },
    });
    assert.equal(res.status, 200);
    await delivered(); // the sign-up confirmation
    return account;
  };
  const delivered = async () => {
    const before = smtp.received.length;
    await t.services.outboxWorker.runOnce();
    return smtp.received.slice(before);
  };
  const contact = (token: string, id: string, json: object) => t.call('POST', `${base()}/${id}/contact`, { token, json, ip: `198.51.100.${++ip}` });

  before(async () => {
    smtp = await startSmtpListener();
    t = await createTestApp({ file: true, deps: { mailer: createSmtpMailer(smtp.url, 'Civique <no-reply@montjoli.test>') } });
    board = await t.addConsultation({
      kind: 'resources',
      settings: BOARD,
      allowAnonymous: false,
      closesAt: t.clock.now() + 365 * DAY,
      retentionEnd: t.clock.now() + 500 * DAY,
    });
    await delivered();
  });
  after(async () => {
    await t.close();
    await smtp.close();
  });

  test('a business writes, the author is mailed without the writer’s address, answers through the board, and the first reads it; neither address leaks', async () => {
    const owner = await business('Boulangerie Martin', 'martin@boulangerie.example');
    const asker = await business('Traiteur Dupont', 'dupont@traiteur.example');
    const post = await t.call('POST', base(), { token: owner.token, json: OFFER });
    const first = await contact(asker.token, post.body.id, { message: 'Bonjour, le four serait-il libre lundi 12 ?', returnUrl: RETURN_URL });
    assert.equal(first.status, 201, JSON.stringify(first.body));
    assert.deepEqual(first.body.counterpart, { tradeName: 'Boulangerie Martin', email: null });

    const [toOwner] = await delivered();
    assert.deepEqual(toOwner.to, [owner.email]);
    const ownerMail = text(toOwner.raw);
    assert.match(ownerMail, /Traiteur Dupont/);
    assert.match(ownerMail, /le four serait-il libre lundi 12/);
    assert.ok(!ownerMail.includes(asker.email), 'the writer’s address is not in the mail, headers included');
    assert.doesNotMatch(ownerMail, /^Reply-To:/im);
    const link = new RegExp(`${RETURN_URL.replace(/[.]/g, '\\.')}#civique-thread=([A-Za-z0-9_-]{16})`).exec(ownerMail);
    assert.ok(link, ownerMail);
    assert.equal(link[1], first.body.id);

    const answer = await t.call('POST', `${threads}/${link[1]}/messages`, {
      token: owner.token,
      json: { message: 'Oui, passez à 7 h.' },
      ip: '198.51.100.200',
    });
    assert.equal(answer.status, 201, JSON.stringify(answer.body));
    const [toAsker] = await delivered();
    assert.deepEqual(toAsker.to, [asker.email]);
    const askerMail = text(toAsker.raw);
    assert.match(askerMail, /Oui, passez à 7 h\./);
    assert.ok(!askerMail.includes(owner.email), 'the author’s address is not in the answer either');
    assert.doesNotMatch(askerMail, /^Reply-To:/im);

    const read = await t.call('GET', threads, { token: asker.token });
    assert.deepEqual(
      read.body.threads[0].messages.map((m: { fromMe: boolean; body: string }) => [m.fromMe, m.body]),
      [
        [true, 'Bonjour, le four serait-il libre lundi 12 ?'],
        [false, 'Oui, passez à 7 h.'],
      ],
    );
    for (const [who, other] of [
      [asker, owner],
      [owner, asker],
    ]) {
      const everything = JSON.stringify([
        (await t.call('GET', threads, { token: who.token })).body,
        (await t.call('GET', base(), { token: who.token })).body,
        (await t.call('GET', `${base()}/${post.body.id}`, { token: who.token })).body,
      ]);
      assert.ok(!everything.includes(other.email) && !everything.includes(other.id), `nothing ${who.email} reads names the other business`);
    }
    assert.equal(
      (await t.call('POST', `${threads}/${link[1]}/messages`, { token: (await t.signUp()).token, json: { message: 'Intrus' } })).status,
      404,
      'a stranger cannot write in it',
    );
  });

  test('an address appears only when its owner chooses to share it, and then it is written in the thread', async () => {
    const owner = await business('Garage Petit', 'petit@garage.example');
    const asker = await business('Fleurs Leroy', 'leroy@fleurs.example');
    const post = await t.call('POST', base(), { token: owner.token, json: { ...OFFER, title: 'Camionnette' } });
    await contact(asker.token, post.body.id, { message: 'Intéressée, voici mon adresse.', shareEmail: true, returnUrl: RETURN_URL });
    const [mail] = await delivered();
    assert.match(text(mail.raw), /leroy@fleurs\.example/);
    const seen = (await t.call('GET', threads, { token: owner.token })).body.threads.find((th: { post: { title: string } }) => th.post.title === 'Camionnette');
    assert.deepEqual(seen.counterpart, { tradeName: 'Fleurs Leroy', email: 'leroy@fleurs.example' });
    assert.equal(seen.messages[0].sharedEmail, 'leroy@fleurs.example');
  });

  test('messages are rate limited per account: the one over the limit gets 429 with Retry-After, and nothing is relayed', async () => {
    const owner = await business('Menuiserie Roux', 'roux@menuiserie.example');
    const asker = await business('Peintre Blanc', 'blanc@peintre.example');
    const post = await t.call('POST', base(), { token: owner.token, json: { ...OFFER, title: 'Échafaudage' } });
    for (let i = 0; i < MESSAGE_RULES.perAccount.max; i++) {
      assert.equal((await contact(asker.token, post.body.id, { message: `Message ${i}`, returnUrl: RETURN_URL })).status, 201);
    }
    await delivered();
    const over = await contact(asker.token, post.body.id, { message: 'Un de trop', returnUrl: RETURN_URL });
    assert.equal(over.status, 429);
    assert.equal(over.body.error.code, 'rate_limited');
    assert.ok(Number(over.headers.get('retry-after')) > 0);
    assert.deepEqual(await delivered(), []);
    assert.equal(t.count("SELECT count(*) FROM resource_messages WHERE body = 'Un de trop'"), 0);
  });

  test('a relayed mail’s text leaves the outbox once delivered, down to the database file’s bytes', async () => {
    const owner = await business('Cordonnerie Noir', 'noir@cordonnerie.example');
    const asker = await business('Épicerie Vert', 'vert@epicerie.example');
    const post = await t.call('POST', base(), { token: owner.token, json: { ...OFFER, title: 'Machine à coudre' } });
    const secret = 'Code du portail arrière : 4721-ZQX';
    await contact(asker.token, post.body.id, { message: secret, returnUrl: RETURN_URL });
    assert.equal(t.count('SELECT count(*) FROM outbox WHERE body LIKE ?', `%${secret}%`), 1, 'queued with its text');
    await delivered();
    assert.equal(t.count('SELECT count(*) FROM outbox WHERE body LIKE ? OR html LIKE ?', `%${secret}%`, `%${secret}%`), 0);
    assert.equal(t.count("SELECT count(*) FROM outbox WHERE status = 'sent' AND to_address = ? AND body = ''", owner.email), 1, 'its envelope stays');
    const inThread = t.count('SELECT count(*) FROM resource_messages WHERE body = ?', secret);
    assert.equal(inThread, 1, 'the thread keeps it');
    // The message stays in its thread: the outbox copy is the one that must be gone. Erase the thread and scan.
    t.db.prepare('DELETE FROM resource_messages WHERE body = ?').run(secret);
    t.db.pragma('wal_checkpoint(TRUNCATE)');
    assert.equal(readFileSync(t.dbFile!).includes(Buffer.from(secret)), false, 'no copy left in the database file');
  });

  test('threads go 90 days after their post closed, with their messages', async () => {
    const owner = await business('Serrurerie Gris', 'gris@serrurerie.example');
    const asker = await business('Pressing Rose', 'rose@pressing.example');
    const post = await t.call('POST', base(), { token: owner.token, json: { ...OFFER, title: 'Perceuse' } });
    await contact(asker.token, post.body.id, { message: 'Disponible ?', returnUrl: RETURN_URL });
    await t.call('POST', `${base()}/${post.body.id}/closure`, { token: owner.token });
    const threadCount = () => t.count('SELECT count(*) FROM resource_threads WHERE post_id = ?', post.body.id);
    t.clock.advance(89 * DAY);
    await t.services.retention.run();
    assert.equal(threadCount(), 1, 'kept for 90 days after closing');
    t.clock.advance(DAY + 1);
    await t.services.retention.run();
    assert.equal(threadCount(), 0);
    assert.equal(t.count("SELECT count(*) FROM resource_messages WHERE body = 'Disponible ?'"), 0);
  });
});
