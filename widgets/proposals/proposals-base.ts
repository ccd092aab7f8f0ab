import { html, nothing } from 'lit';
import { ApiError } from '../core/api-client.ts';
import { heading } from '../core/choices.ts';
import { errorText, LocaleController } from '../core/i18n/i18n.ts';
import { ListingElement } from '../core/listing-element.ts';
import type { Session } from '../core/session.ts';
import { fr, type ProposalsTranslation } from './i18n/fr.ts';
import { saveFile } from '../core/save-file.ts';
import type { ProposalsSettings, Subscription } from './proposal-types.ts';

/** The deep link of one proposal on the host page (mails link there). */
export const PROPOSAL_FRAGMENT = /^#civique-proposal=([\w-]{1,64})$/;
/**
 * The links mailed to an anonymous author's address: the double opt-in (`confirm`), and the one in every later
 * mail that lets the address see, download or erase what it gave, without an account (`subscription`).
 */
const TOKEN_FRAGMENT = /^#civique-proposal-(confirm|subscription)=([\w-]{16,128})$/;
/** Each link is read once per page, by whichever of the two elements sees it first. */
let claimedFragment: string | undefined;

/**
 * What `civ-proposal-form` and `civ-proposals` share: a consultation of kind `proposals` (no results of its
 * own: the proposals and their answers are the results), the settings' options in the page's language, and the
 * double opt-in link of an anonymous author's address (`#civique-proposal-confirm=<token>`), read once per page
 * by whichever element sees it first; once confirmed, the page shows that proposal (`#civique-proposal=<id>`).
 */
export abstract class ProposalsElement extends ListingElement<ProposalsSettings, ProposalsTranslation> {
  protected readonly kinds = ['proposals'];
  protected readonly i18n = new LocaleController<ProposalsTranslation>(this, { fr, en: () => import('./i18n/en.ts').then((m) => m.en) });

  /** A subscription's token, in memory only once read (out of the address bar), and what it gave. */
  #subscription: { token: string; value: Subscription } | undefined;

  protected override renderContent(session: Session): unknown {
    const match = TOKEN_FRAGMENT.exec(location.hash);
    if (match && claimedFragment !== location.hash) {
      claimedFragment = location.hash;
      void (match[1] === 'confirm' ? this.#confirm(session, match[2]) : this.#subscribed(session, match[2]));
    }
    return html`${this.#renderSubscription(session)}${super.renderContent(session)}`;
  }

  async #subscribed(session: Session, token: string): Promise<void> {
    history.replaceState(history.state, '', location.pathname + location.search);
    try {
      this.#subscription = { token, value: await session.api.get<Subscription>(`proposal-subscriptions/${token}`, { auth: false }) };
      this.focusOn('#subscription-title');
    } catch (error) {
      this.notify('error', errorText(this.t, error));
    }
  }

  /** What the address gave, seen without an account: the address, for which proposal, since when; download it, or erase it. */
  #renderSubscription(session: Session): unknown {
    const s = this.#subscription;
    if (!s) return nothing;
    const l = this.t.list;
    const { value, token } = s;
    const path = `proposal-subscriptions/${token}`;
    const act = async (erase: boolean) => {
      try {
        if (erase) {
          await session.api.delete(path, undefined, { auth: false });
          this.#subscription = undefined;
          this.notify('success', l.erased);
        } else saveFile('civique-adresse-proposition.json', new Blob([JSON.stringify(await session.api.get(`${path}/export`, { auth: false }), null, 2)]));
      } catch (error) {
        this.notify('error', errorText(this.t, error));
      }
    };
    return html`<section class="notice" part="subscription">
      ${heading(this.level(1), l.subscription, 'subscription-title')}
      <p>${l.given(value.email, value.proposal.title, this.date(value.createdAt, false), value.confirmed)}</p>
      <p class="actions">
        <button type="button" class="secondary" @click=${() => act(false)}>${l.download}</button>
        <button type="button" class="secondary" @click=${() => act(true)}>${l.erase}</button>
      </p>
    </section>`;
  }

  async #confirm(session: Session, token: string): Promise<void> {
    try {
      const { proposalId } = await session.api.post<{ proposalId: string; slug: string }>('proposal-subscriptions/confirmation', { token }, { auth: false });
      this.notify('success', this.t.list.confirmed, false);
      // The token is spent: out of the address bar and the history; the proposal it was for is shown instead.
      history.replaceState(history.state, '', `#civique-proposal=${proposalId}`);
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    } catch (error) {
      if (error instanceof ApiError) history.replaceState(history.state, '', location.pathname + location.search);
      this.notify('error', errorText(this.t, error), false);
    }
  }
}
