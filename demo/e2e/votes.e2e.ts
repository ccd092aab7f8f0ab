/**
 * Issue 4's end-to-end journeys on the demo commune's site (http://localhost:8080) against the real API
 * (http://127.0.0.1:8787): a citizen votes on the market day without an account, changes the vote, finds it
 * again after a reload and withdraws it; signs in to vote in the participatory budget (a district, projects
 * within the cap, a project refused because it does not fit); fills the mobility survey partly, reloads,
 * resumes and finishes; and reads results — public ones, and a closed consultation's final ones that were
 * hidden until it closed (set up and closed through the staff API).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { STAFF, startDemo, watchPage, type Demo } from './harness.ts';

const EMAIL = `dominique.${Date.now()}@example.fr`;
const PASSWORD = 'Le marché du samedi sent bon les fraises';

/** The widget on the page; Playwright's locators pierce its open shadow root. */
const widget = (page: Page, tag: 'civ-vote' | 'civ-survey' = 'civ-vote') => page.locator(tag).first();
const see = (root: Locator, text: string) => root.getByText(text).first().waitFor();
const button = (root: Locator, name: string) => root.getByRole('button', { name, exact: true });

describe('votes, budgets and surveys on the demo site, against the real API', () => {
  let demo: Demo;
  let context: BrowserContext;
  const problems: string[] = [];

  /** Opens a page of the demo site, refuses the cookies (the banner would cover the widget) and waits for `tag`. */
  async function open(path: string, tag: 'civ-vote' | 'civ-survey' | 'civ-account' = 'civ-vote'): Promise<Page> {
    const page = await context.newPage();
    const watch = watchPage(page);
    page.on('close', () => problems.push(...watch.problems.map((problem) => `${path}: ${problem}`)));
    await page.goto(`${demo.site}${path}`);
    await page.locator(tag).locator('[part="base"][aria-busy="false"]').waitFor();
    // The banner asks once per browser (the choice is kept): refused the first time.
    const refuse = page.locator('civ-consent-banner').getByRole('button', { name: 'Tout refuser' });
    if (await refuse.isVisible()) await refuse.click();
    return page;
  }

  /** The staff API, signed in as the demo's agent from the staff console's origin (the API's own). */
  async function staff(method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; body: any }> {
    const response = await fetch(`${demo.api}/v1/tenants/montjoli/${path}`, {
      method,
      headers: { origin: demo.api, 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: response.status === 204 ? undefined : await response.json() };
  }

  before(async () => {
    demo = await startDemo();
    context = await demo.browser.newContext();
  });
  after(async () => {
    await context?.close();
    await demo?.stop();
  });

  test('market day: votes without an account, changes the vote, finds it after a reload, withdraws it', async () => {
    const page = await open('/marche.html');
    const vote = widget(page);
    // The page shows the title (the widget has no-header); the widget's form is named by it.
    await see(page.locator('h1'), 'Quel jour pour le marché du centre-ville ?');
    await vote.getByRole('form', { name: 'Quel jour pour le marché du centre-ville ?' }).waitFor();
    await vote.getByLabel('Samedi matin').check();
    await button(vote, 'Voter').click();
    await see(vote, 'Merci ! Votre vote est enregistré.');
    await see(vote, '1 vote (100 %)');
    const id = await page.evaluate(() => localStorage.getItem('civique:montjoli:participant'));
    assert.match(
      id ?? '',
      /^[0-9a-f]{12}\.[A-Za-z0-9_-]{22}$/,
      'an anonymous participant id (its creation time, then 128 random bits) is kept for this tenant',
    );

    await vote.getByLabel('Mercredi matin').check();
    await button(vote, 'Modifier mon vote').click();
    await see(vote, 'Votre vote est modifié.');
    await see(vote, 'Résultats provisoires. 1 vote.');

    await page.reload();
    await page.locator('civ-vote [part="base"][aria-busy="false"]').waitFor();
    await see(widget(page), 'Vous avez voté le');
    assert.equal(await widget(page).getByLabel('Mercredi matin').isChecked(), true, 'the vote is remembered');
    assert.equal(await widget(page).getByLabel('Samedi matin').isChecked(), false);

    await button(widget(page), 'Retirer mon vote').click();
    await see(widget(page), 'Retirer votre vote ?');
    await button(widget(page), 'Oui, retirer mon vote').click();
    await see(widget(page), 'Votre vote est retiré.');
    await see(widget(page), 'Résultats provisoires. 0 vote.');
    await button(widget(page), 'Voter').waitFor();
    await page.close();
  });

  test('participatory budget: reads the projects signed out, signs up and is brought back, chooses within the cap, sees a refusal, votes', async () => {
    const page = await open('/budget-participatif.html');
    // Signed out, everything is readable: only sending the vote asks for an account.
    await widget(page).getByLabel('Centre-ville').check();
    await see(widget(page), 'Les projets du quartier Centre-ville');
    assert.equal(
      await widget(page)
        .getByLabel(/Rénover la fontaine/)
        .isEnabled(),
      true,
      'the projects can be read and tried',
    );
    assert.equal(await button(widget(page), 'Voter').count(), 0);
    await see(widget(page), 'Un compte est nécessaire pour participer.');
    // The sign-in link leads to the site's account page, which brings the citizen back here once signed in.
    await widget(page).getByRole('link', { name: 'Se connecter ou créer un compte' }).click();
    await page.locator('civ-account [part="base"][aria-busy="false"]').waitFor();
    const account = page.locator('civ-account');
    await button(account, 'Créer un compte').click();
    await account.locator('#sign-up-email').fill(EMAIL);
    await account.locator('#sign-up-password').fill(PASSWORD);
    await button(account, 'Créer mon compte').click();
    // Sign-up answers the same for any address; the citizen signs in next, and is brought back to the budget.
    await account.locator('#sign-in-password').fill(PASSWORD);
    await button(account, 'Se connecter').click();
    await page.waitForURL(`${demo.site}/budget-participatif.html`);
    await page.locator('civ-vote [part="base"][aria-busy="false"]').waitFor();
    const vote = widget(page);
    await vote.getByLabel('Centre-ville').check();
    await see(vote, 'Les projets du quartier Centre-ville');
    await vote.getByLabel(/Rénover la fontaine/).check();
    await vote.getByLabel(/Planter 40 arbres/).check();
    await see(vote, 'Total : 113 000 € sur 150 000 €, il reste 37 000 €.');
    await vote.getByLabel(/toilettes publiques/).click();
    await see(vote, 'mais il ne reste que 37 000 € dans le budget : retirez d’abord un autre projet.');
    assert.equal(await vote.getByLabel(/toilettes publiques/).isChecked(), false, 'the project that does not fit is refused');
    await vote.getByLabel(/boîtes à livres/).check();
    await see(vote, 'Total : 120 500 € sur 150 000 €, il reste 29 500 €.');
    await button(vote, 'Voter').click();
    await see(vote, 'Merci ! Votre vote est enregistré.');
    await see(vote, 'Vous avez voté le');
    const results = vote.locator('[part="district-results"]').first();
    await see(results, '1 vote. Projets retenus : 120 500 € sur 150 000 €.');
    await page.close();
  });

  test('mobility survey: answers part of it, reloads, resumes where it was, finishes, reads the results', async () => {
    const page = await open('/mobilite.html', 'civ-survey');
    let survey = widget(page, 'civ-survey');
    await see(survey, 'Section 1 sur 4');
    await survey.getByLabel('À vélo ou trottinette').check();
    await survey.getByLabel('Travail', { exact: true }).check();
    await survey.getByLabel(/Quelle distance/).fill('4,5');
    await button(survey, 'Section suivante').click();
    await see(survey, 'Section 2 sur 4');
    await survey.getByLabel('Non', { exact: true }).check();
    await see(survey, 'Qu’est-ce qui vous empêche de faire du vélo ?');
    await survey.getByLabel('Les côtes').check();

    await page.reload();
    await page.locator('civ-survey [part="base"][aria-busy="false"]').waitFor();
    survey = widget(page, 'civ-survey');
    await see(survey, 'Section 2 sur 4');
    assert.equal(await survey.getByLabel('Non', { exact: true }).isChecked(), true, 'the answers are back after the reload');
    assert.equal(await survey.getByLabel('Les côtes').isChecked(), true);
    await survey
      .getByRole('group', { name: /en sécurité quand vous marchez/ })
      .getByLabel('4', { exact: true })
      .check();
    await button(survey, 'Section suivante').click();

    await see(survey, 'Section 3 sur 4');
    for (const option of ['Des pistes cyclables continues', 'Des bus plus fréquents', 'Des rues à 30 km/h']) {
      await button(survey, `Ajouter : ${option}`).click();
    }
    await survey.getByLabel('Avez-vous une idée pour améliorer vos déplacements ?').fill('Des arceaux à vélo devant la gare.');
    await button(survey, 'Section suivante').click();
    await see(survey, 'À propos de vous (facultatif)');
    await survey.getByLabel('Année de naissance').fill('1984');
    await button(survey, 'Envoyer mes réponses').click();
    await see(survey, 'Merci ! Vos réponses sont enregistrées.');
    // This survey publishes its results.
    const cycling = survey.locator('[part="question-results"]').filter({ hasText: 'Faites-vous du vélo ?' });
    await see(cycling, '1 réponse (100 %)');
    assert.equal(await page.evaluate(() => Object.keys(localStorage).some((key) => key.includes(':draft:survey:'))), false, 'the draft is gone once sent');
    await page.close();
  });

  test('a vote whose results wait for its closing: hidden while open, final once closed', async () => {
    const signIn = await staff('POST', 'auth/sign-in', { email: STAFF.email, password: STAFF.password });
    assert.equal(signIn.status, 200, JSON.stringify(signIn.body));
    const token = signIn.body.token as string;
    const now = Date.now();
    const created = await staff(
      'POST',
      'consultations',
      {
        slug: 'fete-musique',
        kind: 'vote',
        title: 'Où fêter la musique ?',
        opensAt: new Date(now - 86_400_000).toISOString(),
        closesAt: new Date(now + 86_400_000).toISOString(),
        retentionEnd: new Date(now + 400 * 86_400_000).toISOString(),
        privacyNotice: { purposes: ['Compter les votes'], recipients: ['Ville de Montjoli'], retention: 'Un an après la clôture' },
        allowAnonymous: true,
        settings: {
          mode: 'single',
          options: [
            { id: 'parc', label: 'Au parc des Tilleuls' },
            { id: 'place', label: 'Sur la place de la Mairie' },
          ],
          resultsVisibility: 'after_close',
        },
      },
      token,
    );
    assert.equal(created.status, 201, JSON.stringify(created.body));

    // A webmaster adds the element to a page later: the loader picks it up.
    const page = await open('/marche.html');
    await page.evaluate(() => document.querySelector('.widget-zone')!.insertAdjacentHTML('beforeend', '<civ-vote consultation="fete-musique"></civ-vote>'));
    const party = page.locator('civ-vote[consultation="fete-musique"]');
    await see(party, 'Où fêter la musique ?');
    await see(party, 'Les résultats seront publiés à la clôture');
    await party.getByLabel('Sur la place de la Mairie').check();
    await button(party, 'Voter').click();
    await see(party, 'Merci ! Votre vote est enregistré.');
    assert.equal(await party.locator('[part="results"]').count(), 0, 'no results before closing');

    const closed = await staff('PATCH', 'consultations/fete-musique', { closesAt: new Date(Date.now() - 1000).toISOString() }, token);
    assert.equal(closed.status, 200, JSON.stringify(closed.body));
    await page.reload();
    const after = page.locator('civ-vote[consultation="fete-musique"]');
    // The reloaded page has only the market vote: add the element again.
    if ((await after.count()) === 0) {
      await page.evaluate(() => document.querySelector('.widget-zone')!.insertAdjacentHTML('beforeend', '<civ-vote consultation="fete-musique"></civ-vote>'));
    }
    await see(after, 'Résultats définitifs');
    await see(after, 'Sur la place de la Mairie');
    await see(after, '1 vote (100 %)');
    assert.equal(await after.locator('form').count(), 0, 'no ballot once closed');
    await page.close();
  });

  test('no console error, uncaught exception or CSP violation on any page visited', () => {
    assert.deepEqual(problems, []);
  });
});
