/**
 * Every state of `civ-resource-board`, on the real element against the mocked API: no post yet, many posts, a
 * filter, an expired post, its author's own post (renew, close), a message sent through the board, a business
 * over the message limit, a thread opened from the relayed mail's link, a post reported, the business profile
 * missing (with a SIRET whose key is wrong), an address not confirmed, English, and the embed's problems.
 */
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { board, BOARD, boardRoutes, expiredPost, partner, requestPost, resourcePost, thread } from '../widgets/resources/resource-board.fixtures.ts';
import { apiError, me } from '../widgets/testing/mock-api.ts';
import '../widgets/resources/resources.ts';
import { embedProblem, mockedApi, shadow, withSession } from './story-helpers.ts';

interface BoardArgs {
  consultation: string;
  lang: 'fr' | 'en';
}

function boardElement({ consultation, lang }: BoardArgs): HTMLElement {
  const element = document.createElement('civ-resource-board');
  element.setAttribute('consultation', consultation);
  element.setAttribute('lang', lang);
  element.setAttribute('sign-in-url', '/mon-compte.html');
  return element;
}

const widget = (canvas: HTMLElement) => shadow(canvas.querySelector<HTMLElement>('civ-resource-board')!);
const many = [
  resourcePost(),
  requestPost(),
  resourcePost({
    id: 'post-4',
    kind: 'staff',
    title: 'Deux vendeurs disponibles pour la braderie',
    quantity: '2 personnes',
    periodStart: '2027-09-04',
    periodEnd: '2027-09-05',
    business: { tradeName: 'Chaussures Dubreuil' },
  }),
  requestPost({ id: 'post-5', kind: 'equipment', title: 'Cherche une chambre froide mobile', paid: true, business: { tradeName: 'Traiteur des Prés' } }),
  expiredPost(),
];
const CONTACT = `POST consultations/${BOARD}/resources/post-1/contact`;
const partners = [
  partner(),
  partner({ id: 'cma-vosges02', name: 'Chambre de métiers et de l’artisanat', helpsWith: { fr: 'Former un apprenti, transmettre une entreprise' } }),
];

const meta = {
  title: 'Widgets/civ-resource-board',
  component: 'civ-resource-board',
  args: { consultation: BOARD, lang: 'fr' },
  argTypes: { lang: { control: 'inline-radio', options: ['fr', 'en'] } },
  render: (args) => withSession(boardElement(args)),
} satisfies Meta<BoardArgs>;

export default meta;
type Story = StoryObj<BoardArgs>;

/** No post published yet. */
export const Empty: Story = { beforeEach: mockedApi({ routes: boardRoutes({ items: [] }) }) };

/** Offers and requests of several businesses, more than one page, and the partners who help. */
export const ManyPosts: Story = {
  beforeEach: mockedApi({ account: me(), routes: boardRoutes({ items: many, next: '1789000000000.5' }, { partners: partners }) }),
};

/** A partner's "demander de l'aide" form, relayed to its address (never shown). */
export const AskPartnerForHelp: Story = {
  beforeEach: mockedApi({
    account: me(),
    routes: {
      ...boardRoutes({ items: [resourcePost()] }, { partners: partners }),
      [`POST consultations/${BOARD}/partners/cci-vosges01/contact`]: { status: 202, body: { status: 'sent' } },
    },
  }),
  play: async ({ canvasElement }) => {
    const w = widget(canvasElement);
    await w.click('Demander de l’aide');
    await w.fill('#help-message', 'Nous cherchons un local de 50 m² près de la gare.');
    await w.submit('help');
    await w.until('Demande envoyée au partenaire');
  },
};

/** Filtered: the offers of vehicles still available. */
export const Filtered: Story = {
  beforeEach: mockedApi({ routes: boardRoutes({ items: [resourcePost()] }) }),
  play: async ({ canvasElement }) => {
    const w = widget(canvasElement);
    await w.fill('#filter-direction', 'offer');
    await w.fill('#filter-kind', 'vehicle');
    await w.check('#filter-available');
  },
};

/** An expired post, opened: marked expired, it takes no message. */
export const ExpiredPost: Story = { beforeEach: mockedApi({ account: me(), routes: boardRoutes({ items: many }), hash: '#civique-resource=post-3' }) };

/** Its author's own post: renew or close it. */
export const MyPost: Story = {
  beforeEach: mockedApi({ account: me(), routes: boardRoutes({ items: [resourcePost({ mine: true })] }), hash: '#civique-resource=post-1' }),
};

/** A message sent to a post's author through the board, the writer's address shared. */
export const ContactSent: Story = {
  beforeEach: mockedApi({
    account: me(),
    routes: { ...boardRoutes({ items: many }), [CONTACT]: { status: 201, body: thread() } },
    hash: '#civique-resource=post-1',
  }),
  play: async ({ canvasElement }) => {
    const w = widget(canvasElement);
    await w.fill('#contact-message', 'Bonjour, la camionnette serait-elle libre le 15 mars ?');
    await w.check('#contact-shareEmail');
    await w.submit('contact');
    await w.until('Message envoyé');
  },
};

/** Over the message limit: how long to wait, the message kept. */
export const RateLimited: Story = {
  beforeEach: mockedApi({
    account: me(),
    routes: { ...boardRoutes({ items: many }), [CONTACT]: apiError(429, 'rate_limited', undefined, { 'Retry-After': '1800' }) },
    hash: '#civique-resource=post-1',
  }),
  play: async ({ canvasElement }) => {
    const w = widget(canvasElement);
    await w.fill('#contact-message', 'Bonjour, est-elle libre le 15 mars ?');
    await w.submit('contact');
    await w.until('dans 30 minutes');
  },
};

/** A conversation opened from the relayed mail's link (`#civique-thread=<id>`), with the reply form. */
export const Thread: Story = {
  beforeEach: mockedApi({
    account: me(),
    routes: boardRoutes(
      { items: many },
      {
        threads: [
          thread(),
          thread({
            id: 'thread-2',
            role: 'owner',
            post: { id: 'post-2', title: requestPost().title },
            counterpart: { tradeName: 'Chaussures Dubreuil', email: 'contact@dubreuil.example' },
          }),
        ],
      },
    ),
    hash: '#civique-thread=thread-1',
  }),
};

/** A post reported to the moderators. */
export const Flagged: Story = {
  beforeEach: mockedApi({
    account: me(),
    routes: { ...boardRoutes({ items: many }), 'POST moderation/resourcePost/post-2/flags': { status: 201, body: { counted: true, hidden: false } } },
    hash: '#civique-resource=post-2',
  }),
  play: async ({ canvasElement }) => {
    const w = widget(canvasElement);
    await w.click('Signaler');
    await w.fill('#flag-reason', 'spam');
    await (await w.waitFor<HTMLFormElement>('form.flag')).requestSubmit();
    await w.until('transmis à la modération');
  },
};

/** The business profile is missing: its form comes first; a SIRET whose key is wrong is said clearly. */
export const BusinessProfileMissing: Story = {
  beforeEach: mockedApi({
    account: me(),
    routes: {
      ...boardRoutes({ items: many }, { profile: null }),
      'PUT me/business-profile': apiError(400, 'validation_failed', [{ path: 'siret', message: 'This SIRET is not valid', code: 'custom' }]),
    },
  }),
  play: async ({ canvasElement }) => {
    const w = widget(canvasElement);
    await w.click('Publier une annonce');
    await w.fill('#profile-tradeName', 'Librairie du Marché');
    await w.fill('#profile-siret', '732 829 320 00075');
    await w.fill('#profile-sector', 'Commerce de livres');
    await w.fill('#profile-commune', 'Montjoli');
    await w.submit('profile');
    await w.until('clé de contrôle');
  },
};

/** The address is not confirmed yet: how to confirm it, before posting. */
export const EmailNotVerified: Story = {
  beforeEach: mockedApi({ account: me({ emailVerified: false }), routes: boardRoutes({ items: many }) }),
  play: async ({ canvasElement }) => {
    await widget(canvasElement).click('Publier une annonce');
  },
};

export const English: Story = { args: { lang: 'en' }, beforeEach: mockedApi({ routes: boardRoutes({ items: many }, { c: board() }) }) };

/** The snippet without `data-tenant`. */
export const WithoutTenant: Story = {
  tags: ['embed-problem:missing_tenant'],
  beforeEach: mockedApi({ routes: boardRoutes() }),
  render: (args) => withSession(boardElement(args), null),
};
export const OriginNotAllowed: Story = {
  tags: ['embed-problem:origin_not_allowed'],
  beforeEach: embedProblem('origin_not_allowed', { routes: boardRoutes() }),
};
export const TenantNotFound: Story = { tags: ['embed-problem:tenant_not_found'], beforeEach: embedProblem('tenant_not_found', { routes: boardRoutes() }) };
export const ApiUnreachable: Story = { tags: ['embed-problem:network_error'], beforeEach: embedProblem('network_error', { routes: boardRoutes() }) };
export const ApiUnavailable: Story = { tags: ['embed-problem:unavailable'], beforeEach: embedProblem('unavailable', { routes: boardRoutes() }) };
