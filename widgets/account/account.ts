import { define } from '../core/define.ts';
import { CivAccount } from './account.element.ts';

export { CivAccount };

define('civ-account', CivAccount);

declare global {
  interface HTMLElementTagNameMap {
    'civ-account': CivAccount;
  }
}
