/**
 * `consent.js`: the cookie consent banner alone, for pages that want nothing else from the kit. It shares
 * the banner and Lit chunks with `civique.js` when both are on a page, and the element registers only once.
 * The banner is imported, not bundled here: an entry imports nothing statically, so that every file it pulls
 * in is checked against the hash it carries (`core/verified-import.ts`).
 *
 * @example
 * <script type="application/json" id="civ-consent-config">{ "version": "2027-01", "purposes": [ … ] }</script>
 * <civ-consent-banner></civ-consent-banner>
 * <script type="module" src="https://participer.example.fr/widgets/v1/consent.js" data-tenant="montjoli"></script>
 */
import('./consent-banner/consent-banner.ts').catch((error) =>
  console.error('[civique] le bandeau de consentement n’a pas pu être chargé. — Could not load the consent banner:', error),
);
