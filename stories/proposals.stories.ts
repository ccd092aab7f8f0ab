/**
 * Every state of `civ-proposals`, on the real element against the mocked API: no proposal yet, the list, a
 * filter, a search with no result, more pages, one proposal with its official answer (the mailed deep link),
 * an author's proposal rejected with its reason, the confirmation and the subscription links of an anonymous
 * author's address, English, and the embed's problems.
 */
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { answeredProposal, proposal, proposalRoutes, SLUG } from '../widgets/proposals/proposals.fixtures.ts';
import { me } from '../widgets/testing/mock-api.ts';
import '../widgets/proposals/proposals.ts';
import { embedProblem, mockedApi, shadow, withSession } from './story-helpers.ts';

interface ListArgs {
  consultation: string;
  lang: 'fr' | 'en';
}

function listElement({ consultation, lang }: ListArgs): HTMLElement {
  const element = document.createElement('civ-proposals');
  element.setAttribute('consultation', consultation);
  element.setAttribute('lang', lang);
  return element;
}

const list = (canvas: HTMLElement) => shadow(canvas.querySelector<HTMLElement>('civ-proposals')!);
const many = [
  proposal(),
  answeredProposal(),
  proposal({ id: 'prop-3', title: 'Un composteur partagé aux Coteaux', quartier: 'coteaux', answerStatus: 'under_study', supportCount: 7 }),
  proposal({ id: 'prop-4', title: 'Fermer la rue de l’école aux voitures à 8 h 20', category: 'mobilite', answerStatus: 'selected', supportCount: 91 }),
];

const meta = {
  title: 'Widgets/civ-proposals',
  component: 'civ-proposals',
  args: { consultation: SLUG, lang: 'fr' },
  argTypes: { lang: { control: 'inline-radio', options: ['fr', 'en'] } },
  render: (args) => withSession(listElement(args)),
} satisfies Meta<ListArgs>;

export default meta;
type Story = StoryObj<ListArgs>;

/** No proposal published yet. */
export const Empty: Story = { beforeEach: mockedApi({ routes: proposalRoutes({ items: [] }) }) };

/** The published proposals, with their answer state, theme, quartier and supports. */
export const List: Story = { beforeEach: mockedApi({ routes: proposalRoutes({ items: many }) }) };

/** Filtered by answer: the accepted ones. */
export const Filtered: Story = {
  beforeEach: mockedApi({ routes: proposalRoutes({ items: many }) }),
  play: async ({ canvasElement }) => {
    await list(canvasElement).fill('#filter-answer', 'accepted');
  },
};

/** A search that finds nothing: said, with what to try. */
export const SearchWithoutResult: Story = {
  beforeEach: mockedApi({ routes: proposalRoutes({ items: [] }) }),
  play: async ({ canvasElement }) => {
    const widget = list(canvasElement);
    await widget.fill('#filter-q', 'piscine olympique');
    (await widget.waitFor<HTMLFormElement>('form.filters')).requestSubmit();
    await widget.until('Aucune proposition ne correspond');
  },
};

/** More proposals than one page: "Voir plus de propositions". */
export const MorePages: Story = { beforeEach: mockedApi({ routes: proposalRoutes({ items: many, nextCursor: 'c2' }) }) };

/** One proposal, opened from the mailed link (`#civique-proposal=<id>`): the official answer, who gave it and when. */
export const DetailWithAnswer: Story = { beforeEach: mockedApi({ routes: proposalRoutes({ items: many }), hash: '#civique-proposal=prop-2' }) };

/** Its author sees a rejected proposal, with the moderators' reason. */
export const RejectedForItsAuthor: Story = {
  beforeEach: mockedApi({
    account: me(),
    routes: proposalRoutes({
      items: [proposal({ moderation: 'rejected', byMe: true, rejectionReason: 'Elle nomme une personne : retirez son nom et proposez-la de nouveau.' })],
    }),
    hash: '#civique-proposal=prop-1',
  }),
};

/** The confirmation link of an anonymous author's address: confirmed, then the proposal. */
export const AddressConfirmed: Story = {
  beforeEach: mockedApi({
    routes: { ...proposalRoutes({ items: many }), 'POST proposal-subscriptions/confirmation': { body: { proposalId: 'prop-1', slug: SLUG } } },
    hash: '#civique-proposal-confirm=Conf{code}',
  }),
};

/** The link in a later mail: what the address gave, to download or erase, without an account. */
export const AddressSeenFromItsLink: Story = {
  beforeEach: mockedApi({
    routes: {
      ...proposalRoutes({ items: many }),
      'GET proposal-subscriptions/Subscription0123456789abcdefghij': {
        body: {
          email: 'camille@example.fr',
          locale: 'fr',
          confirmed: true,
          createdAt: '2027-01-12T10:00:00.000Z',
          confirmedAt: '2027-01-12T10:05:00.000Z',
          notifiedAt: null,
          proposal: { id: 'prop-1', slug: SLUG, title: 'Rénover la fontaine de la place du marché' },
        },
      },
    },
    hash: '#civique-proposal-subscription=Subscription0123456789abcdefghij',
  }),
};

export const English: Story = { args: { lang: 'en' }, beforeEach: mockedApi({ routes: proposalRoutes({ items: many }) }) };

/** The snippet without `data-tenant`. */
export const WithoutTenant: Story = {
  tags: ['embed-problem:missing_tenant'],
  beforeEach: mockedApi({ routes: proposalRoutes() }),
  render: (args) => withSession(listElement(args), null),
};
export const OriginNotAllowed: Story = {
  tags: ['embed-problem:origin_not_allowed'],
  beforeEach: embedProblem('origin_not_allowed', { routes: proposalRoutes() }),
};
export const TenantNotFound: Story = { tags: ['embed-problem:tenant_not_found'], beforeEach: embedProblem('tenant_not_found', { routes: proposalRoutes() }) };
export const ApiUnreachable: Story = { tags: ['embed-problem:network_error'], beforeEach: embedProblem('network_error', { routes: proposalRoutes() }) };
export const ApiUnavailable: Story = { tags: ['embed-problem:unavailable'], beforeEach: embedProblem('unavailable', { routes: proposalRoutes() }) };
