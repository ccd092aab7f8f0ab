import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import type { Consultation } from '../core/api-types.ts';
import { heading } from '../core/choices.ts';
import { ApiError } from '../core/api-client.ts';
import { emit } from '../core/events.ts';
import { errorText } from '../core/i18n/i18n.ts';
import { honeypotField, honeypotFields } from '../core/form.ts';
import { Resource } from '../core/resource.ts';
import type { Session } from '../core/session.ts';
import { base } from '../core/styles/base.styles.ts';
import { formStyles } from '../core/styles/form.styles.ts';
import { proposalDetail, states, type ProposalViewContext } from './proposal.view.ts';
import { appendPage, filterQuery, entries, field, labelOf } from '../core/listing.ts';
import { PROPOSAL_FRAGMENT, ProposalsElement } from './proposals-base.ts';
import { type Proposal, type ProposalPage, type ProposalsSettings, type SupportResult } from './proposal-types.ts';
import { listingStyles } from '../core/styles/listing.styles.ts';

type Filters = { q: string; category: string; quartier: string; answer: string; sort: string };

/**
 * The published proposals of a consultation, inside the collectivité's own page: filters by theme, quartier and
 * answer, sorted by newest, most supported or recently answered, a search in titles and texts that ignores
 * accents ("renover" finds "Rénover"), and "more" pages (cursor pagination). Each proposal shows its state and,
 * once answered, the official answer with the body that gave it and its date. A citizen supports a proposal or
 * withdraws their support (signed in, or anonymously where the consultation allows it), withdraws their own,
 * and reports one to the moderators. A proposal opens from the host page's address (`#civique-proposal=<id>`),
 * which the mails link to. Citizens' texts are shown as text; only `https:` addresses become links.
 *
 * @summary Browse, search, support and follow the answers to citizens' proposals.
 *
 * @event civ-proposal-supported - The citizen supported a proposal, or withdrew their support. `detail: { consultation, proposalId, supported }`.
 *
 * @csspart base - The widget's frame.
 * @csspart header - Title, description and dates.
 * @csspart title - The consultation's title.
 * @csspart schedule - When it opens or closes.
 * @csspart notice - Messages: supports, reports, errors.
 * @csspart filters - The search and filters.
 * @csspart field - One filter.
 * @csspart label - Its label.
 * @csspart hint - Its help.
 * @csspart input - A search or select control.
 * @csspart list - The proposals.
 * @csspart proposal - One proposal.
 * @csspart proposal-title - Its title.
 * @csspart state - Its moderation or answer state.
 * @csspart text - Its text.
 * @csspart image - Its picture.
 * @csspart answer - The official answer.
 * @csspart support - "Soutenir".
 * @csspart more - "Voir plus de propositions".
 * @csspart flag - The report form.
 * @csspart privacy - The privacy notice.
 *
 * @cssproperty --civ-color-primary - Buttons, the answer's border (default #000091).
 * @cssproperty --civ-color-surface-alt - The answer's background (default #f6f6f6).
 * @cssproperty --civ-color-border - Cards (default #767676).
 * @cssproperty --civ-font-family - Font (default: the page's).
 * @cssproperty --civ-radius - Corner radius (default 0.25rem).
 * @cssproperty --civ-space - Spacing unit (default 0.5rem).
 */
export class CivProposals extends ProposalsElement {
  static override styles = [base, formStyles, listingStyles];
  static override properties = { ...ProposalsElement.properties, answer: {} };

  /** Only the proposals with this answer at first (`selected`: those retained for the participatory budget); the citizen may change it. */
  answer = '';

  #filters: Filters = { q: '', category: '', quartier: '', answer: '', sort: 'newest' };
  /** The search typed, applied on submit. */
  #typed = '';
  #items: Proposal[] = [];
  #next: string | null = null;
  #loadingMore = false;
  /** The proposal on screen, from the page's address. */
  #open: string | undefined;
  /** Where focus goes back to when the proposal closes. */
  #returnTo: string | undefined;

  readonly #page = new Resource(
    this,
    () => [this.consultationTask.value && this.session?.api, this.consultation, this.#query()] as const,
    ([api, slug, query]) => (api && slug ? api.get<ProposalPage>(`${this.path('proposals')}?${query}`, { auth: false }) : undefined),
    (page) => {
      this.#items = page.items;
      this.#next = page.nextCursor;
    },
  );

  /**
   * The proposals this visitor supports (their account's, or this browser's anonymous id's), kept up to date by
   * their own supports afterwards.
   */
  readonly #mine = new Resource(
    this,
    () => [this.consultationTask.value, this.session?.me?.id] as const,
    ([c, account]) => {
      const headers = c && this.participant(c, this.session!);
      return account || headers?.['civique-participant'] ? this.session!.api.get<{ proposalIds: string[] }>(this.path('my-supports'), { headers }) : undefined;
    },
  );

  readonly #detail = new Resource(
    this,
    () => [this.consultationTask.value, this.#open, this.session?.me?.id] as const,
    // With the participant id: its anonymous author also sees a proposal awaiting review.
    ([c, id]) => (c && id ? this.session!.api.get<Proposal>(this.#at(id), { headers: this.participant(c, this.session!) }) : undefined),
  );

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('answer')) this.#filters = { ...this.#filters, answer: this.answer };
    const open = PROPOSAL_FRAGMENT.exec(location.hash)?.[1];
    if (open !== this.#open) {
      this.#open = open;
      this.flagging = false;
      if (open) this.focusOn('#proposal-title');
    }
  }

  /** `consultations/<slug>/proposals/<id><rest>`. */
  #at(id: string, rest = ''): string {
    return this.path(`proposals/${encodeURIComponent(id)}${rest}`);
  }

  #query(): string {
    return filterQuery(this.#filters);
  }

  #filter(key: keyof Filters, value: string): void {
    this.#filters = { ...this.#filters, [key]: value };
    this.requestUpdate();
  }

  async #more(): Promise<void> {
    if (!this.#next || this.#loadingMore) return;
    this.#loadingMore = true;
    this.requestUpdate();
    try {
      const page = await this.session!.api.get<ProposalPage>(`${this.path('proposals')}?${this.#query()}&cursor=${encodeURIComponent(this.#next)}`, {
        auth: false,
      });
      const { items, first } = appendPage(this.#items, page.items);
      this.#items = items;
      this.#next = page.nextCursor;
      // The first new proposal gets the focus: keyboard and screen-reader users go on from there.
      if (first) this.focusOn(`#item-${first.id}`);
    } catch (error) {
      this.notify('error', errorText(this.t, error), false);
    }
    this.#loadingMore = false;
    this.requestUpdate();
  }

  #close(): void {
    history.replaceState(history.state, '', location.pathname + location.search);
    this.#open = undefined;
    this.notice = undefined;
    if (this.#returnTo) this.focusOn(`#item-${this.#returnTo}`);
    this.requestUpdate();
  }

  /** Replaces a proposal wherever it is shown (the list, the open one). */
  #update(id: string, change: Partial<Proposal>): void {
    this.#items = this.#items.map((p) => (p.id === id ? { ...p, ...change } : p));
    if (this.#detail.value?.id === id) this.#detail.value = { ...this.#detail.value, ...change };
    this.requestUpdate();
  }

  /** Sends the citizen's action; the notice says how it went (focused, unless it only confirms a toggle). */
  async #act(request: () => Promise<unknown>, focus = true): Promise<void> {
    try {
      this.notify('success', (await request()) as string, focus);
    } catch (error) {
      this.notify('error', errorText(this.t, error), focus);
    }
  }

  #support(c: Consultation<ProposalsSettings>, p: Proposal, supported: boolean): Promise<void> {
    const session = this.session!;
    const l = this.t.list;
    return this.#act(async () => {
      const headers = this.participant(c, session, true);
      if (!headers) throw new ApiError(401, 'account_required', '');
      const path = this.#at(p.id, '/support');
      const result = await (supported
        ? session.api.delete<SupportResult>(path, undefined, { headers })
        : session.api.put<SupportResult>(path, honeypotFields(this.shadowRoot), { headers }));
      const mine = new Set(this.#mine.value?.proposalIds);
      if (result.supported) mine.add(p.id);
      else mine.delete(p.id);
      this.#mine.value = { proposalIds: [...mine] };
      this.#update(p.id, { supportCount: result.supportCount });
      emit(this, 'civ-proposal-supported', { consultation: this.consultation, proposalId: p.id, supported: result.supported });
      return supported ? l.supportWithdrawn : result.status === 'quarantined' ? l.supportPending : l.supportDone;
    }, false);
  }

  #withdraw(p: Proposal): Promise<void> {
    return this.#act(async () => {
      this.#update(p.id, await this.session!.api.post<Proposal>(this.#at(p.id, '/withdrawal')));
      this.#items = this.#items.filter((item) => item.id !== p.id);
      return this.t.list.withdrawn;
    });
  }

  protected override sendFlag(reason: string): Promise<void> {
    return this.#act(async () => {
      await this.session!.api.post(this.#at(this.#open!, '/flags'), { reason });
      this.flagging = false;
      return this.t.list.flagged;
    });
  }

  #ctx(c: Consultation<ProposalsSettings>, depth: number): ProposalViewContext {
    return { t: this.t, settings: c.settings, date: (iso, time) => this.date(iso, time), level: this.level(depth) };
  }

  protected renderConsultation(c: Consultation<ProposalsSettings>, session: Session): unknown {
    if (this.#open) {
      return html`<button type="button" class="secondary" @click=${() => this.#close()}>${this.t.list.back}</button>
        ${this.#detail.render(this.t, (p) => proposalDetail(this.#ctx(c, 1), p, this.#actions(c, session, p)))}`;
    }
    return html`${this.#renderFilters(c)} ${this.#page.render(this.t, () => this.#renderList(c))}`;
  }

  #renderFilters(c: Consultation<ProposalsSettings>): TemplateResult {
    const t = this.t;
    const l = t.list;
    const f = this.#filters;
    const s = c.settings;
    const all = { value: '', label: l.all };
    const select = (key: keyof Filters, label: string, options: { value: string; label: string }[]) =>
      field(t, { id: `filter-${key}`, label, value: f[key], options, onInput: (value) => this.#filter(key, value) });
    const fromSettings = (list: ProposalsSettings['categories'] | undefined) => [
      all,
      ...(list ?? []).map((o) => ({ value: o.id, label: labelOf(t, o.label) })),
    ];
    return html`<form
      class="filters"
      part="filters"
      role="search"
      @submit=${(event: Event) => {
        event.preventDefault();
        this.#filter('q', this.#typed.trim());
      }}
    >
      ${field(t, { id: 'filter-q', label: l.search, type: 'search', value: this.#typed, onInput: (value) => (this.#typed = value) })}
      <button type="submit" class="secondary">${l.apply}</button>
      ${s.categories?.length ? select('category', l.category, fromSettings(s.categories)) : nothing}
      ${s.quartiers?.length ? select('quartier', l.quartier, fromSettings(s.quartiers)) : nothing} ${select('answer', l.answer, [all, ...entries(t.answers)])}
      ${select('sort', l.sort, entries(l.sorts))}
    </form>`;
  }

  #renderList(c: Consultation<ProposalsSettings>): TemplateResult {
    const l = this.t.list;
    const items = this.#items;
    const filtered = Object.entries(this.#filters).some(([key, value]) => key !== 'sort' && value);
    // Said aloud once loaded (a status): how many, or why none.
    const ctx = this.#ctx(c, 1);
    return html`<p role="status">${items.length ? l.count(items.length) : filtered ? l.noResult : l.empty}</p>
      ${
        items.length
          ? html`<ul class="items" part="list">
              ${items.map(
                (p) =>
                  html`<li class="card" part="proposal">
                    ${heading(
                      ctx.level,
                      html`<a id="item-${p.id}" href="#civique-proposal=${p.id}" @click=${() => (this.#returnTo = p.id)}>${p.title}</a>`,
                      undefined,
                      'proposal-title',
                    )}
                    ${states(ctx, p)}
                    <p class="muted">${l.supports(p.supportCount)}</p>
                  </li>`,
              )}
            </ul>`
          : nothing
      }
      ${
        this.#next
          ? html`<button type="button" class="secondary" part="more" aria-disabled=${this.#loadingMore} @click=${() => this.#more()}>${l.more}</button>`
          : nothing
      }`;
  }

  #actions(c: Consultation<ProposalsSettings>, session: Session, p: Proposal): TemplateResult {
    const t = this.t;
    const l = t.list;
    const supported = Boolean(this.#mine.value?.proposalIds.includes(p.id));
    const open = c.status === 'open' && p.moderation === 'published';
    return html`<div class="actions">
        ${honeypotField(t.common.honeypot)}
        ${
          open
            ? html`<button type="button" part="support" aria-pressed=${supported} @click=${() => this.#support(c, p, supported)}>
                ${supported ? l.withdrawSupport : l.support}
              </button>`
            : nothing
        }
        ${p.byMe && p.moderation !== 'withdrawn' ? html`<button type="button" class="secondary" @click=${() => this.#withdraw(p)}>${l.withdraw}</button>` : nothing}
        ${p.moderation === 'published' ? this.flagButton(l) : nothing}
      </div>
      ${this.flagForm(l, Boolean(session.me))}`;
  }
}
