/**
 * End to end on the demo's "Entraide entre entreprises" page (http://localhost:8080/entraide.html) against the real
 * server, whose mails go to a real SMTP listener: one business posts an offer through the board, another finds it
 * by a search without accents and writes; the author gets the relayed mail, opens its link to the thread, replies
 * through the board; the first reads the reply in the widget. Neither address appears in the other's mail nor
 * page, and the relayed bodies are gone from the database file once delivered.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import type { BrowserContext, Page } from 'playwright-core';
import { decodeBody, startSmtpListener } from '../../server/testing/smtp.ts';
import { startDemo, watchPage, type Demo } from './harness.ts';

const AUTHOR = { email: 'atelier.leroux@example.fr', password: 'Un mot de passe assez long 2027', tradeName: 'Menuiserie Leroux' };
const ASKER = { email: 'librairie.marche@example.fr', password: 'Un autre mot de passe long 2027', tradeName: 'Librairie du Marché' };
const QUESTION = 'Bonjour, la camionnette serait-elle libre le samedi 15 mars ?';
// Without accents: the SMTP listener's decoding reads quoted-printable bytes one by one.
const REPLY = 'Oui, passez la prendre vendredi vers 18 heures.';

describe('the resource board on the demo site, messages relayed through SMTP', () => {
  let demo: Demo;
  let smtp: Awaited<ReturnType<typeof startSmtpListener>>;
  const contexts: BrowserContext[] = [];

  async function api(method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; body: any }> {
    const response = await fetch(`${demo.api}/v1/tenants/montjoli/${path}`, {
      method,
      headers: { origin: demo.site, 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: response.status === 204 ? undefined : await response.json() };
  }

  async function mailTo(to: string, marker: string): Promise<{ raw: string; body: string }> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const mail = smtp.received.find((m) => m.to.includes(to) && decodeBody(m.raw).includes(marker));
      if (mail) return { raw: mail.raw, body: decodeBody(mail.raw) };
      if (Date.now() > deadline) throw new Error(`no mail to ${to} with ${marker}; ${smtp.received.length} received`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** A business with a confirmed address and a profile, signed in; its page of the board. */
  async function business(who: typeof AUTHOR): Promise<Page> {
    assert.equal((await api('POST', 'auth/sign-up', { email: who.email, password: who.password, returnUrl: `${demo.site}/mon-compte.html` })).status, 202);
    const code = /civique-verify=([A-Za-z0-9_-]+)/.exec((await mailTo(who.email, 'civique-verify=')).body)![1];
    const { body: session } = await api('POST', 'auth/sign-in', { email: who.email, password: who.password });
    assert.equal((await api('POST', 'auth/verify-email', { code }, session.token)).status < 300, true);
    const saved = await api(
      'PUT',
      'me/business-profile',
      { tradeName: who.tradeName, siret: '732 829 320 00074', sector: 'Artisanat', commune: 'Montjoli' },
      session.token,
    );
    assert.equal(saved.status, 200);
    const context = await demo.browser.newContext();
    contexts.push(context);
    // Signed in on this site as civ-account would leave it: the token in this tab's session storage.
    await context.addInitScript((token) => sessionStorage.setItem('civique:montjoli:token', token), session.token as string);
    const page = await context.newPage();
    await page.goto(`${demo.site}/entraide.html`, { waitUntil: 'networkidle' });
    const refuse = page.locator('civ-consent-banner').getByRole('button', { name: 'Tout refuser' });
    if (await refuse.isVisible()) await refuse.click();
    return page;
  }

  before(async () => {
    smtp = await startSmtpListener();
    demo = await startDemo({ SMTP_URL: smtp.url });
  });
  after(async () => {
    for (const context of contexts) await context.close();
    await demo?.stop();
    await smtp?.close();
  });

  test('an offer posted, found, written to, answered through the board; no address crosses; bodies leave the outbox', async () => {
    const author = await business(AUTHOR);
    const authorWatch = watchPage(author);
    const authorBoard = author.locator('civ-resource-board');
    await authorBoard.getByRole('button', { name: 'Publier une annonce' }).click();
    await authorBoard.locator('#post-kind').selectOption('vehicle');
    await authorBoard.locator('#post-title').fill('Véhicule utilitaire à prêter le week-end');
    await authorBoard.locator('#post-description').fill('Notre camionnette de 12 m³ est libre du vendredi soir au lundi matin.');
    await authorBoard.locator('#post-place').selectOption('zone-des-pres');
    await authorBoard.locator('#post').getByRole('button', { name: 'Publier' }).click();
    await authorBoard.getByText('Votre annonce est publiée.').waitFor();

    const asker = await business(ASKER);
    const askerWatch = watchPage(asker);
    const askerBoard = asker.locator('civ-resource-board');
    await askerBoard.locator('#filter-q').fill('vehicule');
    await askerBoard.getByRole('button', { name: 'Afficher' }).click();
    await askerBoard.getByRole('link', { name: 'Véhicule utilitaire à prêter le week-end' }).click();
    await askerBoard.getByText('Par Menuiserie Leroux').waitFor();
    await askerBoard.locator('#contact-message').fill(QUESTION);
    await askerBoard.locator('#contact').getByRole('button', { name: 'Envoyer' }).click();
    await askerBoard.getByText('Message envoyé').waitFor();

    const toAuthor = await mailTo(AUTHOR.email, QUESTION);
    assert.ok(!toAuthor.raw.includes(ASKER.email), 'the asker’s address is in neither the headers nor the body of the author’s mail');
    const link = /(http:\/\/localhost:8080\/entraide\.html#civique-thread=[A-Za-z0-9_-]+)/.exec(toAuthor.body)?.[1];
    assert.ok(link, `a link back to the thread in:\n${toAuthor.body}`);
    await author.goto(link!, { waitUntil: 'networkidle' });
    await authorBoard.getByText(QUESTION).waitFor();
    await authorBoard.locator('#reply-message').fill(REPLY);
    await authorBoard.locator('#reply').getByRole('button', { name: 'Répondre' }).click();
    await authorBoard.getByText('Réponse envoyée.').waitFor();

    const toAsker = await mailTo(ASKER.email, REPLY);
    assert.ok(!toAsker.raw.includes(AUTHOR.email), 'the author’s address is in neither the headers nor the body of the asker’s mail');
    const back = /(http:\/\/localhost:8080\/entraide\.html#civique-thread=[A-Za-z0-9_-]+)/.exec(toAsker.body)![1];
    await asker.goto(back, { waitUntil: 'networkidle' });
    await askerBoard.getByText(REPLY).waitFor();

    // The page's markup and every shadow root's, as one string. A string, not a function: the test runs through
    // tsx, whose helpers would not exist in the page.
    const pageText = (page: Page) =>
      page.evaluate<string>(`(() => {
        const all = (root) => [...root.querySelectorAll('*')].map((el) => (el.shadowRoot ? el.shadowRoot.innerHTML + all(el.shadowRoot) : '')).join('');
        return document.documentElement.outerHTML + all(document);
      })()`);
    assert.ok(!(await pageText(asker)).includes(AUTHOR.email), 'the author’s address is not on the asker’s page');
    assert.ok(!(await pageText(author)).includes(ASKER.email), 'the asker’s address is not on the author’s page');
    assert.deepEqual([...authorWatch.problems, ...askerWatch.problems], []);

    // Both relayed mails are delivered: their bodies are gone from the outbox, down to the database file's bytes.
    const file = join(demo.dataDir, 'civique.db');
    const db = new Database(file);
    try {
      db.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      db.close();
    }
    const bytes = readFileSync(file);
    for (const text of [QUESTION, REPLY]) {
      // The thread keeps its messages (retention: while the post is open); the outbox's copy — the mail's HTML
      // with the text escaped into it — must not survive. Each message is stored once, in the thread.
      const found = bytes.toString('utf8').split(text).length - 1;
      assert.equal(found, 1, `“${text}” is in the database file ${found} times: once in its thread, never in the outbox`);
    }
  });
});
