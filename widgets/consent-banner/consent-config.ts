/** A text in French, or in French and English: `"Vidéos"` or `{ "fr": "Vidéos", "en": "Videos" }`. */
export type ConsentText = string | { fr: string; en?: string };

/** A third party behind a purpose, and the cookies it is known to set (`"_ga"`, or a prefix: `"_ga_*"`). */
export interface ConsentPartner {
  name: string;
  /** Its privacy policy. */
  url?: string;
  cookies?: string[];
}

export interface ConsentPurpose {
  /** What tagged content names in `data-civ-purpose`; lowercase letters, digits, `-` and `_`. */
  id: string;
  title: ConsentText;
  description?: ConsentText;
  services?: ConsentPartner[];
  /**
   * Audience measurement configured for the CNIL's exemption (e.g. self-hosted Matomo: anonymous, first-party,
   * no cross-site tracking): its content loads without consent, and the visitor may object to it.
   */
  exempt?: boolean;
  /** How long its cookies live; an exempt purpose may not exceed 13 months. Default 13. */
  cookieMonths?: number;
  /** Google Consent Mode v2 signals this purpose grants: `["analytics_storage"]`, `["ad_storage", "ad_user_data", …]`. */
  consentMode?: string[];
}

/** What the host declares, as JSON in the `config` attribute or in a `<script type="application/json">`. */
export interface ConsentConfig {
  /** The revision of the purposes: a new value asks every visitor again. */
  version: string;
  purposes: ConsentPurpose[];
  /** How long an acceptance (of at least one purpose) is kept, in months; default 6, at most 13. */
  consentMonths?: number;
  /** How long a refusal of every purpose is kept, in months; default 6, at most 13. */
  refusalMonths?: number;
  /** The site's privacy policy, linked from the banner. */
  privacyUrl?: string;
  /** The first-party cookie holding the choice; default `civique_consent`. */
  cookieName?: string;
  /** Share the choice with subdomains: `"montjoli.fr"`. Default: this host only. */
  cookieDomain?: string;
}

/** The id of the JSON script read when the element has no `config` attribute. */
export const DEFAULT_CONFIG_ID = 'civ-consent-config';
const EXEMPT_MAX_MONTHS = 13;

export const complain = (message: string) => console.error(`[civique] civ-consent-banner: ${message}`);

/**
 * A link the banner may render as `href`: http(s) — a relative one resolves to the page's own — or a same-page
 * `#…`. Anything else (`javascript:`, `data:`…) would run or show content in the visitor's page.
 *
 * @example
 * webLink('/mentions-legales.html'); // '/mentions-legales.html'
 * webLink('javascript:alert(1)');    // undefined
 */
export function webLink(url: unknown): string | undefined {
  if (typeof url != 'string') return;
  if (url.startsWith('#')) return url;
  try {
    return /^https?:$/.test(new URL(url, location.href).protocol) ? url : undefined;
  } catch {
    return;
  }
}

/** Keeps a configured link only when it is a web link, and says so in the console otherwise. */
function checkedLink(url: unknown, what: string): string | undefined {
  const link = webLink(url);
  if (url != null && !link) complain(`${what}: only http(s) and #… links are shown`);
  return link;
}

/**
 * Reads the configuration: `source` is JSON itself when it starts with `{`, otherwise the id of a
 * `<script type="application/json">` (default `civ-consent-config`). JSON is data, never run, so it is
 * CSP-safe. Misconfigurations are told in the console; a purpose that claims the exemption without meeting
 * its conditions is treated as needing consent.
 *
 * @example
 * readConfig('{"version":"1","purposes":[{"id":"audience","title":"Mesure d’audience"}]}');
 */
export function readConfig(source: string | null): ConsentConfig | undefined {
  const text = source?.trim().startsWith('{') ? source : document.getElementById(source || DEFAULT_CONFIG_ID)?.textContent;
  let config: ConsentConfig;
  try {
    config = JSON.parse(text!);
  } catch {
    complain(`configuration missing or not JSON (#${source || DEFAULT_CONFIG_ID})`);
    return;
  }
  if (typeof config?.version != 'string' || !Array.isArray(config.purposes)) {
    complain('configuration needs "version" and "purposes"');
    return;
  }
  for (const purpose of config.purposes) {
    if (!/^[a-z0-9][a-z0-9_-]{0,39}$/.test(purpose.id)) {
      complain(`purpose id "${purpose.id}": use a-z 0-9 - _`);
      return;
    }
    for (const service of purpose.services ?? []) service.url = checkedLink(service.url, `"${service.name}" url`);
    if (purpose.exempt && ((purpose.cookieMonths ?? EXEMPT_MAX_MONTHS) > EXEMPT_MAX_MONTHS || purpose.consentMode?.length)) {
      complain(`"${purpose.id}" cannot be exempt (cookies over 13 months, or Google signals)`);
      purpose.exempt = false;
    }
  }
  config.privacyUrl = checkedLink(config.privacyUrl, 'privacyUrl');
  return config;
}

/** A text in the page's language, falling back to French. */
export const localize = (text: ConsentText | undefined, lang: 'fr' | 'en'): string => (typeof text == 'object' ? (text[lang] ?? text.fr) : (text ?? ''));
