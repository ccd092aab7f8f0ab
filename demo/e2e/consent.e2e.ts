/**
 * Issue 5 on the demo site as the webmaster pasted it: "The demo site loads the banner on every page with a fake
 * audience script, and the mentions légales page reopens it". A fresh visitor refuses, then accepts from the
 * mentions légales, then withdraws; the fake audience script (`/assets/audience-demo.js`, which sets
 * `_demo_audience`) must follow each choice, and the proof of each choice must reach the API. The banner's own
 * behaviour on test pages is `widgets/consent-banner/consent-banner.e2e.ts`; this is the banner on the real site.
 * The steps share one fresh browser context and run in order.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { startDemo, watchPage, type Demo } from './harness.ts';

const AUDIENCE_SCRIPT = '/assets/audience-demo.js';
const STATS_SCRIPT = '/assets/stats-demo.js';

describe('the cookie banner on the demo site, as pasted', () => {
  let demo: Demo;
  let context: BrowserContext;
  let page: Page;
  let watch: { problems: string[] };
  /** Every URL the browser asked for, in order. */
  const requested: string[] = [];
  const audienceRequests = () => requested.filter((url) => url === `${demo.site}${AUDIENCE_SCRIPT}`).length;

  const banner = () => page.locator('civ-consent-banner');
  const layer = () => banner().getByRole('region', { name: 'Vos choix sur les cookies' });
  const cookie = async (name: string) => (await context.cookies(demo.site)).find((c) => c.name === name);
  const choice = async () => {
    const stored = await cookie('civique_consent');
    return stored && (JSON.parse(decodeURIComponent(stored.value)) as { v: string; id: string; c: Record<string, boolean> });
  };
  /** Clicks, and waits until the banner's proof of consent was answered by the API. */
  async function chooseAndProve(click: () => Promise<void>) {
    const [proof] = await Promise.all([
      page.waitForResponse((response) => response.url() === `${demo.api}/v1/tenants/montjoli/consents` && response.request().method() === 'POST'),
      click(),
    ]);
    assert.equal(proof.status(), 201, 'recordConsent answered');
  }

  /** getConsent, from outside any browser (no Origin: not cross-site), once it holds `count` records. */
  async function consentHistory(id: string, count: number) {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const response = await fetch(`${demo.api}/v1/tenants/montjoli/consents/${id}`);
      assert.equal(response.status, 200);
      const history = (await response.json()) as {
        consentId: string;
        records: {
          action: string;
          choices: Record<string, boolean>;
          configVersion: string;
          textHash: string;
          locale: string;
          pageOrigin: string;
          ipTrace: { addressHash: string } | null;
        }[];
      };
      if (history.records.length >= count || Date.now() > deadline) return history;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  before(async () => {
    demo = await startDemo();
    context = await demo.browser.newContext();
    context.on('request', (request) => requested.push(request.url()));
    page = await context.newPage();
    watch = watchPage(page);
  });
  after(async () => {
    await context?.close();
    await demo?.stop();
  });

  test('on a fresh visit it comes first, and nothing that needs consent loads or is stored before a choice', async () => {
    await page.goto(`${demo.site}/index.html`, { waitUntil: 'networkidle' });
    await layer().waitFor();
    assert.equal(await page.evaluate(() => document.body.firstElementChild?.localName), 'civ-consent-banner');

    await page.keyboard.press('Tab');
    const first = await page.evaluate(() => {
      const host = document.activeElement;
      const inner = host?.shadowRoot?.activeElement;
      return { host: host?.localName, inner: inner?.getAttribute('aria-label') ?? inner?.textContent?.trim() };
    });
    assert.deepEqual(first, { host: 'civ-consent-banner', inner: 'Continuer sans accepter' }, 'the first Tab lands in the banner');

    assert.equal(audienceRequests(), 0, 'the audience script is not even requested');
    assert.equal(await cookie('_demo_audience'), undefined);
    assert.equal(await cookie('civique_consent'), undefined, 'nothing is written before a choice');
    assert.equal(await page.locator(`script[data-src="${AUDIENCE_SCRIPT}"]`).getAttribute('type'), 'text/plain');
    // The exempt, self-hosted measurement may run at once (CNIL exemption), and does.
    assert.ok(requested.includes(`${demo.site}${STATS_SCRIPT}`), 'the exempt statistics script loads without consent');
  });

  test('“Tout refuser” loads nothing, and the choice holds on the next page', async () => {
    await chooseAndProve(() => layer().getByRole('button', { name: 'Tout refuser' }).click());
    await layer().waitFor({ state: 'detached' });
    assert.deepEqual((await choice())?.c, { audience: false, stats: true });
    assert.equal(audienceRequests(), 0);
    assert.equal(await cookie('_demo_audience'), undefined);

    await page.getByRole('link', { name: 'Mentions légales et données personnelles' }).click();
    await page.waitForURL(`${demo.site}/mentions-legales.html`);
    await page.waitForLoadState('networkidle');
    await page.waitForFunction(() => document.querySelector('civ-consent-banner')?.choices);
    assert.equal(await layer().count(), 0, 'the banner does not ask again');
    assert.equal(await banner().locator('[part="reopen"]').count(), 0, 'no floating button: the footer link reopens the choices');
    assert.equal(audienceRequests(), 0);
    assert.equal(await cookie('_demo_audience'), undefined);
  });

  test('reopened from the mentions légales, “Tout accepter” loads the audience script and its cookie', async () => {
    const opener = page.getByRole('button', { name: 'Modifier mes choix de cookies' });
    await opener.click();
    await layer().waitFor();
    assert.equal(await banner().evaluate((element) => element.shadowRoot!.activeElement?.id), 'title', 'focus moves to the banner');

    await Promise.all([
      page.waitForResponse(`${demo.site}${AUDIENCE_SCRIPT}`),
      chooseAndProve(() => layer().getByRole('button', { name: 'Tout accepter' }).click()),
    ]);
    assert.equal(audienceRequests(), 1);
    await page.waitForFunction(() => document.cookie.includes('_demo_audience='));
    assert.ok(await cookie('_demo_audience'), 'the audience script ran');
    assert.deepEqual((await choice())?.c, { audience: true, stats: true });
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Modifier mes choix de cookies', 'focus comes back to the opener');
  });

  test('withdrawing consent removes the audience cookie, and the script stays away', async () => {
    await page.locator('footer [data-civ-consent-open]').click();
    await layer().getByRole('button', { name: 'Personnaliser' }).click();
    const audience = layer().getByRole('group', { name: 'Mesure d’audience' });
    assert.equal(await audience.getByRole('radio', { name: 'Accepter' }).isChecked(), true, 'the current choice is shown');
    await audience.getByRole('radio', { name: 'Refuser' }).check();

    // The script already ran on this page: only a reload stops it, and the banner does it. The proof leaves as a
    // keepalive request while the page unloads, so its answer is not the page's to see: the next step reads it back.
    const before = requested.length;
    await Promise.all([page.waitForEvent('load'), layer().getByRole('button', { name: 'Enregistrer mes choix' }).click()]);
    await page.waitForLoadState('networkidle');
    assert.equal(await cookie('_demo_audience'), undefined, 'the audience cookie is gone');
    assert.deepEqual((await choice())?.c, { audience: false, stats: true });
    assert.equal(audienceRequests(), 1, 'not loaded again after the withdrawal');
    assert.ok(requested.slice(before).includes(`${demo.site}/mentions-legales.html`), 'the page was reloaded');
    await page.waitForFunction(() => document.querySelector('civ-consent-banner')?.choices);
  });

  test('the proof of each choice reached the API, under the consent id kept in the banner’s cookie', async () => {
    const { id } = (await choice())!;
    assert.match(id, /^[0-9a-f]{32}$/);
    const history = await consentHistory(id, 3);
    assert.equal(history.consentId, id);
    assert.deepEqual(
      history.records.map((record) => [record.action, record.choices]),
      [
        ['refuse_all', { audience: false, stats: true }],
        ['accept_all', { audience: true, stats: true }],
        ['custom', { audience: false, stats: true }],
      ],
    );
    for (const record of history.records) {
      assert.equal(record.configVersion, '2027-01');
      assert.equal(record.locale, 'fr');
      assert.equal(record.pageOrigin, demo.site);
      assert.match(record.textHash, /^[0-9a-f]{64}$/);
      assert.equal(record.textHash, history.records[0].textHash, 'the same text and configuration every time');
      assert.match(record.ipTrace?.addressHash ?? '', /^[0-9a-f]+$/, 'the address only as a keyed hash');
    }
  });

  test('no console error, exception or CSP violation along the way', () => {
    assert.deepEqual(watch.problems, []);
  });
});
