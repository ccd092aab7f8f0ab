/**
 * `consent.js`: the cookie consent banner alone, for pages that want nothing else from the kit. It shares
 * the Lit chunk with `civique.js` when both are on a page, and the element registers only once.
 *
 * @example
 * <script type="application/json" id="civ-consent-config">{ "version": "2027-01", "purposes": [ … ] }</script>
 * <civ-consent-banner></civ-consent-banner>
 * <script type="module" src="https://participer.example.fr/widgets/v1/consent.js" data-tenant="montjoli"></script>
 */
import './consent-banner/consent-banner.ts';
