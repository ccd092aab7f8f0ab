import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DAY } from '../clock.ts';
import type { Consultation } from '../consultations/consultations.store.ts';
import { createSmtpMailer } from '../mail/mailer.ts';
import { signUpStaff, verifyEmail } from '../testing/participation.ts';
import { decodeBody, startSmtpListener } from '../testing/smtp.ts';
import { createTestApp, ORIGIN, TENANT, type TestApp } from '../testing/test-app.ts';
import { MESSAGE_RULES } from './resources.service.ts';

const BOARD = { places: [{ id: 'montjoli', label: { fr: 'Montjoli' } }], premoderation: false, expiryDays: 60 };
const OFFER = { direction: 'offer', kind: 'equipment', title: 'Four à pain à prêter', description: 'Libre le lundi.', place: 'montjoli', paid: false };
const RETURN_URL = `${ORIGIN}/entraide.html`;
const CCI_EMAIL = 'aide-entreprises@cci-vosges.example';
const CMA_EMAIL = 'conseil@cma-vosges.example';
/** A received mail's text, quoted-printable undone and read as UTF-8. */
const text = (raw: string) => Buffer.from(decodeBody(raw), 'latin1').toString('utf8');

describe('resource board: partners, reached through the board without their address', () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpListener>>;
  let board: Consultation;
  let admin: { token: string; id: string };
  let cci: { id: string };
  const boardPath = () => `/v1/tenants/${TENANT}/consultations/${board.slug}`;
  let ip = 10;
  const business = async (tradeName: string, email: string) => {
    const account = await t.signUp(email);
    verifyEmail(t, account.id);
    const res = await t.call('PUT', `/v1/tenants/${TENANT}/me/business-profile`, {
      token: account.token,
      json: { tradeName, siret: '73282932000074', sector: 'Boulangerie', commune: 'Montjoli' },
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
  const askHelp = (token: string, partnerId: string, json: object, from = `198.51.100.${++ip}`) =>
    t.call('POST', `${boardPath()}/partners/${partnerId}/contact`, { token, json, ip: from });

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
    admin = await signUpStaff(t, 'maire@montjoli.fr', ['admin']);
    await delivered();
    cci = (
      await t.call('POST', `/v1/tenants/${TENANT}/settings/partners`, {
        token: admin.token,
        json: {
          name: 'CCI des Vosges',
          logoUrl: 'https://www.cci-vosges.example/logo.svg',
          helpsWith: { fr: 'Financement, embauche', en: 'Funding, hiring' },
          email: CCI_EMAIL,
        },
      })
    ).body;
  });
  after(async () => {
    await t.close();
    await smtp.close();
  });

  test('the board lists the tenant’s partners (name, logo, what they help with) and never their address, nor do the admins’ routes or the audit log', async () => {
    const added = await t.call('POST', `/v1/tenants/${TENANT}/settings/partners`, {
      token: admin.token,
      json: { name: 'Chambre de métiers', helpsWith: { fr: 'Apprentissage' }, email: CMA_EMAIL },
    });
    assert.equal(added.status, 201, JSON.stringify(added.body));
    const list = await t.call('GET', `${boardPath()}/partners`);
    assert.equal(list.status, 200, JSON.stringify(list.body));
    assert.deepEqual(list.body, {
      items: [
        {
          id: cci.id,
          name: 'CCI des Vosges',
          logoUrl: 'https://www.cci-vosges.example/logo.svg',
          helpsWith: { fr: 'Financement, embauche', en: 'Funding, hiring' },
        },
        { id: added.body.id, name: 'Chambre de métiers', logoUrl: null, helpsWith: { fr: 'Apprentissage' } },
      ],
    });
    const changed = await t.call('PATCH', `/v1/tenants/${TENANT}/settings/partners/${added.body.id}`, {
      token: admin.token,
      json: { email: 'autre@cma-vosges.example' },
    });
    assert.equal(changed.status, 200);
    const everything = JSON.stringify([
      list.body,
      added.body,
      changed.body,
      (await t.call('GET', `/v1/tenants/${TENANT}/settings/partners`, { token: admin.token })).body,
      (await t.call('GET', `/v1/tenants/${TENANT}/audit-events`, { token: admin.token })).body,
      (await t.call('GET', `${boardPath()}/configuration`, { token: admin.token })).body,
      (await t.call('GET', boardPath())).body,
    ]);
    assert.match(everything, /partners update/, 'the audit log was read');
    for (const address of [CCI_EMAIL, CMA_EMAIL, 'autre@cma-vosges.example']) assert.ok(!everything.includes(address), `${address} is in a response`);
    // The audit API masks addresses; the log itself must not hold the partner's either.
    assert.ok(t.count("SELECT count(*) FROM audit_events WHERE action LIKE 'partners %'") >= 2);
    for (const address of [CCI_EMAIL, CMA_EMAIL, 'autre@cma-vosges.example'])
      assert.equal(t.count("SELECT count(*) FROM audit_events WHERE coalesce(before, '') || coalesce(after, '') LIKE ?", `%${address}%`), 0, address);
    assert.equal((await t.call('DELETE', `/v1/tenants/${TENANT}/settings/partners/${added.body.id}`, { token: admin.token })).status, 200);
  });

  test('an http logo, or no address, is a 400 that stores nothing', async () => {
    const before = t.count('SELECT count(*) FROM tenant_partners');
    const http = await t.call('POST', `/v1/tenants/${TENANT}/settings/partners`, {
      token: admin.token,
      json: { name: 'CCI', logoUrl: 'http://cci.example/logo.png', helpsWith: { fr: 'Aide' }, email: 'a@cci.example' },
    });
    assert.equal(http.status, 400);
    assert.equal(http.body.error.issues[0].path, 'logoUrl');
    const noEmail = await t.call('POST', `/v1/tenants/${TENANT}/settings/partners`, { token: admin.token, json: { name: 'CCI', helpsWith: { fr: 'Aide' } } });
    assert.equal(noEmail.status, 400);
    assert.equal(t.count('SELECT count(*) FROM tenant_partners'), before);
  });

  test('a business asks for help: the partner gets the message, without the business’s address, told to reach it through the board', async () => {
    const shop = await business('Boulangerie Martin', 'martin@boulangerie.example');
    const sent = await askHelp(shop.token, cci.id, { message: 'Bonjour, nous cherchons un prêt pour un four.', returnUrl: RETURN_URL });
    assert.equal(sent.status, 202, JSON.stringify(sent.body));
    assert.deepEqual(sent.body, { status: 'sent' });
    const [mail] = await delivered();
    assert.deepEqual(mail.to, [CCI_EMAIL]);
    const body = text(mail.raw);
    assert.match(body, /Boulangerie Martin/);
    assert.match(body, /nous cherchons un prêt pour un four/);
    assert.ok(!body.includes(shop.email), 'the business’s address is not in the mail, headers included');
    assert.doesNotMatch(body, /^Reply-To:/im);
    assert.match(body, /n’a pas communiqué son adresse/);
    assert.ok(body.includes(RETURN_URL), 'the board’s page');

    const exported = JSON.stringify((await t.call('GET', `/v1/tenants/${TENANT}/me/export`, { token: shop.token })).body);
    assert.ok(exported.includes('Boulangerie Martin'), 'the export was read');
    assert.ok(!exported.includes(CCI_EMAIL), 'the partner’s address is not in the business’s export');
  });

  test('the business’s address is in the mail only when it chooses to share it, and the mail says so', async () => {
    const shop = await business('Traiteur Dupont', 'dupont@traiteur.example');
    assert.equal((await askHelp(shop.token, cci.id, { message: 'Question embauche.', shareEmail: true, returnUrl: RETURN_URL })).status, 202);
    const [mail] = await delivered();
    const body = text(mail.raw);
    assert.match(body, /a choisi de vous communiquer son adresse e-mail : répondez-lui à dupont@traiteur\.example/);
    assert.doesNotMatch(body, /^Reply-To:/im);
  });

  test('the mail’s text leaves the outbox once delivered', async () => {
    const shop = await business('Épicerie Vert', 'vert@epicerie.example');
    const secret = 'Notre trésorerie tient trois semaines';
    await askHelp(shop.token, cci.id, { message: secret, returnUrl: RETURN_URL });
    assert.equal(t.count('SELECT count(*) FROM outbox WHERE body LIKE ?', `%${secret}%`), 1, 'queued with its text');
    await delivered();
    assert.equal(t.count('SELECT count(*) FROM outbox WHERE body LIKE ? OR html LIKE ?', `%${secret}%`, `%${secret}%`), 0);
  });

  test('a confirmed email and a business profile are needed; an unknown partner, or another tenant’s, is a 404', async () => {
    const unconfirmed = await t.signUp('pas-confirme@example.fr');
    assert.equal((await askHelp(unconfirmed.token, cci.id, { message: 'Aide ?', returnUrl: RETURN_URL })).body.error.code, 'verified_email_required');
    const noProfile = await t.signUp('sans-profil@example.fr');
    verifyEmail(t, noProfile.id);
    assert.equal((await askHelp(noProfile.token, cci.id, { message: 'Aide ?', returnUrl: RETURN_URL })).body.error.code, 'business_profile_required');
    const shop = await business('Garage Petit', 'petit@garage.example');
    const unknown = await askHelp(shop.token, 'AAAAAAAAAAAA', { message: 'Aide ?', returnUrl: RETURN_URL });
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.error.code, 'partner_not_found');
    await t.store.tenants.upsert({ id: 'voisine', name: 'Voisine', allowedOrigins: ['https://voisine.fr'], quartiers: [], createdAt: 0 });
    const theirs = await t.services.partners.add(
      'voisine',
      { name: 'CCI voisine', helpsWith: { fr: 'Aide' }, email: 'cci@voisine.example' },
      {
        accountId: admin.id,
        role: 'admin',
      },
    );
    assert.equal((await askHelp(shop.token, theirs.id, { message: 'Aide ?', returnUrl: RETURN_URL })).status, 404);
    assert.ok(!JSON.stringify((await t.call('GET', `${boardPath()}/partners`)).body).includes('CCI voisine'));
    assert.equal((await t.call('POST', `${boardPath()}/partners/${cci.id}/contact`, { json: { message: 'Aide ?', returnUrl: RETURN_URL } })).status, 401);
    assert.deepEqual(await delivered(), []);
  });

  test('messages to partners and to posts’ authors count together: the one over the limit gets 429 with Retry-After, and nothing is relayed', async () => {
    const owner = await business('Menuiserie Roux', 'roux@menuiserie.example');
    const shop = await business('Peintre Blanc', 'blanc@peintre.example');
    const post = await t.call('POST', `${boardPath()}/resources`, { token: owner.token, json: { ...OFFER, title: 'Échafaudage' } });
    for (let i = 0; i < MESSAGE_RULES.perAccount.max - 1; i++) {
      const res = await t.call('POST', `${boardPath()}/resources/${post.body.id}/contact`, {
        token: shop.token,
        json: { message: `Message ${i}`, returnUrl: RETURN_URL },
        ip: `198.51.100.${++ip}`,
      });
      assert.equal(res.status, 201);
    }
    assert.equal((await askHelp(shop.token, cci.id, { message: 'Le dernier permis', returnUrl: RETURN_URL })).status, 202);
    await delivered();
    const over = await askHelp(shop.token, cci.id, { message: 'Un de trop', returnUrl: RETURN_URL });
    assert.equal(over.status, 429);
    assert.equal(over.body.error.code, 'rate_limited');
    assert.ok(Number(over.headers.get('retry-after')) > 0);
    const overOwner = await t.call('POST', `${boardPath()}/resources/${post.body.id}/contact`, {
      token: shop.token,
      json: { message: 'Un de trop aussi', returnUrl: RETURN_URL },
      ip: `198.51.100.${++ip}`,
    });
    assert.equal(overOwner.status, 429, 'a message to an author counts the partner’s');
    assert.deepEqual(await delivered(), []);
  });
});
