/**
 * The staff console end to end, in Chromium against the real server: an admin invites a moderator, creates a
 * budget consultation with the form, pastes its snippet into a page of another allowed site, citizens vote there
 * (the last ones from one address, quarantined), the moderator accepts their cluster, the admin closes the
 * consultation and downloads the results as CSV, which a CSV parser reads back with the right totals.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { startDemo, STAFF, watchPage, type Demo } from './harness.ts';

const TEST_SITE = 'http://localhost:8091';
const MODERATOR = { email: 'moderatrice@montjoli.fr', password: 'Mot de passe de la modératrice 2027' };
const SLUG = 'budget-ecoles';
const TITLE = 'Budget des écoles';

/** Waits until the locator's text holds `text` (the live region, a table…). */
async function until(locator: Locator, text: string | RegExp, timeout = 15_000): Promise<void> {
  const deadline = Date.now() + timeout;
  let last = '';
  while (Date.now() < deadline) {
    last = ((await locator.textContent().catch(() => '')) ?? '').replace(/\s+/g, ' ');
    if (typeof text === 'string' ? last.includes(text) : text.test(last)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`waited for ${text} in: ${last}`);
}

/** `YYYY-MM-DDTHH:MM` in this machine's time zone, as a `datetime-local` input takes it. */
function local(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

describe('the staff console, from an invitation to the downloaded results', () => {
  let demo: Demo;
  let site: Server;
  let snippet = '';
  const contexts: BrowserContext[] = [];
  const problems: string[] = [];

  async function page(options: Parameters<Demo['browser']['newContext']>[0] = {}): Promise<Page> {
    const context = await demo.browser.newContext(options);
    contexts.push(context);
    const p = await context.newPage();
    const watch = watchPage(p);
    p.on('close', () => problems.push(...watch.problems));
    return p;
  }

  /** Opens `/console` and signs in; returns the console element. */
  async function signIn(p: Page, who: { email: string; password: string }): Promise<Locator> {
    await p.goto(`${demo.api}/console?tenant=montjoli`);
    const staffConsole = p.locator('civ-staff-console');
    await staffConsole.locator('#staff-sign-in-email').fill(who.email);
    await staffConsole.locator('#staff-sign-in-password').fill(who.password);
    await staffConsole.locator('form#staff-sign-in button[type="submit"]').click();
    await staffConsole.locator('nav').waitFor();
    return staffConsole;
  }

  const live = (staffConsole: Locator) => staffConsole.locator('[role="status"][aria-live="polite"]');

  before(async () => {
    demo = await startDemo();
    site = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>École</title></head><body><h1>${TITLE}</h1>\n${snippet}\n</body></html>`);
    });
    await new Promise<void>((resolve) => site.listen(8091, 'localhost', resolve));
  });
  after(async () => {
    for (const context of contexts) await context.close();
    site?.close();
    await demo?.stop();
  });

  let admin: Page;
  let adminConsole: Locator;

  test('an admin invites a moderator and allows the school site’s origin', async () => {
    admin = await page({ permissions: ['clipboard-read', 'clipboard-write'] });
    adminConsole = await signIn(admin, STAFF);
    await adminConsole.getByRole('button', { name: 'Équipe et journal' }).click();
    await adminConsole.locator('#invite-email').fill(MODERATOR.email);
    await adminConsole.locator('#invite-role').selectOption('moderator');
    await adminConsole.locator('form#invite button[type="submit"]').click();
    await until(live(adminConsole), `Invitation envoyée à ${MODERATOR.email}.`);
    // The invited moderator chooses a password through the mailed link.
    const mail = demo.mails().findLast((m) => m.startsWith(MODERATOR.email));
    const code = /#civique-reset=([A-Za-z0-9_-]+)/.exec(mail ?? '')?.[1];
    assert.ok(code, `an invitation link in: ${mail}`);
    const reset = await fetch(`${demo.api}/v1/tenants/montjoli/auth/password-reset`, {
      method: 'POST',
      headers: { origin: demo.site, 'content-type': 'application/json' },
      body: JSON.stringify({ code, newPassword: MODERATOR.password }),
    });
    assert.equal(reset.status, 200, await reset.text());

    await adminConsole.locator('#origin-list').selectOption('allowed');
    await adminConsole.locator('#origin-value').fill(TEST_SITE);
    await adminConsole.locator('form#origin-add button[type="submit"]').click();
    await until(live(adminConsole), `${TEST_SITE} ajoutée.`);
  });

  test('the admin creates a budget consultation with the form, opens it and copies its snippet', async () => {
    await adminConsole.getByRole('button', { name: 'Consultations', exact: true }).click();
    await adminConsole.getByRole('button', { name: 'Créer une consultation' }).click();
    await adminConsole.locator('#cf-kind').selectOption('budget');
    await adminConsole.locator('#cf-settings-projects').waitFor();
    await adminConsole.locator('#cf-slug').fill(SLUG);
    await adminConsole.locator('#cf-title').fill(TITLE);
    await adminConsole.locator('#cf-allowAnonymous').check();
    await adminConsole.locator('#cf-opensAt').fill(local(new Date(Date.now() + 3_600_000)));
    await adminConsole.locator('#cf-closesAt').fill(local(new Date(Date.now() + 30 * 86_400_000)));
    await adminConsole.locator('#cf-retentionEnd').fill(local(new Date(Date.now() + 210 * 86_400_000)));
    await adminConsole.locator('#cf-privacyNotice-purposes').fill('Compter les votes');
    await adminConsole.locator('#cf-privacyNotice-recipients').fill('Service des écoles');
    await adminConsole.locator('#cf-privacyNotice-retention').fill('6 mois après la clôture');
    await adminConsole.locator('#cf-stuffingPolicy-perIp-enabled').check();
    await adminConsole.locator('#cf-stuffingPolicy-perIp-max').fill('3');
    await adminConsole.locator('#cf-stuffingPolicy-perIp-windowMinutes').fill('1440');
    for (const [i, project] of [
      ['preau', 'Un préau pour la cour', '40000'],
      ['jardin', 'Un jardin pédagogique', '20000'],
    ].entries()) {
      await adminConsole.getByRole('button', { name: 'Ajouter : Projets' }).click();
      await adminConsole.locator(`#cf-settings-projects-${i}-id`).fill(project[0]);
      await adminConsole.locator(`#cf-settings-projects-${i}-title`).fill(project[1]);
      await adminConsole.locator(`#cf-settings-projects-${i}-cost`).fill(project[2]);
    }
    await adminConsole.locator('#cf-settings-budget').fill('50000');
    await adminConsole.locator('form#consultation-editor button[type="submit"]').click();
    await until(live(adminConsole), `Consultation « ${TITLE} » créée.`);

    await adminConsole.getByRole('button', { name: `Ouvrir maintenant : ${TITLE}` }).click();
    await adminConsole.locator('form#confirm button[type="submit"]').click();
    await until(live(adminConsole), `« ${TITLE} » est ouverte.`);

    await adminConsole.getByRole('button', { name: `Code à coller : ${TITLE}` }).click();
    const code = adminConsole.locator('#snippet-code');
    await until(code, '');
    await adminConsole.getByRole('button', { name: 'Copier le code' }).click();
    await until(live(adminConsole), 'Code copié');
    snippet = await admin.evaluate(() => navigator.clipboard.readText());
    assert.match(snippet, /integrity="sha384-[A-Za-z0-9+/=]+"/);
    assert.ok(snippet.includes(`<civ-vote consultation="${SLUG}"></civ-vote>`), snippet);
    assert.equal(snippet, await code.inputValue());
  });

  test('citizens vote on the school site; the ones past the cap of one address are quarantined', async () => {
    // The server keeps a tenant's settings for a few seconds: wait until it allows the new origin.
    for (let tries = 0; ; tries++) {
      const res = await fetch(`${demo.api}/v1/tenants/montjoli`, { headers: { origin: TEST_SITE } });
      if (res.status === 200) break;
      assert.ok(tries < 150, `the new origin is still refused: ${res.status}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const choices = ['preau', 'preau', 'jardin', 'preau', 'jardin'];
    const statuses: string[] = [];
    for (const choice of choices) {
      const citizen = await page();
      await citizen.goto(`${TEST_SITE}/`);
      const vote = citizen.locator('civ-vote');
      await vote.locator('[part="base"][aria-busy="false"]').waitFor();
      const shown = vote.locator('[part="base"]');
      await until(shown, 'Un jardin pédagogique');
      await vote.getByLabel(choice === 'preau' ? /Un préau/ : /Un jardin/).check();
      await vote.getByRole('button', { name: 'Voter' }).click();
      await until(shown, /Merci|vérifi/);
      statuses.push((await shown.textContent())!.includes('vérifi') ? 'quarantined' : 'counted');
      await citizen.close();
    }
    assert.deepEqual(statuses, ['counted', 'counted', 'counted', 'quarantined', 'quarantined']);
  });

  test('the moderator sees the cluster’s effect, then accepts it', async () => {
    const moderator = await page();
    const moderatorConsole = await signIn(moderator, MODERATOR);
    await moderatorConsole.getByRole('button', { name: 'Vérifications' }).click();
    await moderatorConsole.locator('#quarantine-consultation').selectOption(SLUG);
    await moderatorConsole.locator('#clusters-caption').waitFor();
    await moderatorConsole
      .getByRole('button', { name: /^Accepter le groupe/ })
      .first()
      .click();
    await until(moderatorConsole.locator('[part="base"]'), 'Accepter ce groupe ajouterait 2 participations : 5 participations comptées au total.');
    await moderatorConsole.locator('form#cluster-review button[type="submit"]').click();
    await until(live(moderatorConsole), '2 participations acceptées.');
    await moderator.close();
  });

  test('the admin closes the consultation and downloads the results, which a CSV parser reads with the right totals', async () => {
    await adminConsole.getByRole('button', { name: 'Consultations', exact: true }).click();
    await adminConsole.getByRole('button', { name: `Clore : ${TITLE}` }).click();
    await adminConsole.locator('form#confirm button[type="submit"]').click();
    await until(live(adminConsole), `« ${TITLE} » est close.`);
    await adminConsole.getByRole('button', { name: 'Résultats et statistiques' }).click();
    await adminConsole.locator('#results-consultation').selectOption(SLUG);
    await adminConsole.locator('#district-0').waitFor();
    const [download] = await Promise.all([admin.waitForEvent('download'), adminConsole.getByRole('button', { name: 'Résultats (CSV)' }).click()]);
    const text = readFileSync((await download.path())!, 'utf8');
    const [head, ...rows] = parse(text, { delimiter: ';', bom: true }) as string[][];
    const column = (name: string) => head.indexOf(name);
    const byProject = Object.fromEntries(rows.map((r) => [r[column('Projet')], { votes: Number(r[column('Votes')]), funded: r[column('Financé')] }]));
    assert.deepEqual(byProject, { preau: { votes: 3, funded: 'oui' }, jardin: { votes: 2, funded: 'non' } }, `in:\n${text}`);
    assert.equal(
      rows.reduce((sum, r) => sum + Number(r[column('Votes')]), 0),
      5,
      'the three counted at once and the two accepted from quarantine',
    );
  });

  test('no console error, uncaught exception or CSP violation on any page', async () => {
    await admin.close();
    assert.deepEqual(problems, []);
  });
});
