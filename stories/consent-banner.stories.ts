/**
 * Every state of `civ-consent-banner`: the first layer, the second (a choice per purpose), an exempt audience
 * measurement, many purposes and services, the small floating button after a choice (opt-in), reopening with the proof
 * of consent, English, and long French text at 320 pixels.
 *
 * The banner moves itself to the start of `<body>` (first in the reading order), out of the story's canvas,
 * and keeps the choice in a cookie: each story removes the banners and the cookie an earlier one left, and the
 * canvas holds a strip of the host page with its own "Gérer mes cookies" button.
 */
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import '../widgets/consent-banner/consent-banner.ts';
import type { ConsentConfig, ConsentPurpose } from '../widgets/consent-banner/consent-config.ts';
import type { StoredChoice } from '../widgets/consent-banner/consent-cookie.ts';
import { apiError, MOCK_API, MOCK_TENANT, type MockRoute } from '../widgets/testing/mock-api.ts';
import { mockedApi, shadow, waitFor } from './story-helpers.ts';

interface BannerArgs {
  /** The host's configuration (the element's `config` attribute, as JSON). */
  config: ConsentConfig;
  /** The banner's `lang` attribute; the page is French. */
  lang: 'fr' | 'en';
  /** Where proofs of consent are kept; none in most stories (no server needed). */
  proof: boolean;
  /** A width for the banner, to see it on a phone. */
  width: string;
  /** The small floating "Cookies" button (`reopen-button`); off by default. */
  reopenButton: boolean;
}

const COOKIE = 'civique_consent';
const PRIVACY_URL = 'https://www.montjoli.example/mentions-legales';

const audience: ConsentPurpose = {
  id: 'audience',
  title: { fr: 'Mesure d’audience', en: 'Audience measurement' },
  description: { fr: 'Compter les visites et les pages vues pour améliorer le site.', en: 'Count visits and page views to improve the site.' },
  services: [{ name: 'Google Analytics', url: 'https://policies.google.com/privacy', cookies: ['_ga', '_ga_*'] }],
  consentMode: ['analytics_storage'],
};

const video: ConsentPurpose = {
  id: 'video',
  title: { fr: 'Vidéos', en: 'Videos' },
  description: { fr: 'Lire dans la page les vidéos des conseils municipaux.', en: 'Play the town council videos in the page.' },
  services: [
    { name: 'YouTube', url: 'https://policies.google.com/privacy' },
    { name: 'Vimeo', url: 'https://vimeo.com/privacy' },
  ],
};

/** A self-hosted measurement configured for the CNIL's exemption: it may run before any choice. */
const exemptStats: ConsentPurpose = {
  id: 'stats',
  exempt: true,
  cookieMonths: 13,
  title: { fr: 'Statistiques de fréquentation anonymes', en: 'Anonymous visit statistics' },
  description: {
    fr: 'Mesure anonyme hébergée par la Ville, exemptée de consentement par la CNIL ; vous pouvez vous y opposer.',
    en: 'Anonymous measurement hosted by the town, exempt from consent under CNIL rules; you may object.',
  },
  services: [{ name: 'Matomo', cookies: ['_pk_id*'] }],
};

const config = (...purposes: ConsentPurpose[]): ConsentConfig => ({ version: '2027-01', privacyUrl: PRIVACY_URL, purposes });

/** The demo commune's configuration: one purpose that needs consent, one exempt. */
const demoConfig = config(audience, exemptStats);

const removeBanners = () => document.querySelectorAll('civ-consent-banner').forEach((banner) => banner.remove());

/**
 * A story's `beforeEach`: no banner, no consent cookie, no Consent Mode queue left by an earlier story; then
 * the choice the visitor made on an earlier visit, if any, and a mocked API for the proofs of consent.
 */
function consentState({ choice, erase }: { choice?: StoredChoice; erase?: MockRoute } = {}) {
  return () => {
    const forget = () => {
      removeBanners();
      document.cookie = `${COOKIE}=;max-age=0;path=/`;
      delete (window as { dataLayer?: unknown }).dataLayer;
    };
    forget();
    if (choice) document.cookie = `${COOKIE}=${encodeURIComponent(JSON.stringify(choice))};path=/;SameSite=Lax`;
    const routes: Record<string, MockRoute> = { 'POST consents': { status: 201, body: { consentId: choice?.id, linkedToAccount: false } } };
    if (choice) routes[`DELETE consents/${choice.id}`] = erase ?? { status: 204 };
    const restoreFetch = mockedApi({ routes })();
    return () => {
      restoreFetch();
      forget();
    };
  };
}

/** The banner, with a strip of the host page in the canvas (the banner itself moves to the top of `<body>`). */
function hostPage({ config, lang, proof, width, reopenButton }: BannerArgs): HTMLElement {
  removeBanners();
  const banner = document.createElement('civ-consent-banner');
  banner.setAttribute('config', JSON.stringify(config));
  banner.setAttribute('lang', lang);
  if (proof) {
    banner.setAttribute('api', MOCK_API);
    banner.setAttribute('tenant', MOCK_TENANT);
  }
  if (width) banner.style.maxWidth = width;
  if (reopenButton) banner.setAttribute('reopen-button', '');
  const page = document.createElement('div');
  const text = document.createElement('p');
  text.textContent = 'Page du site de la commune. Le bandeau se place en tête de page ; ce bouton le rouvre, comme celui des mentions légales :';
  const reopen = document.createElement('button');
  reopen.type = 'button';
  reopen.dataset.civConsentOpen = '';
  reopen.textContent = 'Gérer mes cookies';
  page.append(banner, text, reopen);
  return page;
}

/** The banner on the page, to act on it from `play`, once it has rendered. */
async function banner() {
  const element = await waitFor(() => document.querySelector<HTMLElement>('civ-consent-banner'), 'the banner');
  const widget = shadow(element);
  await waitFor(() => widget.find('section, .reopen'), 'the banner to render');
  return widget;
}

const meta = {
  title: 'Widgets/civ-consent-banner',
  component: 'civ-consent-banner',
  args: { config: demoConfig, lang: 'fr', proof: false, width: '', reopenButton: false },
  argTypes: {
    config: { control: 'object' },
    lang: { control: 'inline-radio', options: ['fr', 'en'] },
    proof: { control: 'boolean' },
    width: { control: 'text' },
    reopenButton: { control: 'boolean' },
  },
  render: hostPage,
} satisfies Meta<BannerArgs>;

export default meta;
type Story = StoryObj<BannerArgs>;

/** "Tout accepter", "Tout refuser", "Personnaliser": same element, same style, same size. */
export const FirstLayer: Story = {
  beforeEach: consentState(),
};

/** One choice per purpose, nothing ticked beforehand. */
export const SecondLayer: Story = {
  args: { config: config(audience, video) },
  beforeEach: consentState(),
  play: async () => {
    const widget = await banner();
    await widget.click('Personnaliser');
  },
};

/** An exempt audience measurement: it runs without consent, states the 13-month cap, and the visitor may object. */
export const ExemptPurpose: Story = {
  beforeEach: consentState(),
  play: async () => {
    const widget = await banner();
    await widget.click('Personnaliser');
    await widget.until('exemptée de consentement');
  },
};

/** Many purposes, several services each, with Google Consent Mode signals. */
export const SeveralPurposesAndServices: Story = {
  args: {
    config: config(
      audience,
      {
        id: 'ads',
        title: 'Publicité ciblée',
        description: 'Mesurer l’efficacité des campagnes d’information de la Ville sur les réseaux sociaux.',
        services: [
          { name: 'Meta (Facebook, Instagram)', url: 'https://www.facebook.com/privacy/policy/', cookies: ['_fbp'] },
          { name: 'Google Ads', url: 'https://policies.google.com/privacy', cookies: ['_gcl_*'] },
        ],
        consentMode: ['ad_storage', 'ad_user_data', 'ad_personalization'],
      },
      video,
      {
        id: 'maps',
        title: 'Cartes interactives',
        description: 'Afficher les projets du budget participatif sur une carte.',
        services: [{ name: 'Google Maps', url: 'https://policies.google.com/privacy' }],
      },
      {
        id: 'social',
        title: 'Partage sur les réseaux sociaux',
        services: [{ name: 'Facebook' }, { name: 'X (Twitter)' }, { name: 'LinkedIn' }, { name: 'Bluesky' }],
      },
      exemptStats,
    ),
  },
  beforeEach: consentState(),
  play: async () => {
    const widget = await banner();
    await widget.click('Personnaliser');
  },
};

/** The visitor chose on an earlier visit: with `reopen-button`, only the small floating "Cookies" button shows. */
export const AfterChoice: Story = {
  args: { reopenButton: true },
  beforeEach: consentState({ choice: { v: '2027-01', id: 'c'.repeat(32), c: { audience: false, stats: true } } }),
};

/** Reopened after a choice: the current choice is shown, with the id of its proof and the right to erase it. */
export const ReopenedWithProof: Story = {
  args: { proof: true, reopenButton: true },
  beforeEach: consentState({ choice: { v: '2027-01', id: '3f2a9c0d5b7e41c8a6d2e9f01b4c7a55', c: { audience: true, stats: false } } }),
  play: async () => {
    const widget = await banner();
    await widget.click('Cookies');
    await widget.click('Personnaliser');
    await widget.waitFor('[part=proof]');
  },
};

/** "Effacer la preuve": the server erased it, and the banner says so. */
export const ProofErased: Story = {
  ...ReopenedWithProof,
  play: async (context) => {
    await ReopenedWithProof.play!(context);
    const widget = await banner();
    await widget.click('Effacer la preuve');
    await widget.until('Preuve effacée.');
  },
};

/** The erasure failed (the API answered an error): the visitor is told to try again later. */
export const ProofEraseFailed: Story = {
  ...ReopenedWithProof,
  beforeEach: consentState({
    choice: { v: '2027-01', id: '3f2a9c0d5b7e41c8a6d2e9f01b4c7a55', c: { audience: true, stats: false } },
    erase: apiError(500, 'internal_error'),
  }),
  play: async (context) => {
    await ReopenedWithProof.play!(context);
    const widget = await banner();
    await widget.click('Effacer la preuve');
    await widget.until('Échec de l’effacement');
  },
};

export const English: Story = {
  args: { lang: 'en' },
  beforeEach: consentState(),
  play: async () => {
    const widget = await banner();
    await widget.click('Customise');
  },
};

/** Long titles, descriptions and service names, on a 320-pixel-wide phone. */
export const LongFrenchText: Story = {
  args: {
    width: '320px',
    config: config(
      {
        id: 'audience',
        title: 'Mesure d’audience et de la fréquentation des pages d’information municipale',
        description:
          'Compter les visites, les pages vues, les téléchargements des comptes rendus du conseil municipal et les recherches effectuées, afin d’améliorer l’organisation du site et la lisibilité des informations publiées par la Ville de Montjoli et ses établissements publics.',
        services: [
          { name: 'Solution de mesure d’audience de l’agglomération Cœur d’Essonne', url: 'https://www.montjoli.example/confidentialite' },
          { name: 'Prestataire d’hébergement et de statistiques du Syndicat intercommunal', cookies: ['_sic_*'] },
        ],
      },
      {
        id: 'video',
        title: 'Vidéos des séances publiques du conseil municipal et des conseils de quartier',
        description: 'Lire dans la page, sans la quitter, les retransmissions des séances publiques.',
        services: [{ name: 'Plateforme de diffusion vidéo de la Région Île-de-France' }],
      },
      exemptStats,
    ),
  },
  beforeEach: consentState(),
  play: async () => {
    const widget = await banner();
    await widget.click('Personnaliser');
  },
};
