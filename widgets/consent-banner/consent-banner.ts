import { define } from '../core/define.ts';
import { CivConsentBanner } from './consent-banner.element.ts';

export { CivConsentBanner };

define('civ-consent-banner', CivConsentBanner);

declare global {
  interface HTMLElementTagNameMap {
    'civ-consent-banner': CivConsentBanner;
  }
}
