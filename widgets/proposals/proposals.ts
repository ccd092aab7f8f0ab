import { define } from '../core/define.ts';
import { CivProposalForm } from './proposal-form.element.ts';
import { CivProposals } from './proposals.element.ts';

export { CivProposalForm, CivProposals };

// One chunk for both: a page that invites proposals usually lists them too.
define('civ-proposal-form', CivProposalForm);
define('civ-proposals', CivProposals);

declare global {
  interface HTMLElementTagNameMap {
    'civ-proposal-form': CivProposalForm;
    'civ-proposals': CivProposals;
  }
}
