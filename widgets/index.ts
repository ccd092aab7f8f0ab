/**
 * Every Civique element, for npm users and Storybook: importing this module registers all the tags.
 * A page using the script tag needs none of it: `civique.js` loads only the elements on the page.
 *
 * Without the loader, install the shared session yourself, once, before the elements connect:
 *
 * @example
 * import { installEmbed } from 'civique/widgets/index.ts';
 * installEmbed({ api: 'https://participer.example.fr', tenant: 'montjoli' });
 */
export { CivAccount } from './account/account.ts';
export { CivConsentBanner } from './consent-banner/consent-banner.ts';
export { CivProposalForm, CivProposals } from './proposals/proposals.ts';
export { CivResourceBoard } from './resources/resources.ts';
export { CivSurvey } from './survey/survey.ts';
export { CivVote } from './vote/vote.ts';
export { ApiClient, ApiError, NetworkError } from './core/api-client.ts';
export { installEmbed } from './core/embed.ts';
export { CivEvent } from './core/events.ts';
export { provideSession, Session } from './core/session.ts';
