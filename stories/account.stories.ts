/**
 * Every state of `civ-account`, on the real element against the mocked API: signed out, the forms and their
 * errors, a request that never answers, a failed submit whose draft is kept, the signed-in sections, the
 * mailed links coming back, long French text, English, and a misconfigured embed.
 */
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import '../widgets/account/account.ts';
import type { Me, Participation } from '../widgets/core/api-types.ts';
import { apiError, me, tenant, type MockAnswer } from '../widgets/testing/mock-api.ts';
import { embedProblem, mockedApi, shadow, withSession } from './story-helpers.ts';

interface AccountArgs {
  /** Which form a signed-out visitor sees first. */
  initialView: 'sign-in' | 'sign-up';
  /** The element's `lang` attribute; the page is French. */
  lang: 'fr' | 'en';
  /** `no-header`: the page already shows "Mon compte". */
  noHeader: boolean;
  /** `heading-level`: the widget's title level in the page's outline (2 by default). */
  headingLevel?: number;
}

function accountElement({ initialView, lang, noHeader, headingLevel }: AccountArgs): HTMLElement {
  const element = document.createElement('civ-account');
  element.setAttribute('initial-view', initialView);
  element.setAttribute('lang', lang);
  element.toggleAttribute('no-header', noHeader);
  if (headingLevel) element.setAttribute('heading-level', String(headingLevel));
  return element;
}

/** The widget in a story's canvas, to act on it from `play`. */
const account = (canvas: HTMLElement) => shadow(canvas.querySelector<HTMLElement>('civ-account')!);

/** A request that never gets an answer: the widget stays on "Envoi en cours…" (until ky's 15-second timeout). */
const never = (): Promise<MockAnswer> => new Promise(() => {});

/** A small avatar as the widget sends it: a 128-pixel PNG `data:` URL, drawn here rather than fetched. */
function avatarPicture(): string {
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 128;
  const context = canvas.getContext('2d')!;
  context.fillStyle = '#000091';
  context.fillRect(0, 0, 128, 128);
  context.fillStyle = '#fff';
  context.font = 'bold 56px sans-serif';
  context.textAlign = 'center';
  context.textBaseline = 'middle';
  context.fillText('CM', 64, 68);
  return canvas.toDataURL('image/png');
}

/** Every field of the profile filled in, with display choices. */
const fullProfile = (): Partial<Me['profile']> => ({
  pseudonym: 'Camille des Coteaux',
  avatar: avatarPicture(),
  firstName: 'Camille',
  lastName: 'Martin',
  phone: '06 12 34 56 78',
  postalAddress: '12 rue des Lilas, 91999 Montjoli',
  birthYear: 1984,
  gender: 'female',
  city: 'Montjoli',
  quartier: 'Les Coteaux',
  pcsGroup: 4,
  showAge: true,
  showGender: false,
  showCity: true,
  showQuartier: true,
});

/** One of each kind; the last one's consultation was deleted since. */
const participations: Participation[] = [
  {
    kind: 'ballot',
    id: 'b1',
    consultationId: 'c1',
    consultation: { tenant: 'montjoli', slug: 'budget-2027', title: 'Budget participatif 2027', kind: 'budget' },
    at: '2027-03-02T10:00:00.000Z',
    status: 'quarantined',
  },
  {
    kind: 'response',
    id: 'r1',
    consultationId: 'c2',
    consultation: { tenant: 'montjoli', slug: 'mobilite-2027', title: 'Enquête mobilité', kind: 'survey' },
    at: '2027-03-04T08:30:00.000Z',
  },
  {
    kind: 'proposal',
    id: 'p1',
    consultationId: 'c3',
    consultation: { tenant: 'montjoli', slug: 'idees-2027', title: 'Vos idées pour Montjoli', kind: 'proposals' },
    at: '2027-03-05T17:45:00.000Z',
  },
  {
    kind: 'support',
    id: 's1',
    consultationId: 'c3',
    consultation: { tenant: 'montjoli', slug: 'idees-2027', title: 'Vos idées pour Montjoli', kind: 'proposals' },
    at: '2027-03-06T12:00:00.000Z',
  },
  { kind: 'resourcePost', id: 'a1', consultationId: 'c4', consultation: null, at: '2027-03-09T09:15:00.000Z' },
];

const meta = {
  title: 'Widgets/civ-account',
  component: 'civ-account',
  args: { initialView: 'sign-in', lang: 'fr', noHeader: false },
  argTypes: {
    initialView: { control: 'inline-radio', options: ['sign-in', 'sign-up'] },
    lang: { control: 'inline-radio', options: ['fr', 'en'] },
  },
  render: (args) => withSession(accountElement(args)),
} satisfies Meta<AccountArgs>;

export default meta;
type Story = StoryObj<AccountArgs>;

// Signed out

export const SignIn: Story = {
  beforeEach: mockedApi(),
};

export const SignUp: Story = {
  args: { initialView: 'sign-up' },
  beforeEach: mockedApi(),
};

/** Checked before anything is sent: the address and the 12-character rule, on their fields, announced. */
export const ValidationErrors: Story = {
  args: { initialView: 'sign-up' },
  beforeEach: mockedApi(),
  play: async ({ canvasElement }) => {
    const widget = account(canvasElement);
    await widget.fill('#sign-up-email', 'camille@exemple');
    await widget.fill('#sign-up-password', 'court');
    await widget.submit('sign-up');
    await widget.waitFor('#sign-up-password-error');
  },
};

/** The server refuses a common password (its issue lands on the password field). */
export const WeakPassword: Story = {
  args: { initialView: 'sign-up' },
  beforeEach: mockedApi({
    routes: { 'POST auth/sign-up': apiError(400, 'weak_password', [{ path: 'password', message: 'This password is too common; choose a longer sentence' }]) },
  }),
  play: async ({ canvasElement }) => {
    const widget = account(canvasElement);
    await widget.fill('#sign-up-email', 'camille@example.fr');
    await widget.fill('#sign-up-password', 'motdepasse2027!');
    await widget.submit('sign-up');
    await widget.waitFor('#sign-up-password-error');
  },
};

/** Sign-up accepted: the same words whether or not the address already had an account, then sign-in. */
export const SignedUp: Story = {
  args: { initialView: 'sign-up' },
  beforeEach: mockedApi({ routes: { 'POST auth/sign-up': { status: 202, body: { accepted: true } } } }),
  play: async ({ canvasElement }) => {
    const widget = account(canvasElement);
    await widget.fill('#sign-up-email', 'camille@example.fr');
    await widget.fill('#sign-up-password', 'la pluie tombe sur Montjoli');
    await widget.submit('sign-up');
    await widget.waitFor('#notice');
  },
};

export const WrongCredentials: Story = {
  beforeEach: mockedApi({ routes: { 'POST auth/sign-in': apiError(401, 'invalid_credentials') } }),
  play: async ({ canvasElement }) => {
    const widget = account(canvasElement);
    await widget.fill('#sign-in-email', 'camille@example.fr');
    await widget.fill('#sign-in-password', 'pas le bon mot de passe');
    await widget.submit('sign-in');
    await widget.waitFor('#sign-in-status');
  },
};

/** Too many attempts: the wait comes from `Retry-After`, and the address is kept for a retry. */
export const RateLimited: Story = {
  beforeEach: mockedApi({ routes: { 'POST auth/sign-in': apiError(429, 'rate_limited', undefined, { 'Retry-After': '900' }) } }),
  play: async ({ canvasElement }) => {
    const widget = account(canvasElement);
    await widget.fill('#sign-in-email', 'camille@example.fr');
    await widget.fill('#sign-in-password', 'une phrase assez longue');
    await widget.submit('sign-in');
    await widget.until('Réessayez dans 15 minutes');
  },
};

/** A sign-in whose request never answers. */
export const Submitting: Story = {
  // Busy on purpose: the smoke test judges it without waiting for it to settle.
  tags: ['stays-busy'],
  beforeEach: mockedApi({ routes: { 'POST auth/sign-in': never } }),
  play: async ({ canvasElement }) => {
    const widget = account(canvasElement);
    await widget.fill('#sign-in-email', 'camille@example.fr');
    await widget.fill('#sign-in-password', 'la pluie tombe sur Montjoli');
    await widget.submit('sign-in');
    await widget.until('Envoi en cours…');
  },
};

/** The collectivité's settings never arrive. */
export const Loading: Story = {
  // Busy on purpose: the smoke test judges it without waiting for it to settle.
  tags: ['stays-busy'],
  beforeEach: mockedApi({ routes: { 'GET ': never } }),
};

export const ServerError: Story = {
  beforeEach: mockedApi({ routes: { 'POST auth/sign-in': apiError(500, 'internal_error') } }),
  play: async ({ canvasElement }) => {
    const widget = account(canvasElement);
    await widget.fill('#sign-in-email', 'camille@example.fr');
    await widget.fill('#sign-in-password', 'la pluie tombe sur Montjoli');
    await widget.submit('sign-in');
    await widget.waitFor('#sign-in-status');
  },
};

/** "Mot de passe oublié", before and after asking for the link. */
export const ForgotPassword: Story = {
  beforeEach: mockedApi(),
  play: async ({ canvasElement }) => {
    await account(canvasElement).click('Mot de passe oublié ?');
    await account(canvasElement).waitFor('form#forgot');
  },
};

export const ForgotPasswordSent: Story = {
  beforeEach: mockedApi({ routes: { 'POST auth/password-reset-request': { status: 202, body: { accepted: true } } } }),
  play: async ({ canvasElement }) => {
    const widget = account(canvasElement);
    await widget.click('Mot de passe oublié ?');
    await widget.fill('#forgot-email', 'camille@example.fr');
    await widget.submit('forgot');
    await widget.until('Si un compte existe pour camille@example.fr');
  },
};

/** The mailed reset link came back as `#civique-reset=<code>`: the code leaves the address bar at once. */
export const ResetForm: Story = {
  beforeEach: mockedApi({ hash: '#civique-reset={code}' }),
};

export const ResetLinkExpired: Story = {
  beforeEach: mockedApi({ hash: '#civique-reset={code}', routes: { 'POST auth/password-reset': apiError(400, 'invalid_code') } }),
  play: async ({ canvasElement }) => {
    const widget = account(canvasElement);
    await widget.fill('#reset-newPassword', 'une nouvelle phrase de passe');
    await widget.submit('reset');
    await widget.until('Recevoir un nouveau lien');
  },
};

/** The mailed confirmation link came back as `#civique-verify=<code>`. */
export const EmailConfirmed: Story = {
  beforeEach: mockedApi({ hash: '#civique-verify={code}', routes: { 'POST auth/verify-email': { body: { accepted: true } } } }),
};

// Signed in

export const SignedIn: Story = {
  beforeEach: mockedApi({ account: me() }),
};

/** Under the page's own "Mon compte" (`no-header`): no title repeated, the sections' titles one level up. */
export const SignedInWithoutHeader: Story = {
  args: { noHeader: true },
  beforeEach: mockedApi({ account: me() }),
};

/** Under a section of the page (`heading-level="3"`): "Mon compte" is an h3, its sections h4. */
export const SignedInUnderASection: Story = {
  args: { headingLevel: 3 },
  beforeEach: mockedApi({ account: me() }),
};

export const EmailNotVerified: Story = {
  beforeEach: mockedApi({ account: me({ emailVerified: false }), routes: { 'POST auth/verification-mail': { status: 202, body: { accepted: true } } } }),
};

/** Every field of the profile, the avatar and the display choices. */
export const ProfileFilled: Story = {
  beforeEach: mockedApi({ routes: { 'GET me': () => ({ body: me({}, fullProfile()) }) }, account: me() }),
};

/** The API could not be reached: the citizen's input stays in the form and on the device, with a retry. */
export const NetworkFailureDraftKept: Story = {
  beforeEach: mockedApi({ account: me(), routes: { 'PATCH me': 'network-error' } }),
  play: async ({ canvasElement }) => {
    const widget = account(canvasElement);
    await widget.fill('#profile-pseudonym', 'Camille');
    await widget.fill('#profile-city', 'Montjoli');
    await widget.check('#profile-showCity');
    await widget.submit('profile');
    await widget.until('Réessayer l’envoi');
  },
};

/** The page was reloaded after that failure: the draft is restored and the retry offered. */
export const DraftRestoredAfterReload: Story = {
  beforeEach: mockedApi({
    account: me(),
    stored: {
      'draft:account:profile:acc-1': { values: { pseudonym: 'Camille', city: 'Montjoli', showCity: true }, savedAt: Date.now(), failedAt: Date.now() },
    },
  }),
};

/** The stored session could not be checked (no answer): nothing is forgotten, a retry is offered. */
export const SessionCheckFailed: Story = {
  beforeEach: mockedApi({ account: me(), routes: { 'GET me': 'network-error' } }),
  play: async ({ canvasElement }) => {
    await account(canvasElement).until('Impossible de vérifier votre connexion');
  },
};

/** The server ended the session while the citizen was editing: back to sign-in, the draft kept. */
export const SessionExpired: Story = {
  beforeEach: mockedApi({ account: me(), routes: { 'PATCH me': apiError(401, 'unauthenticated') } }),
  play: async ({ canvasElement }) => {
    const widget = account(canvasElement);
    await widget.fill('#profile-city', 'Montjoli');
    await widget.submit('profile');
    await widget.until('Votre session a expiré');
  },
};

export const Participations: Story = {
  beforeEach: mockedApi({ account: me(), routes: { 'GET me/participations': { body: { participations } } } }),
  play: async ({ canvasElement }) => {
    await account(canvasElement).click('Mes participations');
    await account(canvasElement).until('5 participations');
  },
};

export const ParticipationsEmpty: Story = {
  beforeEach: mockedApi({ account: me(), routes: { 'GET me/participations': { body: { participations: [] } } } }),
  play: async ({ canvasElement }) => {
    await account(canvasElement).click('Mes participations');
    await account(canvasElement).until('aucune consultation');
  },
};

export const Security: Story = {
  beforeEach: mockedApi({ account: me() }),
  play: async ({ canvasElement }) => {
    await account(canvasElement).click('Connexion et sécurité');
    await account(canvasElement).waitFor('form#password');
  },
};

/** Restriction and objection both on: the data section. */
export const RestrictedAndObjected: Story = {
  beforeEach: mockedApi({ account: me({ restricted: true, objected: true }) }),
  play: async ({ canvasElement }) => {
    await account(canvasElement).click('Mes données et mes droits');
    await account(canvasElement).waitFor('#right-objected');
  },
};

/** The step that says deletion is irreversible and asks for the password. */
export const DeleteConfirmation: Story = {
  beforeEach: mockedApi({ account: me() }),
  play: async ({ canvasElement }) => {
    const widget = account(canvasElement);
    await widget.click('Mes données et mes droits');
    await widget.click('Supprimer mon compte…');
    await widget.waitFor('form#delete');
  },
};

/** Account deleted: back to sign-in, with what was erased and what stays, anonymous. */
export const DeletedNotice: Story = {
  beforeEach: mockedApi({ account: me(), routes: { 'DELETE me': { status: 204 } } }),
  play: async ({ canvasElement }) => {
    const widget = account(canvasElement);
    await widget.click('Mes données et mes droits');
    await widget.click('Supprimer mon compte…');
    await widget.fill('#delete-password', 'la bonne phrase de passe');
    await widget.submit('delete');
    await widget.until('Votre compte est supprimé');
  },
};

/** Signed out: back to sign-in, this device forgotten. */
export const SignedOutNotice: Story = {
  beforeEach: mockedApi({ account: me(), routes: { 'POST auth/sign-out': { status: 204 } } }),
  play: async ({ canvasElement }) => {
    const widget = account(canvasElement);
    await widget.click('Se déconnecter');
    await widget.until('Vous êtes déconnecté');
  },
};

/** The password changed, the form emptied. */
export const PasswordChangedNotice: Story = {
  beforeEach: mockedApi({ account: me(), routes: { 'POST me/password': { status: 204 } } }),
  play: async ({ canvasElement }) => {
    const widget = account(canvasElement);
    await widget.click('Connexion et sécurité');
    await widget.fill('#password-currentPassword', 'la pluie tombe sur Montjoli');
    await widget.fill('#password-newPassword', 'une nouvelle phrase de passe');
    await widget.submit('password');
    await widget.waitFor('#notice');
  },
};

/** The data downloaded: the file's name, said in the live region (the story keeps the file itself). */
export const DownloadedNotice: Story = {
  beforeEach: mockedApi({
    account: me(),
    routes: {
      'GET me/export': {
        // A whole (empty) export, as the API documents it: the story smoke test checks mocked bodies against it.
        body: {
          format: 'civique-export/1',
          exportedAt: '2027-03-01T10:00:00.000Z',
          consultations: [],
          participations: [],
          account: null,
          rightsRequests: [],
          mails: [],
          ipTraces: [],
          cookieConsents: [],
          ballots: [],
          surveyResponses: { responses: [], drafts: [] },
          rateLimits: [],
          staffActions: [],
          moderation: { flags: [], decisionsAboutMyContent: [] },
          proposals: { proposals: [], supports: [], images: [] },
          resources: { businessProfile: null, posts: [], threads: [], images: [] },
        },
      },
    },
  }),
  play: async ({ canvasElement }) => {
    const widget = account(canvasElement);
    await widget.click('Mes données et mes droits');
    // The link's click would save a file on the viewer's disk: the story only records it.
    const click = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = () => {};
    try {
      await widget.click('Télécharger mes données');
      await widget.until('civique-mes-donnees-2027-03-01.json');
    } finally {
      HTMLAnchorElement.prototype.click = click;
    }
  },
};

// Long text, English, misconfiguration

/**
 * The longest a citizen may type — a 40-character pseudonym, France's longest commune name, a long address and
 * email — on a 320-pixel-wide phone.
 */
export const LongFrenchText: Story = {
  render: (args) => {
    const page = withSession(accountElement(args));
    page.style.maxWidth = '320px';
    return page;
  },
  beforeEach: mockedApi({
    account: me(
      { email: 'jean-baptiste.de-la-fontaine-dubois@mairie-saint-remy-en-bouzemont-saint-genest-et-isson.fr', emailVerified: false },
      {
        pseudonym: 'Marie-Bénédicte de La Tour-d’Auvergne-Lx',
        firstName: 'Marie-Bénédicte Anne-Charlotte Éléonore',
        lastName: 'de La Tour-d’Auvergne-Lauraguais',
        postalAddress:
          'Résidence Les Jardins de la Vallée de l’Orge, bâtiment C, escalier 4, appartement 1207, 128 boulevard du Maréchal-Jean-Marie-de-Lattre-de-Tassigny, 91999 Montjoli',
        city: 'Saint-Remy-en-Bouzemont-Saint-Genest-et-Isson',
        quartier: 'Quartier de la Gare et des Anciennes Papeteries de la Vallée',
        pcsGroup: 3,
      },
    ),
    routes: {
      'GET ': {
        body: tenant({ quartiers: ['Centre-ville historique et abords de l’Hôtel de ville', 'Quartier de la Gare et des Anciennes Papeteries de la Vallée'] }),
      },
    },
  }),
};

export const English: Story = {
  args: { lang: 'en' },
  beforeEach: mockedApi(),
};

export const EnglishSignedIn: Story = {
  args: { lang: 'en' },
  beforeEach: mockedApi({ routes: { 'GET me': () => ({ body: me({ locale: 'en', emailVerified: false }, fullProfile()) }) }, account: me() }),
};

/** The element used without the snippet (no session on the page): a polite message, never a blank box. */
export const WithoutSession: Story = {
  beforeEach: mockedApi(),
  render: (args) => accountElement(args),
};

/** The snippet without `data-tenant`. */
export const WithoutTenant: Story = {
  tags: ['embed-problem:missing_tenant'],
  beforeEach: mockedApi(),
  render: (args) => withSession(accountElement(args), null),
};

/** The site is not among the collectivité's allowed origins. */
export const OriginNotAllowed: Story = {
  tags: ['embed-problem:origin_not_allowed'],
  beforeEach: embedProblem('origin_not_allowed'),
};

export const TenantNotFound: Story = {
  tags: ['embed-problem:tenant_not_found'],
  beforeEach: embedProblem('tenant_not_found'),
};

/** The API does not answer at all (after the client's own retries): a retry button. */
export const ApiUnreachable: Story = {
  tags: ['embed-problem:network_error'],
  beforeEach: embedProblem('network_error'),
  play: async ({ canvasElement }) => {
    await account(canvasElement).until('Le service de participation ne répond pas');
  },
};

/** The API answers with a server error: a retry button. */
export const ApiUnavailable: Story = {
  tags: ['embed-problem:unavailable'],
  beforeEach: embedProblem('unavailable'),
  play: async ({ canvasElement }) => {
    await account(canvasElement).until('momentanément indisponible');
  },
};
