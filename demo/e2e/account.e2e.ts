/**
 * Issue 3's end-to-end journey on the demo's "Mon compte" page (http://localhost:8080) against the real API
 * (http://127.0.0.1:8787): a citizen signs up, confirms the address from the mailed link, fills the profile,
 * downloads the export, signs out and in, loses the server in the middle of a change without losing the
 * change, and deletes the account. The steps share one browser context and run in order.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { startDemo, watchPage, type Demo } from './harness.ts';

const EMAIL = `camille.${Date.now()}@example.fr`;
const PASSWORD = 'Les tilleuls de la place fleurissent en juin';
const TOKEN_KEY = 'civique:montjoli:token';

/** The widget on the page; Playwright's CSS and text selectors pierce its open shadow root. */
const account = (page: Page) => page.locator('civ-account');
const see = (page: Page, text: string) => account(page).getByText(text).first().waitFor();
const button = (page: Page, name: string) => account(page).getByRole('button', { name, exact: true });
/** Every `civique:` key in local and session storage, as `local:<key>` / `session:<key>`. */
const storedKeys = (page: Page) =>
  page.evaluate(() =>
    (['local', 'session'] as const).flatMap((kind) =>
      Object.keys(kind === 'local' ? localStorage : sessionStorage)
        .filter((key) => key.startsWith('civique:'))
        .map((key) => `${kind}:${key}`),
    ),
  );

async function waitForMail(demo: Demo, to: string, marker: string): Promise<string> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const mail = demo.mails().find((text) => text.startsWith(to) && text.includes(marker));
    if (mail) return mail;
    if (Date.now() > deadline) throw new Error(`no mail to ${to} with ${marker}; mails so far:\n${demo.mails().join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const value = (page: Page, selector: string) => account(page).locator(selector).inputValue();

describe('civ-account on the demo’s “Mon compte” page, against the real API', () => {
  let demo: Demo;
  let context: BrowserContext;
  let page: Page;
  let watch: { problems: string[] };
  /** Console problems of pages already closed. */
  const closedPages: string[] = [];

  async function open(url: string): Promise<Page> {
    const opened = await context.newPage();
    watch = watchPage(opened);
    await opened.goto(url);
    await account(opened).locator('[part="base"][aria-busy="false"]').waitFor();
    return opened;
  }

  before(async () => {
    demo = await startDemo();
    context = await demo.browser.newContext({ acceptDownloads: true });
    page = await open(`${demo.site}/mon-compte.html`);
  });
  after(async () => {
    await context?.close();
    await demo?.stop();
  });

  test('signs up, then signs in staying signed in on this device', async () => {
    await button(page, 'Créer un compte').click();
    await account(page).locator('#sign-up-email').fill(EMAIL);
    await account(page).locator('#sign-up-password').fill(PASSWORD);
    await button(page, 'Créer mon compte').click();

    await see(page, `Si l’adresse ${EMAIL} peut être utilisée, un e-mail de confirmation vient d’y être envoyé.`);
    await account(page).locator('#sign-in-password').fill(PASSWORD);
    await account(page).locator('#sign-in-remember').check();
    await button(page, 'Se connecter').click();
    await see(page, `Connecté avec ${EMAIL}`);
    await account(page).locator('[part="verify"]').waitFor();
    assert.deepEqual(await storedKeys(page), [`local:${TOKEN_KEY}`], 'the token is remembered in localStorage, and only there');
  });

  test('confirms the address from the mailed link, which leads back to this page and leaves the address bar', async () => {
    const mail = await waitForMail(demo, EMAIL, 'civique-verify=');
    const link = /(http:\/\/localhost:8080\/mon-compte\.html#civique-verify=[A-Za-z0-9_-]+)/.exec(mail)?.[1];
    assert.ok(link, `a link back to the demo page in:\n${mail}`);

    // The mail client opens the link in a new tab of the same browser.
    closedPages.push(...watch.problems);
    await page.close();
    page = await open(link);
    await see(page, 'Votre adresse e-mail est confirmée. Merci !');
    assert.equal(page.url(), `${demo.site}/mon-compte.html`, 'the code is gone from the address bar');
    await see(page, `Connecté avec ${EMAIL}`);
    assert.equal(await account(page).locator('[part="verify"]').count(), 0, 'no more “confirm your address” banner');
  });

  test('fills the profile and a display choice, saved across a reload', async () => {
    await account(page).locator('#profile-pseudonym').fill('Camille des Coteaux');
    await account(page).locator('#profile-birthYear').fill('1984');
    await account(page).locator('#profile-city').fill('Montjoli');
    await account(page).locator('#profile-quartier').selectOption('Les Coteaux');
    await account(page).locator('#profile-pcsGroup').selectOption({ label: 'Professions intermédiaires' });
    await account(page).locator('#profile-showQuartier').check();
    await button(page, 'Enregistrer mon profil').click();
    await see(page, 'Votre profil est enregistré.');

    await page.reload();
    await account(page).locator('#profile-pseudonym').waitFor();
    assert.equal(await value(page, '#profile-pseudonym'), 'Camille des Coteaux');
    assert.equal(await value(page, '#profile-birthYear'), '1984');
    assert.equal(await value(page, '#profile-city'), 'Montjoli');
    assert.equal(await value(page, '#profile-quartier'), 'Les Coteaux');
    assert.equal(await value(page, '#profile-pcsGroup'), '4');
    assert.equal(await account(page).locator('#profile-showQuartier').isChecked(), true);
    assert.equal(await account(page).locator('#profile-showCity').isChecked(), false);
  });

  test('downloads the export: a JSON file with the email and the profile', async () => {
    await button(page, 'Mes données et mes droits').click();
    const [download] = await Promise.all([page.waitForEvent('download'), button(page, 'Télécharger mes données').click()]);
    assert.match(download.suggestedFilename(), /^civique-mes-donnees-\d{4}-\d{2}-\d{2}\.json$/);
    const exported = JSON.parse(await readFile((await download.path())!, 'utf8'));
    assert.equal(exported.format, 'civique-export/1');
    const mine = exported.account ?? {};
    assert.equal(mine.email, EMAIL, `the export's account section: ${JSON.stringify(exported).slice(0, 800)}`);
    assert.match(mine.emailVerifiedAt ?? '', /^\d{4}-\d{2}-\d{2}T/, 'the confirmation is in it');
    const { pseudonym, birthYear, city, quartier, pcsGroup, showQuartier } = mine.profile ?? {};
    assert.deepEqual(
      { pseudonym, birthYear, city, quartier, pcsGroup, showQuartier },
      { pseudonym: 'Camille des Coteaux', birthYear: 1984, city: 'Montjoli', quartier: 'Les Coteaux', pcsGroup: 4, showQuartier: true },
    );
  });

  test('signs out: the token and everything of the kit leave this device', async () => {
    await account(page).locator('[part="sign-out"]').click();
    await see(page, 'Vous êtes déconnecté.');
    await account(page).locator('#sign-in-email').waitFor();
    assert.deepEqual(await storedKeys(page), []);
  });

  test('signs in again, for this browser session only', async () => {
    await account(page).locator('#sign-in-email').fill(EMAIL);
    await account(page).locator('#sign-in-password').fill(PASSWORD);
    await button(page, 'Se connecter').click();
    await see(page, `Connecté avec ${EMAIL}`);
    assert.deepEqual(await storedKeys(page), [`session:${TOKEN_KEY}`]);
    assert.equal(await value(page, '#profile-city'), 'Montjoli');
  });

  test('a submit while the server is down keeps the change, which survives a reload and is saved on retry', async () => {
    const city = 'Montjoli-le-Haut';
    await account(page).locator('#profile-city').fill(city);
    const before = watch.problems.length;
    await demo.stopServer();
    try {
      await button(page, 'Enregistrer mon profil').click();
      const status = account(page).locator('#profile-status');
      await status.getByText('Le serveur n’a pas pu être joint.').waitFor();
      await status.getByText('Vos informations sont conservées sur cet appareil').waitFor();
      await status.getByRole('button', { name: 'Réessayer l’envoi' }).waitFor();
      assert.equal(await value(page, '#profile-city'), city, 'the input is still there');
      const draft = await page.evaluate(() => Object.entries(localStorage).find(([key]) => key.startsWith('civique:montjoli:draft:account:profile:')));
      assert.ok(draft, 'the draft is in localStorage');
      const kept = JSON.parse(draft[1]);
      assert.equal(kept.values.city, city);
      assert.ok(kept.failedAt, 'marked as a failed submit, to offer the retry after a reload');
    } finally {
      // The demo site and the API are one process: the page itself can only be reloaded once it is back.
      await demo.startServer();
    }
    // The browser says the request failed; nothing else may have been logged meanwhile.
    const outage = watch.problems.splice(before);
    assert.ok(outage.length > 0, 'the failed request shows in the console');
    for (const problem of outage)
      assert.match(problem, /Failed to load resource: net::ERR_CONNECTION_REFUSED \(http:\/\/127\.0\.0\.1:8787\/v1\/tenants\/montjoli\/me\)$/);

    await page.reload();
    await account(page).locator('#profile-city').waitFor();
    assert.equal(await value(page, '#profile-city'), city, 'the draft is restored after the reload');
    const status = account(page).locator('#profile-status');
    await status.getByText('Votre dernier envoi n’a pas abouti.').waitFor();
    await status.getByRole('button', { name: 'Réessayer l’envoi' }).click();
    await see(page, 'Votre profil est enregistré.');

    await page.reload();
    await account(page).locator('#profile-city').waitFor();
    assert.equal(await value(page, '#profile-city'), city, 'saved on the server');
    assert.equal(await account(page).locator('#profile-status').count(), 0, 'nothing left to retry');
    assert.deepEqual(await storedKeys(page), [`session:${TOKEN_KEY}`], 'the draft is gone');
  });

  test('deletes the account after confirming with the password; signing in again fails', async () => {
    await button(page, 'Mes données et mes droits').click();
    await button(page, 'Supprimer mon compte…').click();
    await see(page, 'Cette opération est irréversible');
    await account(page).locator('#delete-password').fill(PASSWORD);
    await button(page, 'Supprimer définitivement mon compte').click();
    await see(page, 'Votre compte est supprimé');
    assert.deepEqual(await storedKeys(page), []);

    const before = watch.problems.length;
    await account(page).locator('#sign-in-email').fill(EMAIL);
    await account(page).locator('#sign-in-password').fill(PASSWORD);
    await button(page, 'Se connecter').click();
    await account(page).locator('#sign-in-status').getByText('Adresse e-mail ou mot de passe incorrect.').waitFor();
    assert.equal(await account(page).getByText(`Connecté avec ${EMAIL}`).count(), 0);
    // The browser logs the refusal (401) itself; it is the answer this step expects.
    assert.deepEqual(watch.problems.splice(before), [
      'console: Failed to load resource: the server responded with a status of 401 (Unauthorized) (http://127.0.0.1:8787/v1/tenants/montjoli/auth/sign-in)',
    ]);
  });

  test('no console error, exception or CSP violation on any page of the journey', () => {
    assert.deepEqual([...closedPages, ...watch.problems], []);
  });
});
