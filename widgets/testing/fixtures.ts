/**
 * Mounting widgets in tests and stories with a session, as the loader would provide it on a real page.
 *
 * @example
 * const api = mockApi({ 'GET me': { body: me() } });
 * const { element, session } = await mountWithSession<CivAccount>(html`<civ-account></civ-account>`);
 */
import { fixture } from '@open-wc/testing';
import { html, render, type TemplateResult } from 'lit';
import { provideSession, Session } from '../core/session.ts';
import { MOCK_API, MOCK_TENANT } from './mock-api.ts';

export async function mountWithSession<E extends HTMLElement>(
  template: TemplateResult,
  session = new Session({ api: MOCK_API, tenant: MOCK_TENANT }),
): Promise<{ root: HTMLElement; element: E; session: Session }> {
  const root = await fixture<HTMLElement>(html`<div></div>`);
  provideSession(root, session);
  await session.start();
  render(template, root);
  const element = root.firstElementChild as E;
  await (element as unknown as { updateComplete?: Promise<unknown> }).updateComplete;
  return { root, element, session };
}
