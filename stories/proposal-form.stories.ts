/**
 * Every state of `civ-proposal-form`, on the real element against the mocked API: the empty form, errors, a
 * picture still too big once re-encoded, the proposal sent (awaiting review), an anonymous author whose address
 * awaits its confirmation, signed in with the contact consent, an account required, English, and the embed's
 * problems.
 */
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { ideas, proposal, proposalRoutes } from '../widgets/proposals/proposals.fixtures.ts';
import { me, type MockRoute } from '../widgets/testing/mock-api.ts';
import '../widgets/proposals/proposals.ts';
import { embedProblem, mockedApi, shadow, withSession } from './story-helpers.ts';

interface FormArgs {
  consultation: string;
  lang: 'fr' | 'en';
  signInUrl: string;
}

function formElement({ consultation, lang, signInUrl }: FormArgs): HTMLElement {
  const element = document.createElement('civ-proposal-form');
  element.setAttribute('consultation', consultation);
  element.setAttribute('lang', lang);
  if (signInUrl) element.setAttribute('sign-in-url', signInUrl);
  return element;
}

const form = (canvas: HTMLElement) => shadow(canvas.querySelector<HTMLElement>('civ-proposal-form')!);
const sent = (emailConfirmation: 'pending' | 'none'): MockRoute => ({
  status: 201,
  body: { proposal: proposal({ id: 'prop-9', moderation: 'submitted' }), emailConfirmation },
});

/** A 2048 × 2048 picture of noise: no encoding brings it under 1 MB. */
function noise(): Promise<File> {
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 2048;
  const context = canvas.getContext('2d')!;
  const data = context.createImageData(2048, 2048);
  for (let i = 0; i < data.data.length; i += 65536) crypto.getRandomValues(data.data.subarray(i, i + 65536));
  for (let i = 3; i < data.data.length; i += 4) data.data[i] = 255;
  context.putImageData(data, 0, 0);
  return new Promise((resolve) => canvas.toBlob((blob) => resolve(new File([blob!], 'photo.png', { type: 'image/png' })), 'image/png'));
}

async function fillIn(canvas: HTMLElement, email = '') {
  const widget = form(canvas);
  await widget.fill('#proposal-title', 'Des bancs à l’ombre place du marché');
  await widget.fill('#proposal-text', 'Sous les platanes, pour les anciens et les parents qui attendent la sortie de l’école.');
  await widget.fill('#proposal-category', 'nature');
  if (email) await widget.fill('#proposal-email', email);
  return widget;
}

const meta = {
  title: 'Widgets/civ-proposal-form',
  component: 'civ-proposal-form',
  args: { consultation: 'idees-centre-ville', lang: 'fr', signInUrl: '' },
  argTypes: { lang: { control: 'inline-radio', options: ['fr', 'en'] } },
  render: (args) => withSession(formElement(args)),
} satisfies Meta<FormArgs>;

export default meta;
type Story = StoryObj<FormArgs>;

/** Signed out, where the consultation allows it: title and text with their counters, theme, quartier, picture, an address only to be told of the answer. */
export const Empty: Story = { beforeEach: mockedApi({ routes: proposalRoutes() }) };

/** Sent empty: each error beside its field, the first focused. */
export const WithErrors: Story = {
  beforeEach: mockedApi({ routes: proposalRoutes() }),
  play: async ({ canvasElement }) => {
    const widget = form(canvasElement);
    await widget.fill('#proposal-email', 'camille@');
    await widget.submit('proposal');
    await widget.waitFor('#proposal-title-error');
  },
};

/** A picture still over 1 MB once re-encoded on the device: said beside the field, nothing sent. */
export const ImageTooBig: Story = {
  beforeEach: mockedApi({ routes: proposalRoutes() }),
  play: async ({ canvasElement }) => {
    const widget = form(canvasElement);
    const input = await widget.waitFor<HTMLInputElement>('#proposal-image');
    const transfer = new DataTransfer();
    transfer.items.add(await noise());
    input.files = transfer.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
    await widget.waitFor('#proposal-image-error');
  },
};

/** Sent, signed in: awaiting the moderators' review. */
export const Sent: Story = {
  beforeEach: mockedApi({ account: me(), routes: { ...proposalRoutes(), 'POST consultations/idees-centre-ville/proposals': sent('none') } }),
  play: async ({ canvasElement }) => {
    const widget = await fillIn(canvasElement);
    await widget.submit('proposal');
    await widget.until('Votre proposition est envoyée');
  },
};

/** Sent without an account, with an address: nothing will be mailed before its owner opens the confirmation link. */
export const AnonymousConfirmationPending: Story = {
  beforeEach: mockedApi({ routes: { ...proposalRoutes(), 'POST consultations/idees-centre-ville/proposals': sent('pending') } }),
  play: async ({ canvasElement }) => {
    const widget = await fillIn(canvasElement, 'camille@example.fr');
    await widget.submit('proposal');
    await widget.until('Confirmation en attente');
  },
};

/** Signed in: the consent to be contacted about the proposal, no address field. */
export const SignedIn: Story = { beforeEach: mockedApi({ account: me(), routes: proposalRoutes() }) };

/** A consultation that needs an account: the form stays readable, sending asks to sign in. */
export const AccountRequired: Story = {
  args: { signInUrl: '/mon-compte.html' },
  beforeEach: mockedApi({ routes: proposalRoutes({}, ideas({ allowAnonymous: false })) }),
};

export const English: Story = { args: { lang: 'en' }, beforeEach: mockedApi({ routes: proposalRoutes() }) };

/** The snippet without `data-tenant`. */
export const WithoutTenant: Story = {
  tags: ['embed-problem:missing_tenant'],
  beforeEach: mockedApi({ routes: proposalRoutes() }),
  render: (args) => withSession(formElement(args), null),
};
export const OriginNotAllowed: Story = {
  tags: ['embed-problem:origin_not_allowed'],
  beforeEach: embedProblem('origin_not_allowed', { routes: proposalRoutes() }),
};
export const TenantNotFound: Story = { tags: ['embed-problem:tenant_not_found'], beforeEach: embedProblem('tenant_not_found', { routes: proposalRoutes() }) };
export const ApiUnreachable: Story = { tags: ['embed-problem:network_error'], beforeEach: embedProblem('network_error', { routes: proposalRoutes() }) };
export const ApiUnavailable: Story = { tags: ['embed-problem:unavailable'], beforeEach: embedProblem('unavailable', { routes: proposalRoutes() }) };
