import { define } from '../core/define.ts';
import { CivResourceBoard } from './resources.element.ts';

export { CivResourceBoard };

define('civ-resource-board', CivResourceBoard);

declare global {
  interface HTMLElementTagNameMap {
    'civ-resource-board': CivResourceBoard;
  }
}
