/**
 * `civique.js`, the file the webmaster's snippet points at:
 *
 *   <script type="module" src="https://participer.example.fr/widgets/v1/civique.js" data-tenant="montjoli"></script>
 *   <civ-account></civ-account>
 *
 * It stays tiny: it reads its own tag's data-* attributes, installs the shared session, and imports only the
 * `civ-*` elements on the page (each is its own chunk, sharing one Lit chunk).
 */
import { startAutoloader, type ElementImports } from './core/autoloader.ts';

/**
 * The elements this release can load. A new widget adds one line here (its tag is already in `CivTag`,
 * `core/autoloader.ts`), with its module `widgets/<name>/<name>.ts`; the build records each tag that module
 * `define`s in the manifest, with the chain a page holding it preloads. `civ-proposal-form` and `civ-proposals`
 * share one chunk (`proposals/proposals.ts`). The consent banner needs no session (it also ships
 * alone as `consent.js`).
 */
const proposals = () => import('./proposals/proposals.ts');
const ELEMENTS: ElementImports = {
  'civ-account': () => import('./account/account.ts'),
  'civ-consent-banner': () => import('./consent-banner/consent-banner.ts'),
  'civ-vote': () => import('./vote/vote.ts'),
  'civ-survey': () => import('./survey/survey.ts'),
  'civ-proposal-form': proposals,
  'civ-proposals': proposals,
  'civ-resource-board': () => import('./resources/resources.ts'),
};

/** The build's verifying importer starts an element's downloads early (absent when running from source). */
const preload = (tag: string) => (globalThis as unknown as Record<symbol, ((tag: string) => void) | undefined>)[Symbol.for('civique.preload')]?.(tag);

startAutoloader({ scriptUrl: import.meta.url, elements: ELEMENTS, standalone: ['civ-consent-banner'], preload });
