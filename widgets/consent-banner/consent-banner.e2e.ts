/**
 * Page-level tests of the consent banner, one `describe` per numbered point of issue 5: the built consent.js
 * on a commune page under a strict CSP with Trusted Types enforced, in Debian's Chromium. Third-party
 * requests are observed (and answered with fakes), the cookie jar is read from the browser, CSP violations
 * are counted both in the page and through report-uri.
 *
 * Run: npm run test:consent
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { serve } from '@hono/node-server';
import type { Browser } from 'playwright-core';
import { DEMO_TENANT } from '../../server/seed/demo.ts';
import { createTestApp, type TestApp } from '../../server/testing/test-app.ts';
import { launchChromium } from '../tools/chromium.ts';
import {
  choiceOf,
  communePage,
  CONFIG,
  consentCookie,
  open,
  SELF_ONLY_CSP,
  startSite,
  STRICT_CSP,
  TAGGED,
  NONCE,
  visit,
  buildConsent,
  type Site,
  type Visit,
} from './e2e-site.ts';

let browser: Browser;
let site: Site;

before(async () => {
  site = await startSite(await buildConsent());
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await site?.close();
});

const bannerButton = (v: Visit, name: string) => v.page.locator('civ-consent-banner').getByRole('button', { name, exact: true });
const ran = (v: Visit) => v.page.evaluate(() => (window as unknown as { ran?: string[] }).ran ?? []);
/** Waits until the page's tagged scripts that ran are `expected` (they run on load, after the banner decided). */
const ranBecomes = (v: Visit, expected: string[]) =>
  v.page.waitForFunction((names) => JSON.stringify((window as unknown as { ran?: string[] }).ran ?? []) === JSON.stringify(names), expected);
/**
 * Waits until the page has nothing more to load: no request for 500 ms (Playwright's `networkidle`). What a test
 * asserts did not happen (a third-party request, a proof sent) would have started by then.
 */
const networkIdle = (v: Visit) => v.page.waitForLoadState('networkidle');
/** Polls a condition held in this process (requests seen, rows stored) until it holds; fails after 10 s. */
async function until(what: string, check: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`still waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
const deepFocus = (v: Visit) =>
  v.page.evaluate(() => {
    let active = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    return active ? active.id || active.getAttribute('aria-label') || active.textContent!.trim() : null;
  });
/** Every page-level test ends clean: no error, no CSP or Trusted Types violation, seen in the page or reported. */
async function assertClean(v: Visit): Promise<void> {
  assert.deepEqual(v.errors, []);
  assert.deepEqual(await v.violations(), []);
  assert.deepEqual(site.reports, []);
}
/** `new Date()` moved by whole months, as the banner computes its cookie's expiry. */
const monthsFromNow = (months: number) => {
  const date = new Date();
  date.setMonth(date.getMonth() + months);
  return date.getTime() / 1000;
};

describe('1. no third-party script runs before consent', () => {
  test('tagged scripts stay inert until consent, then run in document order carrying the page’s nonce', async () => {
    site.page('/p1.html', communePage({ body: TAGGED }));
    const v = await visit(browser, site);
    try {
      await open(v, `${site.origin}/p1.html`);
      await v.page.mouse.wheel(0, 600);
      await ranBecomes(v, ['matomo.js']);
      await networkIdle(v);
      assert.deepEqual(v.thirdParty, [], 'nothing requested from a third party before a choice');
      assert.deepEqual(await ran(v), ['matomo.js'], 'only the exempt, self-hosted measurement ran');
      assert.equal(await v.page.locator('iframe').getAttribute('src'), null);

      await bannerButton(v, 'Tout accepter').click();
      await v.page.waitForFunction(() => (window as unknown as { ran?: string[] }).ran?.length === 4);
      assert.deepEqual(await ran(v), ['matomo.js', 'audience.js', 'inline', 'second.js'], 'document order, the slow file first');
      assert.deepEqual(
        v.thirdParty.sort(),
        ['https://stats.example.net/audience.js', 'https://stats.example.net/second.js', 'https://video.example.net/embed/conseil'].sort(),
      );
      assert.equal(await v.page.locator('iframe').getAttribute('src'), 'https://video.example.net/embed/conseil');
      const nonces = await v.page.evaluate(() => [...document.scripts].filter((s) => s.src.includes('stats.example.net')).map((s) => s.nonce));
      assert.deepEqual(nonces, [NONCE, NONCE], 'activated scripts carry the page’s nonce (else the CSP would block them)');
      await assertClean(v);
    } finally {
      await v.close();
    }
  });

  test('a refused purpose stays blocked; a returning visitor’s choice applies at load, without the banner', async () => {
    site.page('/p1b.html', communePage({ body: TAGGED }));
    const v = await visit(browser, site);
    try {
      await open(v, `${site.origin}/p1b.html`);
      await bannerButton(v, 'Personnaliser').click();
      await v.page.locator('fieldset', { hasText: 'Vidéos' }).getByLabel('Accepter').check();
      await bannerButton(v, 'Enregistrer mes choix').click();
      await v.page.waitForFunction(() => document.querySelector('iframe')?.getAttribute('src'));
      await until('the video request', () => v.thirdParty.length > 0);
      await networkIdle(v);
      assert.deepEqual(v.thirdParty, ['https://video.example.net/embed/conseil']);

      v.thirdParty.length = 0;
      await open(v, `${site.origin}/p1b.html`);
      assert.equal(await v.page.locator('civ-consent-banner section').count(), 0, 'not asked again');
      await v.page.waitForFunction(() => document.querySelector('iframe')?.getAttribute('src'));
      assert.deepEqual(v.thirdParty, ['https://video.example.net/embed/conseil']);
      await assertClean(v);
    } finally {
      await v.close();
    }
  });
});

describe('2. first layer: three equal buttons; closing or ignoring records nothing', () => {
  test('"Tout accepter", "Tout refuser" and "Personnaliser" share element, style and size, on a wide and a narrow screen', async () => {
    site.page('/p2.html', communePage());
    for (const viewport of [
      { width: 1280, height: 800 },
      { width: 320, height: 640 },
      { width: 700, height: 600 },
    ]) {
      const v = await visit(browser, site, { viewport });
      try {
        await open(v, `${site.origin}/p2.html`);
        const facts = await v.page.evaluate(() => {
          const buttons = [...document.querySelector('civ-consent-banner')!.shadowRoot!.querySelectorAll<HTMLElement>('.choices > *')];
          const properties = [
            'background-color',
            'color',
            'border',
            'border-radius',
            'font',
            'padding',
            'text-decoration',
            'opacity',
            'box-shadow',
            'text-transform',
          ];
          return buttons.map((b) => {
            const style = getComputedStyle(b);
            const box = b.getBoundingClientRect();
            return {
              tag: b.tagName,
              text: b.textContent!.trim(),
              width: box.width,
              height: box.height,
              look: properties.map((p) => style.getPropertyValue(p)).join('|'),
            };
          });
        });
        assert.deepEqual(
          facts.map((f) => f.text),
          ['Tout accepter', 'Tout refuser', 'Personnaliser'],
        );
        for (const fact of facts) {
          assert.equal(fact.tag, 'BUTTON');
          assert.equal(fact.look, facts[0].look, `${fact.text} looks different at ${viewport.width}px`);
          assert.ok(Math.abs(fact.width - facts[0].width) < 0.5, `${fact.text} width at ${viewport.width}px`);
          assert.ok(Math.abs(fact.height - facts[0].height) < 0.5, `${fact.text} height at ${viewport.width}px`);
        }
        await assertClean(v);
      } finally {
        await v.close();
      }
    }
  });

  test('ignoring the banner (scrolling, clicking, waiting) records nothing and loads nothing', async () => {
    site.page('/p2b.html', communePage({ body: TAGGED.replace(/.*matomo.*\n/, '') + '<p style-free>' + 'Texte. '.repeat(400) + '</p>' }));
    const v = await visit(browser, site);
    try {
      // Waiting is five minutes on the page's own clock: any timer that would accept or send something fires.
      await v.page.clock.install();
      await open(v, `${site.origin}/p2b.html`);
      await v.page.mouse.wheel(0, 2000);
      await v.page.keyboard.press('End');
      await v.page.locator('h1').click();
      await v.page.clock.runFor('05:00');
      await networkIdle(v);
      assert.deepEqual(await v.context.cookies(), [], 'no cookie at all');
      assert.deepEqual(v.thirdParty, []);
      assert.equal(await v.page.locator('civ-consent-banner section').count(), 1, 'still asking');
      await assertClean(v);
    } finally {
      await v.close();
    }
  });

  test('✕ continues without accepting: a refusal is kept, nothing loads, and the next page does not ask again', async () => {
    site.page('/p2c.html', communePage({ body: TAGGED.replace(/.*matomo.*\n/, '') }));
    const v = await visit(browser, site);
    try {
      await open(v, `${site.origin}/p2c.html`);
      await bannerButton(v, 'Continuer sans accepter').click();
      await v.page.waitForFunction(() => document.cookie.includes('civique_consent'));
      assert.equal(await v.page.locator('civ-consent-banner section').count(), 0);
      assert.deepEqual(
        (await v.context.cookies()).map((c) => c.name),
        ['civique_consent'],
      );
      assert.deepEqual(choiceOf(await consentCookie(v)).c, { audience: false, video: false, stats: true });
      assert.deepEqual(v.thirdParty, []);
      await open(v, `${site.origin}/p2c.html`);
      assert.equal(await v.page.locator('civ-consent-banner section').count(), 0);
      await assertClean(v);
    } finally {
      await v.close();
    }
  });
});

describe('3. second layer: purposes and services from a JSON config, nothing pre-ticked', () => {
  test('each purpose shows its title, description and services; no box is ticked', async () => {
    site.page('/p3.html', communePage());
    const v = await visit(browser, site);
    try {
      await open(v, `${site.origin}/p3.html`);
      await bannerButton(v, 'Personnaliser').click();
      const fieldsets = v.page.locator('civ-consent-banner fieldset');
      assert.equal(await fieldsets.count(), 3);
      assert.deepEqual(await v.page.locator('civ-consent-banner legend').allTextContents(), ['Mesure d’audience', 'Vidéos', 'Statistiques de visite']);
      assert.match((await fieldsets.nth(0).textContent())!, /Google Analytics nous dit quelles pages sont lues\.\s*Services\s:\sGoogle Analytics/);
      assert.match((await fieldsets.nth(2).textContent())!, /Matomo \(hébergé par la ville\)/);
      const checked = await v.page.locator('civ-consent-banner input').evaluateAll((inputs) => inputs.filter((i) => (i as HTMLInputElement).checked).length);
      assert.equal(checked, 0);
      await assertClean(v);
    } finally {
      await v.close();
    }
  });
});

describe('4. the choice is kept in a first-party cookie', () => {
  test('nothing before a choice; then SameSite=Lax, 6 months; without Secure on http (browsers refuse it there)', async () => {
    site.page('/p4.html', communePage());
    const v = await visit(browser, site);
    try {
      await open(v, `${site.origin}/p4.html`);
      assert.equal(await consentCookie(v), undefined);
      await bannerButton(v, 'Tout refuser').click();
      await v.page.waitForFunction(() => document.cookie.includes('civique_consent'));
      const cookie = (await consentCookie(v))!;
      assert.equal(cookie.sameSite, 'Lax');
      assert.equal(cookie.secure, false);
      assert.equal(cookie.httpOnly, false);
      assert.equal(cookie.path, '/');
      assert.equal(cookie.domain, '127.0.0.1', 'first party: the site’s own host');
      assert.ok(Math.abs(cookie.expires - monthsFromNow(6)) < 86400, `expires ${new Date(cookie.expires * 1000).toISOString()}`);
      assert.deepEqual(choiceOf(cookie).c, { audience: false, video: false, stats: true });
      assert.deepEqual(
        (await v.context.cookies()).map((c) => c.name),
        ['civique_consent'],
        'nothing else',
      );
      await assertClean(v);
    } finally {
      await v.close();
    }
  });

  test('on an https page the cookie is Secure', async () => {
    site.page('/p4s.html', communePage());
    const v = await visit(browser, site);
    try {
      await open(v, 'https://www.montjoli.test/p4s.html');
      await bannerButton(v, 'Tout accepter').click();
      await v.page.waitForFunction(() => document.cookie.includes('civique_consent'));
      const cookie = (await consentCookie(v, 'https://www.montjoli.test'))!;
      assert.equal(cookie.secure, true);
      assert.equal(cookie.sameSite, 'Lax');
      assert.equal(cookie.domain, 'www.montjoli.test');
    } finally {
      await v.close();
    }
  });

  test('refusal and consent durations are set separately; a new revision asks again', async () => {
    site.page('/p4d.html', communePage({ config: { ...CONFIG, consentMonths: 13, refusalMonths: 1 } }));
    const v = await visit(browser, site);
    try {
      await open(v, `${site.origin}/p4d.html`);
      await bannerButton(v, 'Tout refuser').click();
      await v.page.waitForFunction(() => document.cookie.includes('civique_consent'));
      assert.ok(Math.abs((await consentCookie(v))!.expires - monthsFromNow(1)) < 86400, 'refusal kept 1 month');
      await open(v, `${site.origin}/p4d.html`);
      await v.page.locator('civ-consent-banner').getByRole('button', { name: 'Gérer mes cookies' }).click();
      await bannerButton(v, 'Tout accepter').click();
      await v.page.waitForFunction(() => document.cookie.includes('%22audience%22%3Atrue'));
      assert.ok(Math.abs((await consentCookie(v))!.expires - monthsFromNow(13)) < 86400, 'consent kept 13 months');

      site.page('/p4d.html', communePage({ config: { ...CONFIG, version: '2027-06' } }));
      await open(v, `${site.origin}/p4d.html`);
      assert.equal(await v.page.locator('civ-consent-banner section').count(), 1, 'a new version asks again');
      await assertClean(v);
    } finally {
      await v.close();
    }
  });
});

describe('5. withdrawal is as easy as consent', () => {
  test('the persistent button reopens the choices; withdrawing removes the purpose’s cookies and reloads, once', async () => {
    site.page('/p5.html', communePage({ body: TAGGED }));
    const v = await visit(browser, site);
    try {
      await open(v, `${site.origin}/p5.html`);
      await bannerButton(v, 'Tout accepter').click();
      await v.page.waitForFunction(() => document.cookie.includes('_ga_TEST'));
      const names = async () => (await v.context.cookies()).map((c) => c.name).sort();
      assert.deepEqual(await names(), ['_ga', '_ga_TEST', '_pk_id.1.fa11', 'civique_consent']);

      // Two clicks to withdraw: the persistent button, then "Tout refuser" (one click accepted).
      v.thirdParty.length = 0;
      const reloaded = v.page.waitForEvent('load');
      await v.page.locator('civ-consent-banner').getByRole('button', { name: 'Gérer mes cookies' }).click();
      await bannerButton(v, 'Tout refuser').click();
      await reloaded;
      await v.page.waitForFunction(() => document.querySelector('civ-consent-banner')?.shadowRoot?.querySelector('.reopen'));
      assert.deepEqual(await names(), ['_pk_id.1.fa11', 'civique_consent'], 'the audience cookies are gone');
      assert.deepEqual(choiceOf(await consentCookie(v)).c, { audience: false, video: false, stats: true });
      await ranBecomes(v, ['matomo.js']);
      await networkIdle(v);
      assert.deepEqual(v.thirdParty, [], 'after the reload, nothing of the withdrawn purposes loads');
      assert.deepEqual(await ran(v), ['matomo.js']);
      await assertClean(v);
    } finally {
      await v.close();
    }
  });

  test('a link with data-civ-consent-open or a civ-consent-open event reopens it; nothing ran, so no reload', async () => {
    site.page('/p5b.html', communePage());
    const v = await visit(browser, site);
    try {
      await open(v, `${site.origin}/p5b.html`);
      await bannerButton(v, 'Tout accepter').click();
      await v.page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));

      await v.page.locator('#manage').click();
      await v.page.waitForFunction(() => document.querySelector('civ-consent-banner')?.shadowRoot?.querySelector('section'));
      assert.equal(new URL(v.page.url()).pathname, '/p5b.html', 'the link did not navigate');
      await bannerButton(v, 'Personnaliser').click();
      await v.page.locator('civ-consent-banner fieldset', { hasText: 'Vidéos' }).getByLabel('Refuser').check();
      await bannerButton(v, 'Enregistrer mes choix').click();
      await v.page.waitForFunction(() => document.cookie.includes('%22video%22%3Afalse'));

      await v.page.locator('#manage-by-event').click();
      await v.page.waitForFunction(() => document.querySelector('civ-consent-banner')?.shadowRoot?.querySelector('section'));
      assert.equal(await v.page.evaluate(() => (window as unknown as { marker: number }).marker), 42, 'no reload was needed');
      await assertClean(v);
    } finally {
      await v.close();
    }
  });
});

describe('6. proof of consent (recordConsent)', () => {
  let t: TestApp;
  let api: ReturnType<typeof serve>;
  let apiOrigin: string;
  before(async () => {
    t = await createTestApp();
    await t.store.tenants.upsert({ ...DEMO_TENANT, allowedOrigins: [site.origin], createdAt: t.clock.now() });
    await new Promise<void>((resolve) => {
      api = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve());
    });
    apiOrigin = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
  });
  after(async () => {
    api?.close();
    await t?.close();
  });

  test('each choice is proven on the server: id, time, choices, text hash, version; the address only hashed', async () => {
    const csp = STRICT_CSP.replace("default-src 'self';", `default-src 'self'; connect-src 'self' ${apiOrigin};`);
    site.page('/p6.html', communePage({ body: TAGGED, snippet: `data-api="${apiOrigin}" data-tenant="${DEMO_TENANT.id}"` }), csp);
    const v = await visit(browser, site, { passThrough: apiOrigin });
    try {
      await open(v, `${site.origin}/p6.html`);
      const posted = v.page.waitForResponse((r) => r.url() == `${apiOrigin}/v1/tenants/montjoli/consents` && r.request().method() == 'POST');
      await bannerButton(v, 'Tout accepter').click();
      assert.equal((await posted).status(), 201);
      const consentId = choiceOf(await consentCookie(v)).id;
      let records = await t.store.consent.listByConsentId('montjoli', consentId);
      assert.equal(records.length, 1);
      assert.equal(records[0].action, 'accept_all');
      assert.deepEqual(records[0].choices, { audience: true, video: true, stats: true });
      assert.equal(records[0].configVersion, '2027-01');
      assert.match(records[0].textHash, /^[0-9a-f]{64}$/);
      assert.equal(records[0].pageOrigin, site.origin);
      assert.ok(records[0].ipTrace, 'the anti-stuffing hash is there');
      // The browser's address is 127.0.0.1, like the site's origin: only the origin column may mention it.
      const row = JSON.stringify(
        t.db
          .prepare('SELECT * FROM consent_records')
          .all()
          .map((r) => ({ ...(r as object), page_origin: null })),
      );
      assert.ok(!row.includes('127.0.0.1'), 'no address in the record');

      // A withdrawal that reloads the page is still proven (the request is sent with keepalive).
      await v.page.waitForFunction(() => (window as unknown as { ran?: string[] }).ran?.length === 4);
      const reloaded = v.page.waitForEvent('load');
      await v.page.locator('civ-consent-banner').getByRole('button', { name: 'Gérer mes cookies' }).click();
      await bannerButton(v, 'Tout refuser').click();
      await reloaded;
      await until('the withdrawal’s proof', async () => (await t.store.consent.listByConsentId('montjoli', consentId)).length === 2);
      records = await t.store.consent.listByConsentId('montjoli', consentId);
      assert.deepEqual(
        records.map((r) => r.action),
        ['accept_all', 'refuse_all'],
      );
      assert.equal(records[1].textHash, records[0].textHash, 'same text, same configuration, same hash');

      // The visitor downloads and erases the proof from the second layer, with the id the banner keeps.
      await open(v, `${site.origin}/p6.html`);
      await v.page.locator('civ-consent-banner').getByRole('button', { name: 'Gérer mes cookies' }).click();
      await bannerButton(v, 'Personnaliser').click();
      assert.equal(await v.page.locator('civ-consent-banner [part=proof] code').textContent(), consentId);
      const href = await v.page.locator('civ-consent-banner [part=proof] a').getAttribute('href');
      assert.equal(href, `${apiOrigin}/v1/tenants/montjoli/consents/${consentId}`);
      const exported = await v.page.request.get(href!);
      assert.equal(exported.status(), 200);
      assert.equal((await exported.json()).records.length, 2);
      await bannerButton(v, 'Effacer la preuve').click();
      await v.page.locator('civ-consent-banner [role=status]', { hasText: 'Preuve effacée.' }).waitFor();
      assert.equal((await t.store.consent.listByConsentId('montjoli', consentId)).length, 0);
      await assertClean(v);
    } finally {
      await v.close();
    }
  });

  test('on a site the tenant does not allow, the console says proofs cannot be saved and how to allow it, no CORS error', async () => {
    await t.store.tenants.upsert({ ...DEMO_TENANT, id: 'ailleurs', allowedOrigins: ['https://ailleurs.fr'], createdAt: t.clock.now() });
    const csp = STRICT_CSP.replace("default-src 'self';", `default-src 'self'; connect-src 'self' ${apiOrigin};`);
    site.page('/p6c.html', communePage({ body: TAGGED, snippet: `data-api="${apiOrigin}" data-tenant="ailleurs"` }), csp);
    const v = await visit(browser, site, { passThrough: apiOrigin });
    let posts = 0;
    v.page.on('request', (request) => {
      if (request.url().startsWith(apiOrigin) && request.method() != 'GET') posts++;
    });
    try {
      await open(v, `${site.origin}/p6c.html`);
      const expected = `[civique] ${site.origin} n’est pas une origine autorisée de "ailleurs" : aucune preuve de consentement`;
      const logged = v.page.waitForEvent('console', { predicate: (m) => m.text().includes(expected) });
      await bannerButton(v, 'Tout refuser').click();
      await logged;
      const messages = v.errors.filter((e) => !e.includes('Failed to load resource'));
      assert.equal(messages.length, 1, messages.join('\n'));
      assert.ok(messages[0].includes(`npm run civique -- origins add ailleurs ${site.origin}`), messages[0]);
      assert.ok(messages[0].includes('README.md#allowing-a-sites-origin'), messages[0]);
      assert.equal(posts, 0, 'no POST, hence no failed preflight');
    } finally {
      await v.close();
    }
  });

  test('without data-api the banner works fully and sends nothing anywhere', async () => {
    site.page('/p6b.html', communePage());
    let apiRequests = 0;
    const v = await visit(browser, site, { passThrough: apiOrigin });
    v.page.on('request', (request) => {
      if (request.url().startsWith(apiOrigin)) apiRequests++;
    });
    try {
      await open(v, `${site.origin}/p6b.html`);
      await bannerButton(v, 'Tout accepter').click();
      await v.page.waitForFunction(() => document.cookie.includes('civique_consent'));
      await networkIdle(v);
      assert.equal(apiRequests, 0);
      assert.deepEqual(v.thirdParty, []);
      await assertClean(v);
    } finally {
      await v.close();
    }
  });
});

describe('7. Google Consent Mode v2', () => {
  const gtagPage = communePage({
    body: `<script type="text/plain" data-civ-purpose="audience" data-src="https://www.googletagmanager.com/gtag/js?id=G-TEST"></script>
<script type="text/plain" data-civ-purpose="audience" data-src="https://stats.example.net/audience.js"></script>`,
  });
  const dataLayer = (v: Visit) =>
    v.page.evaluate(() =>
      ((window as unknown as { dataLayer?: unknown[] }).dataLayer ?? []).map((entry) =>
        Object.prototype.toString.call(entry) == '[object Arguments]' ? Array.from(entry as IArguments) : entry,
      ),
    );
  const DENIED = { ad_storage: 'denied', ad_user_data: 'denied', ad_personalization: 'denied', analytics_storage: 'denied' };

  test('"default" denied before anything loads, "update" on choice, and Google’s tag only after it', async () => {
    site.page('/p7.html', gtagPage);
    const v = await visit(browser, site);
    try {
      await open(v, `${site.origin}/p7.html`);
      assert.deepEqual(await dataLayer(v), [['consent', 'default', { ...DENIED, wait_for_update: 500 }]]);
      assert.deepEqual(v.thirdParty, [], 'Google is not contacted');

      await bannerButton(v, 'Tout accepter').click();
      await v.page.waitForFunction(() => (window as unknown as { ran?: string[] }).ran?.length === 2);
      const layer = await dataLayer(v);
      assert.deepEqual(layer.slice(0, 2), [
        ['consent', 'default', { ...DENIED, wait_for_update: 500 }],
        ['consent', 'update', { ...DENIED, analytics_storage: 'granted' }],
      ]);
      assert.deepEqual(layer[2], { event: 'audience-ran', position: 2 }, 'the tag ran after the signals');
      assert.deepEqual(await ran(v), ['gtag.js', 'audience.js']);

      await open(v, `${site.origin}/p7.html`);
      await v.page.waitForFunction(() => (window as unknown as { ran?: string[] }).ran?.length === 2);
      assert.deepEqual((await dataLayer(v)).slice(0, 3), [
        ['consent', 'default', { ...DENIED, wait_for_update: 500 }],
        ['consent', 'update', { ...DENIED, analytics_storage: 'granted' }],
        { event: 'audience-ran', position: 2 },
      ]);
      await assertClean(v);
    } finally {
      await v.close();
    }
  });

  test('a refusal updates to denied and Google is never contacted', async () => {
    site.page('/p7b.html', gtagPage);
    const v = await visit(browser, site);
    try {
      await open(v, `${site.origin}/p7b.html`);
      await bannerButton(v, 'Tout refuser').click();
      await until('the consent update', async () => (await dataLayer(v)).length > 1);
      await networkIdle(v);
      assert.deepEqual((await dataLayer(v))[1], ['consent', 'update', DENIED]);
      assert.deepEqual(v.thirdParty, []);
      await assertClean(v);
    } finally {
      await v.close();
    }
  });
});

describe('8. exempt audience measurement', () => {
  test('loads without consent, states the 13-month cap, and stops when the visitor objects', async () => {
    site.page('/p8.html', communePage({ body: TAGGED }));
    const v = await visit(browser, site);
    try {
      await open(v, `${site.origin}/p8.html`);
      await ranBecomes(v, ['matomo.js']).catch(() => {});
      assert.deepEqual(await ran(v), ['matomo.js'], 'ran while the banner still asks');
      assert.equal(await consentCookie(v), undefined);
      await bannerButton(v, 'Personnaliser').click();
      const exempt = v.page.locator('civ-consent-banner fieldset', { hasText: 'Statistiques de visite' });
      assert.match((await exempt.textContent())!, /exemptée de consentement\s:\scookies conservés 13 mois au plus/);
      await exempt.getByLabel('Je m’oppose à cette mesure').check();
      const reloaded = v.page.waitForEvent('load');
      await bannerButton(v, 'Enregistrer mes choix').click();
      await reloaded;
      await v.page.waitForFunction(() => document.querySelector('civ-consent-banner')?.shadowRoot?.querySelector('.reopen'));
      assert.deepEqual(await ran(v), [], 'objection honoured');
      assert.deepEqual(
        (await v.context.cookies()).map((c) => c.name),
        ['civique_consent'],
        'its cookie removed',
      );
      await assertClean(v);
    } finally {
      await v.close();
    }
  });

  test('a purpose claiming the exemption with cookies over 13 months waits for consent like any other', async () => {
    const config = { ...CONFIG, purposes: CONFIG.purposes.map((p) => (p.exempt ? { ...p, cookieMonths: 25 } : p)) };
    site.page('/p8b.html', communePage({ body: TAGGED, config }));
    const v = await visit(browser, site);
    try {
      await open(v, `${site.origin}/p8b.html`);
      assert.deepEqual(await ran(v), []);
      assert.ok(
        v.errors.some((e) => e.includes('[civique] civ-consent-banner: "stats" cannot be exempt')),
        v.errors.join('\n'),
      );
    } finally {
      await v.close();
    }
  });
});

describe('9. RGAA', () => {
  test('first in the reading order, and usable from the top of the page with the keyboard alone', async () => {
    site.page('/p9.html', communePage());
    const v = await visit(browser, site);
    try {
      await open(v, `${site.origin}/p9.html`);
      assert.equal(await v.page.evaluate(() => document.body.firstElementChild!.localName), 'civ-consent-banner');
      await v.page.keyboard.press('Tab');
      assert.equal(await deepFocus(v), 'Continuer sans accepter', 'the first Tab stop of the page is in the banner');
      const ring = await v.page.evaluate(() => {
        const button = document.querySelector('civ-consent-banner')!.shadowRoot!.activeElement!;
        return getComputedStyle(button).outlineStyle + ' ' + getComputedStyle(button).outlineWidth;
      });
      assert.equal(ring, 'solid 3px', 'visible focus');
      for (const expected of ['Politique de confidentialité', 'Tout accepter', 'Tout refuser']) {
        await v.page.keyboard.press('Tab');
        assert.equal(await deepFocus(v), expected);
      }
      await v.page.keyboard.press('Enter');
      await v.page.waitForFunction(() => document.cookie.includes('civique_consent'));
      assert.equal(await deepFocus(v), 'Gérer mes cookies', 'focus is not lost: it lands on the reopen button');

      // Focus is restored on close to what opened the banner.
      await v.page.locator('#manage').focus();
      await v.page.keyboard.press('Enter');
      await v.page.waitForFunction(() => document.querySelector('civ-consent-banner')?.shadowRoot?.activeElement?.id == 'title');
      await v.page.keyboard.press('Escape');
      await v.page.waitForFunction(() => document.activeElement?.id == 'manage');
      await assertClean(v);
    } finally {
      await v.close();
    }
  });

  test('readable at 320 px and at 200 % zoom: no horizontal scrolling, nothing clipped', async () => {
    site.page('/p9z.html', communePage({ head: '<link rel="stylesheet" href="/zoom.css">' }));
    site.page('/p9n.html', communePage());
    const cases = [
      { url: '/p9n.html', viewport: { width: 320, height: 640 }, deviceScaleFactor: 1 },
      // 200 % browser zoom of a 1280 px window lays out in 640 CSS px at twice the pixels; zoom.css doubles the text too.
      { url: '/p9z.html', viewport: { width: 640, height: 400 }, deviceScaleFactor: 2 },
      { url: '/p9z.html', viewport: { width: 320, height: 640 }, deviceScaleFactor: 1 },
    ];
    for (const { url, viewport, deviceScaleFactor } of cases) {
      const v = await visit(browser, site, { viewport, deviceScaleFactor });
      try {
        await open(v, `${site.origin}${url}`);
        await bannerButton(v, 'Personnaliser').click();
        const problems = await v.page.evaluate((width) => {
          const root = document.querySelector('civ-consent-banner')!.shadowRoot!;
          const found: string[] = [];
          if (document.documentElement.scrollWidth > width) found.push(`page scrolls sideways: ${document.documentElement.scrollWidth}px`);
          for (const element of root.querySelectorAll<HTMLElement>('h2, p, button, label, legend, fieldset, a')) {
            const box = element.getBoundingClientRect();
            if (box.right > width + 0.5 || box.left < -0.5) found.push(`${element.localName} "${element.textContent!.trim().slice(0, 30)}" outside`);
            if (element.scrollWidth > element.clientWidth + 1) found.push(`${element.localName} "${element.textContent!.trim().slice(0, 30)}" clipped`);
          }
          return found;
        }, viewport.width);
        assert.deepEqual(problems, [], `${url} at ${viewport.width}px ×${deviceScaleFactor}`);
      } finally {
        await v.close();
      }
    }
  });

  test('no axe violation on the whole page, first and second layer', async () => {
    const require = createRequire(import.meta.url);
    const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
    site.page('/p9a.html', communePage(), '');
    const v = await visit(browser, site);
    try {
      await open(v, `${site.origin}/p9a.html`);
      await v.page.evaluate(axeSource);
      const run = () =>
        v.page.evaluate(async () => {
          const axe = (window as unknown as { axe: { run(context: unknown): Promise<{ violations: { id: string; nodes: unknown[] }[] }> } }).axe;
          return (await axe.run({ include: [['civ-consent-banner']] })).violations.map((violation) => violation.id);
        });
      assert.deepEqual(await run(), []);
      await bannerButton(v, 'Personnaliser').click();
      assert.deepEqual(await run(), []);
    } finally {
      await v.close();
    }
  });
});

describe('10. Shadow DOM, theming, strict CSP with Trusted Types', () => {
  test('themed by --civ-* and ::part, untouched by the page’s own CSS, with no inline style and no violation', async () => {
    const body = `<script type="text/plain" data-civ-purpose="stats" data-src="/fake/matomo.js"></script>`;
    site.page('/p10.html', communePage({ body, head: '<link rel="stylesheet" href="/theme.css">' }), SELF_ONLY_CSP);
    const v = await visit(browser, site);
    try {
      await open(v, `${site.origin}/p10.html`);
      assert.equal(await v.page.evaluate(() => document.querySelector('civ-consent-banner')!.shadowRoot!.mode), 'open');
      const looks = await v.page.evaluate(() => {
        const accept = document.querySelector('civ-consent-banner')!.shadowRoot!.querySelector('.choices button')!;
        const own = document.getElementById('manage-by-event')!;
        const style = getComputedStyle(accept);
        return { banner: [style.backgroundColor, style.textTransform, style.borderRadius], page: getComputedStyle(own).backgroundColor };
      });
      assert.deepEqual(looks.banner, ['rgb(0, 100, 0)', 'uppercase', '0px'], 'theme variables and ::part apply');
      assert.equal(looks.page, 'rgb(255, 0, 0)', 'the page’s button rule applies to the page…');
      await bannerButton(v, 'Personnaliser').click();
      await v.page.locator('civ-consent-banner').getByLabel('Je m’oppose à cette mesure').check();
      await v.page.locator('civ-consent-banner').getByLabel('Je m’oppose à cette mesure').uncheck();
      await bannerButton(v, 'Tout accepter').click();
      await v.page.locator('civ-consent-banner').getByRole('button', { name: 'Gérer mes cookies' }).click();
      const inlineStyles = await v.page.evaluate(() => {
        const all = [...document.querySelectorAll('*'), ...document.querySelector('civ-consent-banner')!.shadowRoot!.querySelectorAll('*')];
        return all.filter((element) => element.hasAttribute('style')).map((element) => element.localName);
      });
      assert.deepEqual(inlineStyles, []);
      assert.deepEqual(await ran(v), ['matomo.js'], 'a tagged script activated through the Trusted Types policy');
      await networkIdle(v);
      await assertClean(v);

      const enforced = await v.page.evaluate(() => {
        try {
          document.createElement('div').innerHTML = '<b>x</b>';
          return 'not enforced';
        } catch {
          return 'enforced';
        }
      });
      assert.equal(enforced, 'enforced', 'the page really enforces Trusted Types');
      // The policy has no 'unsafe-eval', so an eval would have been a violation above; and the built code has none.
      const served = await Promise.all(
        (
          await v.page.evaluate(() =>
            performance
              .getEntriesByType('resource')
              .map((e) => e.name)
              .filter((n) => n.includes('/widgets/')),
          )
        ).map(async (url) => (await v.page.request.get(url)).text()),
      );
      assert.ok(served.length >= 2);
      for (const code of served) assert.doesNotMatch(code, /\beval\(|new Function\(|setTimeout\(\s*['"`]/);
    } finally {
      site.reports.length = 0;
      await v.close();
    }
  });

  test('pasted twice (another copy of consent.js on the page), it still registers and shows once', async () => {
    const twice = communePage().replace('</body>', `<script type="module" src="/widgets/consent.js?copy=2" nonce="${NONCE}"></script></body>`);
    site.page('/p10d.html', twice);
    const v = await visit(browser, site);
    try {
      await open(v, `${site.origin}/p10d.html`);
      // Both copies loaded and ran: the second one found the element already defined.
      await v.page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => e.name.includes('consent.js?copy=2')));
      await networkIdle(v);
      assert.equal(await v.page.locator('civ-consent-banner section').count(), 1);
      assert.equal(await v.page.evaluate(() => performance.getEntriesByType('resource').filter((e) => /\/chunks\/lit\.js$/.test(e.name)).length), 1, 'one Lit');
      await assertClean(v);
    } finally {
      await v.close();
    }
  });

  test('a trusted-types directive that forgets the banner’s policy is named in the console', async () => {
    const csp = SELF_ONLY_CSP.replace("require-trusted-types-for 'script';", "require-trusted-types-for 'script'; trusted-types lit-html;");
    site.page('/p10b.html', communePage({ body: `<script type="text/plain" data-civ-purpose="stats" data-src="/fake/matomo.js"></script>` }), csp);
    const v = await visit(browser, site);
    try {
      await open(v, `${site.origin}/p10b.html`);
      await until('the console line', () => v.errors.some((e) => e.includes('allow the Trusted Types policy "civique-consent"'))).catch(() => {});
      assert.ok(
        v.errors.some((e) => e.includes('allow the Trusted Types policy "civique-consent"')),
        v.errors.join('\n'),
      );
      assert.deepEqual(await ran(v), [], 'blocked, as the page asked');
    } finally {
      site.reports.length = 0;
      await v.close();
    }
  });
});
