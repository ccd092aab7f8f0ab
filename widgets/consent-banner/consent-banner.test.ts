import { aTimeout, expect, waitUntil } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import type { ConsentConfig } from './consent-config.ts';
import type { CivConsentBanner } from './consent-banner.element.ts';
import './consent-banner.ts';

const CONFIG: ConsentConfig = {
  version: '2027-01',
  privacyUrl: '/mentions-legales.html',
  purposes: [
    {
      id: 'audience',
      title: { fr: 'Mesure d’audience', en: 'Audience measurement' },
      description: { fr: 'Savoir quelles pages sont lues.', en: 'Knowing which pages are read.' },
      services: [{ name: 'Google Analytics', url: 'https://policies.google.com/privacy', cookies: ['_ga', '_ga_*'] }],
      consentMode: ['analytics_storage'],
    },
    { id: 'video', title: 'Vidéos', description: 'Lire les vidéos YouTube de la ville.', services: [{ name: 'YouTube' }] },
    { id: 'stats', exempt: true, title: 'Statistiques de visite', services: [{ name: 'Matomo', cookies: ['_pk_id*'] }] },
  ],
};

type DataLayer = { dataLayer?: IArguments[] };
const page = window as unknown as DataLayer;
const consentCommands = () => (page.dataLayer ?? []).map((args) => Array.from(args)).filter((c) => c[0] === 'consent');
const cookie = () => document.cookie.split('; ').find((c) => c.startsWith('civique_consent='));
const storedChoice = () => JSON.parse(decodeURIComponent(cookie()!.split('=')[1]));

async function mount(config: unknown = CONFIG, attributes: Record<string, string> = {}): Promise<CivConsentBanner> {
  const banner = document.createElement('civ-consent-banner');
  banner.setAttribute('config', typeof config == 'string' ? config : JSON.stringify(config));
  for (const [name, value] of Object.entries(attributes)) banner.setAttribute(name, value);
  document.body.append(banner);
  // Asking, or applying a kept choice without showing anything (no floating button unless asked for).
  await waitUntil(() => banner.shadowRoot?.querySelector('section') || banner.choices, 'the banner never rendered');
  return banner;
}

const $ = <T extends Element = HTMLElement>(banner: CivConsentBanner, selector: string) => banner.shadowRoot!.querySelector<T>(selector)!;
const $$ = <T extends Element = HTMLElement>(banner: CivConsentBanner, selector: string) => [...banner.shadowRoot!.querySelectorAll<T>(selector)];
const firstLayer = (banner: CivConsentBanner) => $$<HTMLButtonElement>(banner, '.choices button');
const button = (banner: CivConsentBanner, text: string) => $$<HTMLButtonElement>(banner, 'button').find((b) => b.textContent!.trim() === text)!;

/** What a visitor would see differ between two buttons. */
const LOOK = [
  'background-color',
  'color',
  'border-top-width',
  'border-top-style',
  'border-top-color',
  'border-radius',
  'font-size',
  'font-weight',
  'font-family',
  'padding-top',
  'padding-left',
  'text-decoration-line',
  'opacity',
];

afterEach(() => {
  document.querySelectorAll('civ-consent-banner').forEach((banner) => banner.remove());
  document.querySelectorAll('[data-test]').forEach((node) => node.remove());
  for (const c of document.cookie.split('; ')) document.cookie = `${c.split('=')[0]}=;max-age=0;path=/`;
  delete page.dataLayer;
});

describe('civ-consent-banner', () => {
  describe('first layer (point 2)', () => {
    it('is accessible, labelled, and offers three buttons alike in element, style and size', async () => {
      const banner = await mount();
      await expect(banner).to.be.accessible();
      const section = $(banner, 'section');
      expect(section.getAttribute('aria-labelledby')).to.equal('title');
      expect($(banner, '#title').textContent).to.equal('Vos choix sur les cookies');
      const buttons = firstLayer(banner);
      expect(buttons.map((b) => b.textContent!.trim())).to.deep.equal(['Tout accepter', 'Tout refuser', 'Personnaliser']);
      for (const width of [1000, 520, 320]) {
        banner.style.width = `${width}px`;
        await aTimeout(0);
        const [first, ...others] = buttons;
        const box = first.getBoundingClientRect();
        const look = getComputedStyle(first);
        for (const other of others) {
          expect(other.tagName).to.equal('BUTTON');
          expect(other.getAttribute('part')).to.equal(first.getAttribute('part'));
          expect(other.className).to.equal(first.className);
          const otherBox = other.getBoundingClientRect();
          expect(otherBox.width, `width at ${width}px`).to.be.closeTo(box.width, 0.5);
          expect(otherBox.height, `height at ${width}px`).to.be.closeTo(box.height, 0.5);
          for (const property of LOOK) expect(getComputedStyle(other).getPropertyValue(property), property).to.equal(look.getPropertyValue(property));
        }
        expect(box.height).to.be.at.least(44);
      }
    });

    it('names the purposes that need consent and the exempt cookies set without it, and links the privacy policy', async () => {
      const banner = await mount();
      const intro = $(banner, 'section > p').textContent!;
      expect(intro).to.contain('Mesure d’audience, Vidéos.');
      expect(intro).not.to.contain('Statistiques de visite');
      expect(intro.replace(/\s+/g, ' ')).to.contain('Exemptés de consentement, déposés d’emblée : _pk_id*.');
      expect(intro).not.to.contain('_ga');
      const noExempt = await mount({ ...CONFIG, purposes: CONFIG.purposes.filter((p) => !p.exempt) });
      expect($(noExempt, 'section > p').textContent).not.to.contain('Exemptés');
      expect($<HTMLAnchorElement>(banner, 'section > p a').getAttribute('href')).to.equal('/mentions-legales.html');
    });

    it('on wide screens the text shares the centred column of the title and the buttons', async () => {
      await setViewport({ width: 1600, height: 800 });
      try {
        const banner = await mount();
        const left = (selector: string) => Math.round($(banner, selector).getBoundingClientRect().left);
        expect(left('section > p')).to.be.above(left('section') + 100);
        expect(left('section > p')).to.equal(left('.head'));
        expect(left('section > p')).to.equal(left('.choices'));
      } finally {
        await setViewport({ width: 800, height: 600 });
      }
    });

    it('✕ means "continuer sans accepter": a refusal, recorded with its proof like "Tout refuser"', async () => {
      const calls: RequestInit[] = [];
      const originalFetch = window.fetch;
      // The banner first asks whether this origin may save proofs (a GET of the tenant), then posts the proof.
      window.fetch = async (_url, init) => {
        if (init?.method === 'POST') calls.push(init);
        return new Response(null, { status: 201 });
      };
      try {
        const banner = await mount(CONFIG, { api: 'https://participer.example.fr', tenant: 'montjoli' });
        const close = $<HTMLButtonElement>(banner, '.close');
        expect(close.getAttribute('aria-label')).to.equal('Continuer sans accepter');
        const changed = new Promise<CustomEvent>((resolve) => banner.addEventListener('civ-consent-changed', (e) => resolve(e as CustomEvent), { once: true }));
        close.click();
        expect((await changed).detail.action).to.equal('refuse_all');
        await waitUntil(() => calls.length === 1);
        const proof = JSON.parse(calls[0].body as string);
        expect(proof.action).to.equal('refuse_all');
        expect(proof.choices).to.deep.equal({ audience: false, video: false, stats: true });
        expect(storedChoice().c).to.deep.equal({ audience: false, video: false, stats: true });
        expect($(banner, 'section')).to.equal(null);
        expect(consentCommands().at(-1)![2].analytics_storage).to.equal('denied');
      } finally {
        window.fetch = originalFetch;
      }
    });

    it('Escape closes it, recording nothing', async () => {
      const banner = await mount();
      button(banner, 'Tout accepter').focus();
      await sendKeys({ press: 'Escape' });
      await banner.updateComplete;
      expect($(banner, 'section')).to.equal(null);
      expect(cookie()).to.equal(undefined);
    });

    it('one click on "Tout refuser" refuses every purpose that needs consent', async () => {
      const banner = await mount();
      const changed = new Promise<CustomEvent>((resolve) => banner.addEventListener('civ-consent-changed', (e) => resolve(e as CustomEvent), { once: true }));
      button(banner, 'Tout refuser').click();
      const event = await changed;
      expect(event.bubbles && event.composed).to.equal(true);
      expect(event.detail.action).to.equal('refuse_all');
      expect(event.detail.choices).to.deep.equal({ audience: false, video: false, stats: true });
      expect(event.detail.consentId).to.match(/^[0-9a-f]{32}$/);
      expect(storedChoice()).to.deep.equal({ v: '2027-01', id: event.detail.consentId, c: { audience: false, video: false, stats: true } });
      expect(banner.accepted('audience')).to.equal(false);
      expect(banner.accepted('stats')).to.equal(true);
    });

    it('one click on "Tout accepter" accepts every purpose', async () => {
      const banner = await mount();
      button(banner, 'Tout accepter').click();
      await waitUntil(() => cookie());
      expect(storedChoice().c).to.deep.equal({ audience: true, video: true, stats: true });
      expect(banner.accepted('video')).to.equal(true);
    });
  });

  describe('second layer (point 3)', () => {
    it('shows each purpose with its title, description and services, nothing pre-ticked', async () => {
      const banner = await mount();
      const customise = button(banner, 'Personnaliser');
      expect(customise.getAttribute('aria-expanded')).to.equal('false');
      expect($(banner, '#purposes').hidden).to.equal(true);
      customise.click();
      await banner.updateComplete;
      expect(customise.getAttribute('aria-expanded')).to.equal('true');
      expect(customise.getAttribute('aria-controls')).to.equal('purposes');
      await expect(banner).to.be.accessible();
      const fieldsets = $$(banner, 'fieldset');
      expect(fieldsets.map((f) => f.querySelector('legend')!.textContent)).to.deep.equal(['Mesure d’audience', 'Vidéos', 'Statistiques de visite']);
      expect(fieldsets[0].textContent).to.contain('Savoir quelles pages sont lues.');
      expect(fieldsets[0].textContent).to.contain('Google Analytics');
      expect(fieldsets[0].querySelector('a')!.getAttribute('href')).to.equal('https://policies.google.com/privacy');
      expect(fieldsets[1].textContent).to.contain('YouTube');
      const inputs = $$<HTMLInputElement>(banner, 'input');
      expect(inputs).to.have.length(5);
      expect(inputs.filter((input) => input.checked)).to.have.length(0);
      expect(fieldsets[0].querySelectorAll('input[type=radio]')).to.have.length(2);
    });

    it('renders only web links from the configuration: javascript: and data: URLs are dropped, with a console line', async () => {
      const errors: string[] = [];
      const original = console.error;
      console.error = (...args: unknown[]) => errors.push(args.join(' '));
      try {
        const banner = await mount({
          ...CONFIG,
          privacyUrl: ' JavaScript:alert(1)',
          purposes: [
            {
              ...CONFIG.purposes[0],
              services: [
                { name: 'Piège', url: 'java\tscript:alert(2)' },
                { name: 'Image', url: 'data:text/html,<b>x</b>' },
                { name: 'Ancre', url: '#cookies' },
              ],
            },
          ],
        });
        button(banner, 'Personnaliser').click();
        await banner.updateComplete;
        const hrefs = $$<HTMLAnchorElement>(banner, 'a').map((a) => a.getAttribute('href'));
        expect(hrefs).to.deep.equal(['#cookies']);
        expect($(banner, '#purposes').textContent).to.contain('Piège');
        expect(errors.filter((line) => line.includes('only http(s)'))).to.have.length(3);
      } finally {
        console.error = original;
      }
    });

    it('saves a choice per purpose; a purpose left unanswered is refused', async () => {
      const banner = await mount();
      button(banner, 'Personnaliser').click();
      await banner.updateComplete;
      const [acceptAudience] = $$<HTMLInputElement>(banner, 'fieldset:first-of-type input');
      acceptAudience.click();
      await banner.updateComplete;
      button(banner, 'Enregistrer mes choix').click();
      await waitUntil(() => cookie());
      expect(storedChoice().c).to.deep.equal({ audience: true, video: false, stats: true });
      expect(consentCommands().at(-1)).to.deep.equal([
        'consent',
        'update',
        { ad_storage: 'denied', ad_user_data: 'denied', ad_personalization: 'denied', analytics_storage: 'granted' },
      ]);
    });
  });

  describe('kept choice (point 4)', () => {
    const store = (value: unknown) => (document.cookie = `civique_consent=${encodeURIComponent(JSON.stringify(value))};path=/`);

    it('a current choice is applied without asking', async () => {
      store({ v: '2027-01', id: 'a'.repeat(32), c: { audience: true, video: false, stats: true } });
      const banner = await mount();
      expect($(banner, 'section')).to.equal(null);
      expect(banner.choices).to.deep.equal({ audience: true, video: false, stats: true });
      expect(banner.consentId).to.equal('a'.repeat(32));
      expect(consentCommands().map((c) => c[1])).to.deep.equal(['default', 'update']);
    });

    it('a new version of the purposes asks again', async () => {
      store({ v: '2026-06', id: 'a'.repeat(32), c: { audience: true, video: true, stats: true } });
      const banner = await mount();
      expect($(banner, 'section')).to.exist;
      expect(banner.choices).to.equal(null);
      expect(banner.accepted('audience')).to.equal(false);
    });

    it('a purpose added without a new version asks again', async () => {
      store({ v: '2027-01', id: 'a'.repeat(32), c: { audience: true, stats: true } });
      const banner = await mount();
      expect($(banner, 'section')).to.exist;
    });

    it('an unreadable cookie asks again', async () => {
      document.cookie = 'civique_consent=%7Bnot-json;path=/';
      const banner = await mount();
      expect($(banner, 'section')).to.exist;
    });
  });

  describe('reopening and focus (points 5 and 9)', () => {
    it('with reopen-button, a floating button reopens the choices, with focus on the title and back on the button after', async () => {
      const banner = await mount(CONFIG, { 'reopen-button': '' });
      button(banner, 'Tout refuser').click();
      await waitUntil(() => $(banner, '.reopen'));
      const reopen = $<HTMLButtonElement>(banner, '.reopen');
      expect(reopen.getAttribute('aria-label')).to.equal('Gérer mes cookies');
      expect(banner.shadowRoot!.activeElement, 'focus goes to the reopen button after a choice').to.equal(reopen);
      reopen.click();
      await waitUntil(() => banner.shadowRoot!.activeElement?.id === 'title');
      button(banner, 'Personnaliser').click();
      await banner.updateComplete;
      const [accept, refuse] = $$<HTMLInputElement>(banner, 'fieldset:first-of-type input');
      expect(accept.checked, 'the current choice is shown, not a default').to.equal(false);
      expect(refuse.checked).to.equal(true);
      await sendKeys({ press: 'Escape' });
      await waitUntil(() => banner.shadowRoot!.activeElement?.classList.contains('reopen'));
    });

    it('a civ-consent-open event or a [data-civ-consent-open] link reopens it, and focus returns to the link', async () => {
      const banner = await mount();
      $<HTMLButtonElement>(banner, '.close').click();
      await waitUntil(() => !$(banner, 'section'));
      expect($(banner, '.reopen'), 'no floating button unless the host asks for it').to.equal(null);

      document.dispatchEvent(new CustomEvent('civ-consent-open', { bubbles: true, composed: true }));
      await waitUntil(() => $(banner, 'section'));
      $<HTMLButtonElement>(banner, '.close').click();
      await waitUntil(() => !$(banner, 'section'));

      const link = Object.assign(document.createElement('a'), { href: '#', textContent: 'Gérer mes cookies' });
      link.dataset.civConsentOpen = '';
      link.dataset.test = '';
      document.body.append(link);
      link.focus();
      link.click();
      await waitUntil(() => banner.shadowRoot!.activeElement?.id === 'title');
      expect(location.hash).to.equal('');
      $<HTMLButtonElement>(banner, '.close').click();
      await waitUntil(() => document.activeElement === link);
    });

    it('the floating button never covers the focused element: it moves to the other corner, or out of sight', async () => {
      await setViewport({ width: 320, height: 640 });
      const field = (style: string) => {
        const input = Object.assign(document.createElement('input'), { ariaLabel: 'Champ' });
        input.dataset.test = '';
        input.style.cssText = `position: fixed; bottom: 0; ${style}`;
        document.body.append(input);
        return input;
      };
      try {
        const banner = await mount(CONFIG, { 'reopen-button': '' });
        button(banner, 'Tout refuser').click();
        await waitUntil(() => $(banner, '.reopen'));
        const reopen = $(banner, '.reopen');
        const overlaps = (a: DOMRect, b: DOMRect) => a.left < b.right && a.right > b.left && a.top < b.bottom && a.bottom > b.top;
        const home = reopen.getBoundingClientRect();

        const left = field('left: 0; width: 60px; height: 60px;');
        left.focus();
        await waitUntil(() => reopen.getBoundingClientRect().left > 160, 'it moves to the right corner');
        expect(overlaps(reopen.getBoundingClientRect(), left.getBoundingClientRect())).to.equal(false);

        const wide = field('left: 0; width: 320px; height: 60px;');
        wide.focus();
        await waitUntil(() => getComputedStyle(reopen).visibility === 'hidden', 'it steps out of sight');

        (document.activeElement as HTMLElement).blur();
        field('left: 200px; top: 0; width: 60px; height: 20px;').focus();
        await waitUntil(() => getComputedStyle(reopen).visibility === 'visible' && reopen.getBoundingClientRect().left === home.left, 'it comes back');
      } finally {
        await setViewport({ width: 800, height: 600 });
      }
    });

    it('moves itself to the start of <body>, first in the reading order', async () => {
      const content = Object.assign(document.createElement('main'), { textContent: 'Contenu' });
      content.dataset.test = '';
      document.body.prepend(content);
      const banner = await mount();
      expect(document.body.firstElementChild).to.equal(banner);
    });

    it('is usable with the keyboard alone: Tab reaches every control, Space and Enter act', async () => {
      const banner = await mount();
      $<HTMLButtonElement>(banner, '.close').focus();
      await sendKeys({ press: 'Tab' });
      expect(banner.shadowRoot!.activeElement?.textContent?.trim()).to.equal('Politique de confidentialité');
      await sendKeys({ press: 'Tab' });
      expect(banner.shadowRoot!.activeElement?.textContent?.trim()).to.equal('Tout accepter');
      await sendKeys({ press: 'Tab' });
      await sendKeys({ press: 'Tab' });
      expect(banner.shadowRoot!.activeElement?.textContent?.trim()).to.equal('Personnaliser');
      await sendKeys({ press: 'Enter' });
      await banner.updateComplete;
      const focused = () => banner.shadowRoot!.activeElement as HTMLInputElement;
      await sendKeys({ press: 'Tab' });
      expect(focused().textContent, 'the partner’s policy link').to.equal('Google Analytics');
      await sendKeys({ press: 'Tab' });
      expect(focused().type).to.equal('radio');
      expect(focused().parentElement!.textContent).to.equal('Accepter');
      await sendKeys({ press: 'Space' });
      expect(focused().checked).to.equal(true);
      expect(getComputedStyle(focused()).outlineStyle, 'visible focus').to.equal('solid');
      await sendKeys({ press: 'Tab' });
      expect(focused().name, 'Tab moves to the next purpose').to.equal('video');
      await sendKeys({ press: 'ArrowRight' });
      expect(focused().parentElement!.textContent).to.equal('Refuser');
      expect(focused().checked).to.equal(true);
      await sendKeys({ press: 'Tab' });
      expect(focused().type).to.equal('checkbox');
      await sendKeys({ press: 'Tab' });
      expect(banner.shadowRoot!.activeElement?.textContent?.trim()).to.equal('Enregistrer mes choix');
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => cookie());
      expect(storedChoice().c).to.deep.equal({ audience: true, video: false, stats: true });
    });
  });

  describe('exempt audience measurement (point 8)', () => {
    it('states the exemption and the 13-month cap, and lets the visitor object', async () => {
      const banner = await mount();
      expect(banner.accepted('stats'), 'allowed before any choice').to.equal(true);
      button(banner, 'Personnaliser').click();
      await banner.updateComplete;
      const exempt = $$(banner, 'fieldset')[2];
      expect(exempt.textContent).to.contain('exemptée de consentement');
      expect(exempt.textContent).to.contain('13 mois au plus');
      const object = exempt.querySelector<HTMLInputElement>('input[type=checkbox]')!;
      expect(object.checked).to.equal(false);
      expect(object.parentElement!.textContent).to.equal('Je m’oppose à cette mesure');
      object.click();
      button(banner, 'Tout refuser').click();
      await waitUntil(() => cookie());
      expect(storedChoice().c.stats).to.equal(false);
      expect(banner.accepted('stats')).to.equal(false);
    });

    it('refuses the exemption to a purpose whose cookies outlive 13 months or that feeds Google', async () => {
      const errors: string[] = [];
      const original = console.error;
      console.error = (message: string) => errors.push(message);
      try {
        const banner = await mount({
          version: '1',
          purposes: [
            { id: 'long', exempt: true, cookieMonths: 25, title: 'Trop longue' },
            { id: 'google', exempt: true, consentMode: ['analytics_storage'], title: 'Google' },
          ],
        });
        expect(banner.accepted('long')).to.equal(false);
        expect(banner.accepted('google')).to.equal(false);
        expect(errors.join('\n')).to.match(/\[civique\] civ-consent-banner: "long" cannot be exempt/);
      } finally {
        console.error = original;
      }
    });
  });

  describe('Google Consent Mode v2 (point 7)', () => {
    it('pushes "default" with every v2 signal denied as soon as it starts, as gtag would', async () => {
      await mount();
      const [first] = page.dataLayer!;
      expect(Object.prototype.toString.call(first), 'gtag.js reads Arguments objects').to.equal('[object Arguments]');
      expect(Array.from(first)).to.deep.equal([
        'consent',
        'default',
        { ad_storage: 'denied', ad_user_data: 'denied', ad_personalization: 'denied', analytics_storage: 'denied', wait_for_update: 500 },
      ]);
    });

    it('stays silent when no purpose names a Google signal', async () => {
      await mount({ version: '1', purposes: [{ id: 'video', title: 'Vidéos' }] });
      expect(page.dataLayer).to.equal(undefined);
    });
  });

  describe('proof of consent (point 6)', () => {
    it('posts recordConsent with the id, choices, version and text hash when the snippet names an API', async () => {
      const calls: { url: string; init: RequestInit }[] = [];
      const originalFetch = window.fetch;
      window.fetch = async (url, init) => {
        if (init?.method) calls.push({ url: String(url), init });
        return new Response(null, { status: 201 });
      };
      try {
        const banner = await mount(CONFIG, { api: 'https://participer.example.fr/', tenant: 'montjoli' });
        button(banner, 'Tout accepter').click();
        await waitUntil(() => calls.length === 1);
        expect(calls[0].url).to.equal('https://participer.example.fr/v1/tenants/montjoli/consents');
        expect(calls[0].init.method).to.equal('POST');
        expect(calls[0].init.keepalive).to.equal(true);
        const body = JSON.parse(calls[0].init.body as string);
        expect(body).to.deep.include({ action: 'accept_all', configVersion: '2027-01', locale: 'fr', consentId: banner.consentId });
        expect(body.choices).to.deep.equal({ audience: true, video: true, stats: true });
        expect(body.textHash).to.match(/^[0-9a-f]{64}$/);
        expect(Object.keys(body).sort()).to.deep.equal(['action', 'choices', 'configVersion', 'consentId', 'locale', 'textHash']);

        // A later change is recorded under the same id, with the same hash (same text, same configuration).
        banner.show();
        await banner.updateComplete;
        button(banner, 'Tout refuser').click();
        await waitUntil(() => calls.length === 2);
        const second = JSON.parse(calls[1].init.body as string);
        expect(second.consentId).to.equal(body.consentId);
        expect(second.textHash).to.equal(body.textHash);

        // The second layer shows the id, and erases the proof on request.
        banner.show();
        await banner.updateComplete;
        button(banner, 'Personnaliser').click();
        await waitUntil(() => $(banner, '[part=proof] code'), 'the proof part loads with the second layer');
        expect($(banner, '[part=proof] code').textContent).to.equal(body.consentId);
        expect($<HTMLAnchorElement>(banner, '[part=proof] a').href).to.equal(`https://participer.example.fr/v1/tenants/montjoli/consents/${body.consentId}`);
        button(banner, 'Effacer la preuve').click();
        await waitUntil(() => $(banner, '[role=status]').textContent === 'Preuve effacée.');
        expect(calls[2].init.method).to.equal('DELETE');
      } finally {
        window.fetch = originalFetch;
      }
    });

    it('finds the API like the loader does: the snippet’s data-tenant, and data-api or the script’s own origin', async () => {
      const calls: string[] = [];
      const originalFetch = window.fetch;
      window.fetch = async (url, init) => {
        if (init?.method === 'POST') calls.push(String(url));
        return new Response(null, { status: 201 });
      };
      const snippet = Object.assign(document.createElement('script'), { type: 'text/plain', src: 'https://participer.example.fr/widgets/v1/consent.js' });
      snippet.dataset.tenant = 'montjoli';
      snippet.dataset.test = '';
      document.body.append(snippet);
      try {
        const banner = await mount();
        button(banner, 'Tout refuser').click();
        await waitUntil(() => calls.length === 1);
        expect(calls[0]).to.equal('https://participer.example.fr/v1/tenants/montjoli/consents');
        snippet.dataset.api = 'https://api.montjoli.fr';
        banner.show();
        await banner.updateComplete;
        button(banner, 'Tout accepter').click();
        await waitUntil(() => calls.length === 2);
        expect(calls[1]).to.equal('https://api.montjoli.fr/v1/tenants/montjoli/consents');
      } finally {
        window.fetch = originalFetch;
      }
    });

    it('works without a server: no request, no proof line, the banner still records the choice', async () => {
      let requests = 0;
      const originalFetch = window.fetch;
      window.fetch = async () => {
        requests++;
        return new Response(null, { status: 201 });
      };
      try {
        const banner = await mount();
        button(banner, 'Tout accepter').click();
        await waitUntil(() => cookie());
        banner.show();
        await banner.updateComplete;
        button(banner, 'Personnaliser').click();
        await banner.updateComplete;
        expect($(banner, '[part=proof]')).to.equal(null);
        expect(requests).to.equal(0);
      } finally {
        window.fetch = originalFetch;
      }
    });
  });

  describe('language and configuration', () => {
    it('speaks English on an English page', async () => {
      document.documentElement.lang = 'en';
      try {
        const banner = await mount();
        expect(firstLayer(banner).map((b) => b.textContent!.trim())).to.deep.equal(['Accept all', 'Refuse all', 'Customise']);
        expect($(banner, 'section > p').textContent).to.contain('Audience measurement, Vidéos.');
        await expect(banner).to.be.accessible();
      } finally {
        document.documentElement.lang = '';
      }
    });

    it('reads its configuration from a JSON script, by default #civ-consent-config', async () => {
      const json = Object.assign(document.createElement('script'), { type: 'application/json', id: 'civ-consent-config', textContent: JSON.stringify(CONFIG) });
      json.dataset.test = '';
      document.head.append(json);
      const banner = document.createElement('civ-consent-banner');
      document.body.append(banner);
      await waitUntil(() => banner.shadowRoot?.querySelector('section'));
      expect(firstLayer(banner)).to.have.length(3);
    });

    it('says clearly in the console when the configuration is missing or broken, and shows nothing', async () => {
      const errors: string[] = [];
      const original = console.error;
      console.error = (message: string) => errors.push(message);
      try {
        for (const config of ['{"version":', '{"purposes":[]}', 'missing-id', '{"version":"1","purposes":[{"id":"Bad Id","title":"x"}]}']) {
          const banner = document.createElement('civ-consent-banner');
          banner.setAttribute('config', config);
          document.body.append(banner);
          await aTimeout(20);
          expect(banner.shadowRoot!.childElementCount, config).to.equal(0);
          banner.remove();
        }
        expect(errors).to.have.length(4);
        for (const error of errors) expect(error).to.match(/^\[civique\] civ-consent-banner: /);
        expect(errors[2]).to.contain('#missing-id');
      } finally {
        console.error = original;
      }
    });

    it('is readable at 320 px: nothing overflows', async () => {
      await setViewport({ width: 320, height: 640 });
      try {
        const banner = await mount();
        button(banner, 'Personnaliser').click();
        await banner.updateComplete;
        expect(document.documentElement.scrollWidth).to.be.at.most(320);
        for (const element of $$(banner, 'button, p, fieldset, label')) {
          expect(element.getBoundingClientRect().right, element.textContent!).to.be.at.most(320);
        }
      } finally {
        await setViewport({ width: 800, height: 600 });
      }
    });
  });
});
