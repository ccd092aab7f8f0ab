import { define } from '../core/define.ts';
import { CivVote } from './vote.element.ts';

export { CivVote };

define('civ-vote', CivVote);

declare global {
  interface HTMLElementTagNameMap {
    'civ-vote': CivVote;
  }
}
