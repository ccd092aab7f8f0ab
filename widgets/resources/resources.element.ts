import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import type { Consultation } from '../core/api-types.ts';
import { heading } from '../core/choices.ts';
import { DraftStore } from '../core/draft-store.ts';
import { emit } from '../core/events.ts';
import { FormController, type FieldErrors, type FormValues } from '../core/form.ts';
import { errorText, LocaleController } from '../core/i18n/i18n.ts';
import { appendPage, filterQuery, checkbox, entries, field, labelOf, richText } from '../core/listing.ts';
import { ListingElement } from '../core/listing-element.ts';
import { Picture } from '../core/picture.ts';
import { Resource } from '../core/resource.ts';
import type { Session } from '../core/session.ts';
import { base } from '../core/styles/base.styles.ts';
import { formStyles } from '../core/styles/form.styles.ts';
import { listingStyles } from '../core/styles/listing.styles.ts';
import { fr, type ResourcesTranslation } from './i18n/fr.ts';
import type {
  BusinessProfile,
  MessageValues,
  PartnerList,
  PostValues,
  ProfileValues,
  ResourcePage,
  ResourcePost,
  ResourcesSettings,
  Thread,
} from './resource-types.ts';

/** The deep link of one post on the host page. */
export const RESOURCE_FRAGMENT = /^#civique-resource=([\w-]{1,64})$/;
/** The relayed mail's reply link: the thread, opened in "Mes échanges". */
export const THREAD_FRAGMENT = /^#civique-thread=([\w-]{1,64})$/;

type Filters = { q: string; direction: string; kind: string; place: string; available: string };
type View = 'list' | 'new' | 'threads' | 'profile';

/**
 * The resource board of a collectivité's businesses, inside its own page: offers and requests of staff, equipment,
 * premises or vehicles, filtered by direction, kind, place and availability, searched without regard to accents
 * ("vehicule" finds "Véhicule"), page after page. Each post shows its kind, quantity, period, place, whether it
 * is free, the business's trade name (never an address) and until when it is up. A signed-in business describes
 * itself once (trade name, SIRET, sector, commune), then posts (its draft kept across reloads and failed sends),
 * renews or closes its posts, writes to another post's author **through the board** — the message is relayed by
 * mail, neither address shown unless its writer chooses to share theirs — and follows its conversations in
 * "Mes échanges", which the relayed mail's link opens (`#civique-thread=<id>`). Posts are reported to the
 * moderators like any contribution. A post opens from the host page's address (`#civique-resource=<id>`).
 *
 * @summary Businesses lend, borrow and talk through the board, without showing their addresses.
 *
 * @event civ-resource-posted - The business posted an offer or a request. `detail: { consultation, resourceId, direction, moderation }`.
 *
 * @csspart base - The widget's frame.
 * @csspart header - Title, description and dates.
 * @csspart title - The consultation's title.
 * @csspart schedule - When it opens or closes.
 * @csspart notice - Messages: posted, sent, errors, sign-in or email confirmation needed.
 * @csspart sign-in-link - The link to the sign-in page (`sign-in-url`).
 * @csspart toolbar - "Publier une annonce", "Mes échanges", "Mon entreprise".
 * @csspart filters - The search and filters.
 * @csspart field - One field or filter.
 * @csspart label - Its label.
 * @csspart hint - Its help.
 * @csspart input - A text, date or select control.
 * @csspart error - A field's error.
 * @csspart check - A checkbox's row.
 * @csspart list - The posts.
 * @csspart post - One post.
 * @csspart post-title - Its title.
 * @csspart state - Its direction, kind, status or moderation state.
 * @csspart text - Its description, or a message.
 * @csspart more - "Voir plus d’annonces".
 * @csspart form - A form: business, post, message, reply.
 * @csspart form-status - A form's own error, and the offer to send again.
 * @csspart submit - A form's submit button.
 * @csspart flag - The report form.
 * @csspart thread - One conversation.
 * @csspart privacy - The privacy notice.
 *
 * @cssproperty --civ-color-primary - Buttons (default #000091).
 * @cssproperty --civ-color-error - Errors (default #ce0500).
 * @cssproperty --civ-color-border - Cards (default #767676).
 * @cssproperty --civ-font-family - Font (default: the page's).
 * @cssproperty --civ-radius - Corner radius (default 0.25rem).
 * @cssproperty --civ-space - Spacing unit (default 0.5rem).
 */
export class CivResourceBoard extends ListingElement<ResourcesSettings, ResourcesTranslation> {
  static override styles = [base, formStyles, listingStyles];
  protected readonly kinds = ['resources'];
  protected readonly i18n = new LocaleController<ResourcesTranslation>(this, { fr, en: () => import('./i18n/en.ts').then((m) => m.en) });

  #view: View = 'list';
  #filters: Filters = { q: '', direction: '', kind: '', place: '', available: '' };
  /** The search typed, applied on submit. */
  #typed = '';
  #items: ResourcePost[] = [];
  #next: string | null = null;
  #loadingMore = false;
  /** The post on screen, and the thread opened, from the page's address. */
  #open: string | undefined;
  #thread: string | undefined;
  #returnTo: string | undefined;
  /** The partner whose "demander de l'aide" form is open. */
  #helping: string | undefined;

  readonly #page = new Resource(
    this,
    () => [this.consultationTask.value && this.session?.api, this.consultation, this.#query(), this.session?.me?.id] as const,
    // Signed in, with the token: the business's own posts come marked `mine`.
    ([api, slug, query]) => (api && slug ? api.get<ResourcePage>(`${this.path('resources')}?${query}`) : undefined),
    (page) => {
      this.#items = page.items;
      this.#next = page.next;
    },
  );

  readonly #detail = new Resource(
    this,
    () => [this.consultationTask.value, this.#open, this.session?.me?.id] as const,
    ([c, id]) => (c && id ? this.session!.api.get<ResourcePost>(this.#at(id)) : undefined),
  );

  /** The organisations that help businesses (chambers of commerce, of trades…), listed by the collectivité. */
  readonly #partners = new Resource(
    this,
    () => [this.consultationTask.value && this.session?.api, this.consultation] as const,
    ([api, slug]) => (api && slug ? api.get<PartnerList>(this.path('partners'), { auth: false }) : undefined),
  );

  readonly #profile = new Resource(
    this,
    () => [this.session?.me?.id] as const,
    ([me]) => (me ? this.session!.api.get<{ profile: BusinessProfile | null }>('me/business-profile') : undefined),
  );

  readonly #threads = new Resource(
    this,
    () => [this.#view === 'threads' && this.session?.me?.id] as const,
    ([me]) => (me ? this.session!.api.get<{ threads: Thread[] }>('me/resource-threads') : undefined),
  );

  readonly #profileForm = new FormController<ProfileValues, { profile: BusinessProfile }>(this, {
    id: 'profile',
    initial: () => {
      const p = this.#profile.value?.profile;
      return { tradeName: p?.tradeName ?? '', siret: p?.siret ?? '', sector: p?.sector ?? '', commune: p?.commune ?? '' };
    },
    source: () => this.#profile.value,
    validate: (v) => ({
      ...this.#required(v, ['tradeName', 'siret', 'sector', 'commune'], 120),
      siret: !v.siret.trim() ? this.t.post.required : v.siret.replace(/\s/g, '').length !== 14 ? this.t.profile.siretLength : undefined,
    }),
    submit: (v) => this.session!.api.put('me/business-profile', v),
    fieldFor: (path) => (/^(tradeName|siret|sector|commune)$/.test(path) ? (path as keyof ProfileValues) : undefined),
    // The server checks the SIRET's key (Luhn, La Poste's own rule): one rule, worded here for the business.
    issueText: (name) => (name === 'siret' ? this.t.profile.siretKey : undefined),
    strings: () => this.t,
    announce: (message) => this.live.announce(message),
    onSuccess: (result) => {
      this.#profile.value = result;
      this.notify('success', this.t.profile.saved);
      if (this.#view === 'profile') this.#view = 'list';
    },
  });

  readonly #postForm: FormController<PostValues, ResourcePost> = new FormController<PostValues, ResourcePost>(this, {
    id: 'post',
    initial: () => ({
      direction: 'offer',
      kind: '',
      title: '',
      description: '',
      quantity: '',
      periodStart: '',
      periodEnd: '',
      place: '',
      paid: false,
      image: '',
    }),
    draft: () => this.#draft('post'),
    secret: ['image'],
    validate: (v): FieldErrors<PostValues> => ({
      ...this.#required(v, ['kind', 'title', 'place'], 120),
      ...this.#required(v, ['description'], 3000),
      periodEnd: v.periodStart && v.periodEnd && v.periodEnd < v.periodStart ? this.t.post.periodOrder : undefined,
      image: this.#postForm?.errors.image,
    }),
    submit: (v) => this.#post(v),
    fieldFor: (path) =>
      /^(direction|kind|title|description|quantity|periodStart|periodEnd|place|paid)$/.test(path)
        ? (path as keyof PostValues)
        : /image/.test(path) || path === 'payload_too_large'
          ? 'image'
          : undefined,
    strings: () => this.t,
    announce: (message) => this.live.announce(message),
    onSuccess: (post) => {
      this.#picture.clear();
      this.#postForm.reset();
      this.#view = 'list';
      this.notify('success', post.moderation === 'published' ? this.t.post.published : this.t.post.premoderated);
      void this.#page.run();
      emit(this, 'civ-resource-posted', { consultation: this.consultation, resourceId: post.id, direction: post.direction, moderation: post.moderation });
    },
  });

  /** The post's picture, re-encoded on the device; in memory only. */
  readonly #picture = new Picture(this.#postForm);

  readonly #contactForm = this.#messageForm(
    'contact',
    () => `contact.${this.#open}`,
    (v) => this.session!.api.post<Thread>(this.#at(this.#open!, '/contact'), { ...v, returnUrl: location.href.split('#')[0] }),
  );

  readonly #helpForm = this.#messageForm(
    'help',
    () => `help.${this.#helping}`,
    (v) => this.session!.api.post(this.path(`partners/${encodeURIComponent(this.#helping!)}/contact`), { ...v, returnUrl: location.href.split('#')[0] }),
  );

  readonly #replyForm = this.#messageForm(
    'reply',
    () => `reply.${this.#thread}`,
    (v) => this.session!.api.post<Thread>(`me/resource-threads/${encodeURIComponent(this.#thread!)}/messages`, v),
  );

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const open = RESOURCE_FRAGMENT.exec(location.hash)?.[1];
    const thread = THREAD_FRAGMENT.exec(location.hash)?.[1];
    if (open !== this.#open) {
      this.#open = open;
      this.flagging = false;
      if (open) this.focusOn('#post-title');
    }
    if (thread !== this.#thread) {
      this.#thread = thread;
      if (thread) {
        this.#view = 'threads';
        this.focusOn(`#thread-${thread}`);
      }
    }
  }

  /** A message form (to a post's author, or a reply), with its draft per post or thread. */
  /** Uploads the picture (once), then posts the offer or request. */
  async #post(v: PostValues): Promise<ResourcePost> {
    const api = this.session!.api;
    const imageId = await this.#picture.upload(async (blob) => (await api.post<{ imageId: string }>(this.path('resource-images'), blob)).imageId);
    return api.post<ResourcePost>(this.path('resources'), {
      direction: v.direction,
      kind: v.kind,
      title: v.title.trim(),
      description: v.description.trim(),
      quantity: v.quantity.trim() || null,
      periodStart: v.periodStart || null,
      periodEnd: v.periodEnd || null,
      place: v.place,
      paid: v.paid,
      ...(imageId ? { imageId } : {}),
    });
  }

  /** A message form — to a post's author, a reply, a request for help — with its draft per post, thread or partner. */
  #messageForm(id: string, draft: () => string, send: (v: MessageValues) => Promise<Thread | object>): FormController<MessageValues, Thread | object> {
    const form: FormController<MessageValues, Thread | object> = new FormController<MessageValues, Thread | object>(this, {
      id,
      initial: () => ({ message: '', shareEmail: false }),
      draft: () => this.#draft(draft()),
      validate: (v) => this.#required(v, ['message'], 4000),
      submit: (v) => send({ message: v.message.trim(), shareEmail: v.shareEmail }),
      fieldFor: (path) => (path === 'message' ? path : undefined),
      strings: () => this.t,
      announce: (message) => this.live.announce(message),
      onSuccess: (sent) => {
        form.reset();
        // A message to a post's author, or a reply, answers with its thread; a partner's help is asked by mail only.
        if ('messages' in sent) this.#threads.value = { threads: [sent, ...(this.#threads.value?.threads.filter((t) => t.id !== sent.id) ?? [])] };
        this.notify('success', { reply: this.t.threads.replied, contact: this.t.contact.sent, help: this.t.partners.sent }[id]!);
      },
    });
    return form;
  }

  /** A signed-in business's draft of one form of this board (none signed out: posting needs an account). */
  #draft<V extends object>(form: string): DraftStore<V> | undefined {
    const tenant = this.session?.config.tenant;
    const me = this.session?.me?.id;
    return tenant && me && this.consultation ? new DraftStore<V>(tenant, 'resource-board', `${this.consultation}.${form}`, me) : undefined;
  }

  #required<V extends FormValues>(v: V, names: (keyof V & string)[], max: number): FieldErrors<V> {
    const p = this.t.post;
    return Object.fromEntries(
      names.map((name) => [name, !String(v[name]).trim() ? p.required : String(v[name]).length > max ? p.tooLong(max) : undefined]),
    ) as FieldErrors<V>;
  }

  /** `consultations/<slug>/resources/<id><rest>`. */
  #at(id: string, rest = ''): string {
    return this.path(`resources/${encodeURIComponent(id)}${rest}`);
  }

  #query(): string {
    return filterQuery(this.#filters);
  }

  #filter(key: keyof Filters, value: string): void {
    this.#filters = { ...this.#filters, [key]: value };
    this.requestUpdate();
  }

  #go(view: View): void {
    history.replaceState(history.state, '', location.pathname + location.search);
    this.#open = this.#thread = undefined;
    this.#view = view;
    this.notice = undefined;
    if (view === 'list' && this.#returnTo) this.focusOn(`#item-${this.#returnTo}`);
    else this.focusOn(view === 'list' ? '.toolbar button, .filters input' : `#${view}-title`);
  }

  async #more(): Promise<void> {
    if (!this.#next || this.#loadingMore) return;
    this.#loadingMore = true;
    this.requestUpdate();
    try {
      const page = await this.session!.api.get<ResourcePage>(`${this.path('resources')}?${this.#query()}&cursor=${encodeURIComponent(this.#next)}`);
      const { items, first } = appendPage(this.#items, page.items);
      this.#items = items;
      this.#next = page.next;
      if (first) this.focusOn(`#item-${first.id}`);
    } catch (error) {
      this.notify('error', errorText(this.t, error), false);
    }
    this.#loadingMore = false;
    this.requestUpdate();
  }

  /** The author renews (another full period) or closes their post; the notice says how it went. */
  async #act(p: ResourcePost, renew: boolean): Promise<void> {
    const api = this.session!.api;
    try {
      const post = await (renew ? api.patch<ResourcePost>(this.#at(p.id), { renew: true }) : api.post<ResourcePost>(this.#at(p.id, '/closure')));
      this.#detail.value = post;
      this.#items = this.#items.map((item) => (item.id === post.id ? post : item));
      this.notify('success', renew ? this.t.board.renewed(this.date(post.expiresAt, false)) : this.t.board.closedDone);
    } catch (error) {
      this.notify('error', errorText(this.t, error));
    }
  }

  /** Reports the post through the shared moderation (its kind there: `resourcePost`). */
  protected override async sendFlag(reason: string): Promise<void> {
    try {
      await this.session!.api.post(`moderation/resourcePost/${encodeURIComponent(this.#open!)}/flags`, { reason });
      this.flagging = false;
      this.notify('success', this.t.board.flagged);
    } catch (error) {
      this.notify('error', errorText(this.t, error));
    }
  }

  protected renderConsultation(c: Consultation<ResourcesSettings>, session: Session): unknown {
    const b = this.t.board;
    const me = session.me;
    const toolbar = me
      ? html`<div class="actions toolbar" part="toolbar">
          ${(['new', 'threads', 'profile'] as const).map(
            (view) =>
              html`<button type="button" class="secondary" aria-current=${this.#view === view || nothing} @click=${() => this.#go(view)}>
                ${{ new: b.newPost, threads: b.threads, profile: b.profile }[view]}
              </button>`,
          )}
        </div>`
      : nothing;
    const back = html`<button type="button" class="secondary" @click=${() => this.#go('list')}>${b.back}</button>`;
    if (this.#open) return html`${toolbar} ${back} ${this.#detail.render(this.t, (p) => this.#renderDetail(c, session, p))}`;
    if (this.#view !== 'list') {
      const title = { new: b.newPost, threads: b.threads, profile: b.profile }[this.#view];
      return html`${toolbar} ${back}
        <section class="card" aria-labelledby="${this.#view}-title">
          ${heading(this.level(1), title, `${this.#view}-title`)}
          ${
            this.#view === 'threads'
              ? me
                ? this.#threads.render(this.t, ({ threads }) => this.#renderThreads(threads))
                : this.#signIn(c, session, this.t.threads.signIn)
              : this.#view === 'profile'
                ? this.#renderProfile()
                : this.#gate(c, session, () => this.#renderPostForm(c))
          }
        </section>`;
    }
    return html`${toolbar} ${me ? nothing : this.eligibility(c, session).notice} ${this.#renderFilters(c)}
    ${this.#page.render(this.t, () => this.#renderList(c))} ${this.#renderPartners(c, session)}`;
  }

  /** A sign-in prompt (with the page's sign-in link), or the board's own sentence when it is open to all. */
  #signIn(c: Consultation<ResourcesSettings>, session: Session, text: string): unknown {
    return this.eligibility(c, session).notice ?? html`<p class="notice" part="notice">${text}</p>`;
  }

  /**
   * What stands before posting or writing: an account, a confirmed address (and how to confirm it), a business
   * profile (its form, then the action).
   */
  #gate(c: Consultation<ResourcesSettings>, session: Session, ready: () => unknown): unknown {
    const { allowed, notice } = this.eligibility(c, session);
    if (notice) return notice;
    if (!allowed) return nothing;
    if (!session.me!.emailVerified) {
      return html`<div class="notice" part="notice">
        <p>${this.t.board.verify}</p>
        ${this.signInUrl ? html`<p><a href=${this.signInUrl} part="sign-in-link">${this.t.board.account}</a></p>` : nothing}
      </div>`;
    }
    return this.#profile.render(this.t, ({ profile }) => (profile ? ready() : this.#renderProfile(true)));
  }

  #renderFilters(c: Consultation<ResourcesSettings>): TemplateResult {
    const t = this.t;
    const b = t.board;
    const f = this.#filters;
    const all = { value: '', label: b.all };
    const select = (key: keyof Filters, label: string, options: { value: string; label: string }[]) =>
      field(t, { id: `filter-${key}`, label, value: f[key], options: [all, ...options], onInput: (value) => this.#filter(key, value) });
    return html`<form
      class="filters"
      part="filters"
      role="search"
      @submit=${(event: Event) => {
        event.preventDefault();
        this.#filter('q', this.#typed.trim());
      }}
    >
      ${field(t, { id: 'filter-q', label: b.search, type: 'search', value: this.#typed, onInput: (value) => (this.#typed = value) })}
      <button type="submit" class="secondary">${b.apply}</button>
      ${select('direction', b.direction, entries(t.directions))} ${select('kind', b.kind, entries(t.kinds))} ${select('place', b.place, this.#places(c))}
      ${checkbox('filter-available', b.available, b.availableHint, f.available === 'true', (on) => this.#filter('available', on ? 'true' : ''))}
    </form>`;
  }

  #places(c: Consultation<ResourcesSettings>) {
    return c.settings.places.map((o) => ({ value: o.id, label: labelOf(this.t, o.label) }));
  }

  #renderList(c: Consultation<ResourcesSettings>): TemplateResult {
    const b = this.t.board;
    const items = this.#items;
    const filtered = Object.values(this.#filters).some(Boolean);
    return html`<p role="status">${items.length ? b.count(items.length) : filtered ? b.noResult : b.empty}</p>
      ${
        items.length
          ? html`<ul class="items" part="list">
              ${items.map(
                (p) =>
                  html`<li class="card" part="post">
                    ${heading(
                      this.level(1),
                      html`<a id="item-${p.id}" href="#civique-resource=${p.id}" @click=${() => (this.#returnTo = p.id)}>${p.title}</a>`,
                      undefined,
                      'post-title',
                    )}
                    ${this.#facts(c, p)}
                  </li>`,
              )}
            </ul>`
          : nothing
      }
      ${
        this.#next
          ? html`<button type="button" class="secondary" part="more" aria-disabled=${this.#loadingMore} @click=${() => this.#more()}>${b.more}</button>`
          : nothing
      }`;
  }

  /** Direction, kind, status, place, price, the business and until when: on the card and the post alike. */
  #facts(c: Consultation<ResourcesSettings>, p: ResourcePost): TemplateResult {
    const t = this.t;
    const b = t.board;
    const place = c.settings.places.find((o) => o.id === p.place);
    const period = [p.periodStart && b.from(this.date(p.periodStart, false)), p.periodEnd && b.until(this.date(p.periodEnd, false))].filter(Boolean).join(' ');
    return html`<p class="states">
        <span class="state" part="state">${t.directions[p.direction]}</span>
        <span class="state" part="state">${t.kinds[p.kind]}</span>
        ${p.moderation === 'published' ? nothing : html`<span class="state" part="state">${t.moderation[p.moderation]}</span>`}
        ${p.status === 'open' ? nothing : html`<span class="state ${p.status}" part="state">${p.status === 'closed' ? b.closed : b.expired(this.date(p.expiresAt, false))}</span>`}
        ${p.mine ? html`<span class="state" part="state">${b.mine}</span>` : nothing}
      </p>
      <p>
        ${place ? labelOf(t, place.label) : p.place} · ${p.paid ? b.paid : b.free} · ${b.by(p.business.tradeName ?? b.anonymous)}
        ${p.quantity ? html`· ${b.quantity} : ${p.quantity}` : nothing} ${period ? html`· ${b.period} : ${period}` : nothing}
      </p>
      ${p.status === 'open' ? html`<p class="muted">${b.expires(this.date(p.expiresAt, false))}</p>` : nothing}`;
  }

  #renderDetail(c: Consultation<ResourcesSettings>, session: Session, p: ResourcePost): TemplateResult {
    const t = this.t;
    const b = t.board;
    const open = p.status === 'open' && p.moderation === 'published';
    return html`<article class="card detail" part="post" aria-labelledby="post-title">
      ${heading(this.level(1), p.title, 'post-title', 'post-title')} ${this.#facts(c, p)}
      ${p.imageUrl ? html`<img src=${p.imageUrl} alt="" part="image" />` : nothing}
      <p class="text" part="text">${richText(p.description)}</p>
      <div class="actions">
        ${
          p.mine && p.status !== 'closed'
            ? html`<button type="button" @click=${() => this.#act(p, true)}>${b.renew}</button>
                <button type="button" class="secondary" @click=${() => this.#act(p, false)}>${b.close}</button>`
            : nothing
        }
        ${p.moderation === 'published' ? this.flagButton(b) : nothing}
      </div>
      ${this.flagForm(b, Boolean(session.me))}
      ${
        open && !p.mine
          ? html`<section aria-labelledby="contact-title">
              ${heading(this.level(2), t.contact.title, 'contact-title')} ${session.me ? html`<p class="muted">${t.contact.intro}</p>` : nothing}
              ${this.#gate(c, session, () => this.#renderMessage(this.#contactForm, 'contact', t.contact.message, t.contact.submit))}
            </section>`
          : nothing
      }
    </article>`;
  }

  #renderMessage(form: FormController<MessageValues, Thread | object>, id: string, label: string, submit: string, help = false): TemplateResult {
    const t = this.t;
    const share = help ? t.partners : t.contact;
    return html`<form id=${id} part="form" novalidate @submit=${form.onSubmit}>
      ${field(t, { ...form.bind('message'), label, required: true, multiline: true })}
      ${checkbox(`${id}-shareEmail`, share.share, share.shareHint, form.values.shareEmail, (on) => form.set('shareEmail', on))} ${form.renderStatus()}
      ${form.renderSubmit(submit)}
    </form>`;
  }

  #renderProfile(first = false): TemplateResult {
    const t = this.t;
    const p = t.profile;
    const form = this.#profileForm;
    const bind = (name: keyof ProfileValues, label: string, hint?: string) => field(t, { ...form.bind(name), label, hint, required: true });
    return html`${first ? html`<p class="notice" part="notice">${p.intro}</p>` : nothing}
      <form id="profile" part="form" novalidate @submit=${form.onSubmit}>
        ${bind('tradeName', p.tradeName)} ${bind('siret', p.siret, p.siretHint)} ${bind('sector', p.sector)} ${bind('commune', p.commune)}
        ${form.renderStatus()} ${form.renderSubmit(p.submit)}
      </form>`;
  }

  #renderPostForm(c: Consultation<ResourcesSettings>): TemplateResult {
    const t = this.t;
    const p = t.post;
    const form = this.#postForm;
    const bind = (name: Exclude<keyof PostValues, 'paid'>) => ({ ...form.bind(name), onInput: (value: string) => form.set(name, value) });
    const choose = { value: '', label: p.choose };
    return html`<form id="post" part="form" novalidate @submit=${form.onSubmit}>
      ${field(t, { ...bind('direction'), label: p.direction, required: true, options: entries(p.directions) })}
      ${field(t, { ...bind('kind'), label: p.kind, required: true, options: [choose, ...entries(t.kinds)] })}
      ${field(t, { ...bind('title'), label: p.heading, required: true })}
      ${field(t, { ...bind('description'), label: p.description, hint: p.descriptionHint, required: true, multiline: true })}
      ${field(t, { ...bind('quantity'), label: p.quantity, hint: p.quantityHint })} ${field(t, { ...bind('periodStart'), label: p.periodStart, type: 'date' })}
      ${field(t, { ...bind('periodEnd'), label: p.periodEnd, type: 'date' })}
      ${field(t, { ...bind('place'), label: p.place, required: true, options: [choose, ...this.#places(c)] })}
      ${checkbox('post-paid', p.paid, p.paidHint, form.values.paid, (on) => form.set('paid', on))} ${this.#picture.render(t, p, 'post-image')}
      ${form.renderStatus()} ${form.renderSubmit(p.submit)}
    </form>`;
  }

  /** The partners, each with its "demander de l'aide" form (relayed by mail; the partner's address never shown). */
  #renderPartners(c: Consultation<ResourcesSettings>, session: Session): unknown {
    const t = this.t;
    const p = t.partners;
    const items = this.#partners.value?.items;
    if (!items?.length) return nothing;
    return html`<section aria-labelledby="partners-title">
      ${heading(this.level(1), p.title, 'partners-title')}
      <ul class="items">
        ${items.map(
          (partner) =>
            html`<li class="card" part="partner">
              ${partner.logoUrl ? html`<img src=${partner.logoUrl} alt="" height="48" part="logo" />` : nothing} ${heading(this.level(2), partner.name)}
              <p>${labelOf(t, partner.helpsWith)}</p>
              ${
                this.#helping === partner.id
                  ? this.#gate(c, session, () => this.#renderMessage(this.#helpForm, 'help', p.message, p.send, true))
                  : html`<button
                      type="button"
                      class="secondary"
                      @click=${() => ((this.#helping = partner.id), this.focusOn('#help-message, [part~="notice"]'))}
                    >
                      ${p.ask}
                    </button>`
              }
            </li>`,
        )}
      </ul>
    </section>`;
  }

  #renderThreads(threads: Thread[]): unknown {
    const t = this.t;
    const h = t.threads;
    if (!threads.length) return html`<p role="status">${h.empty}</p>`;
    return html`<ul class="items">
      ${threads.map((thread) => {
        const name = thread.counterpart.tradeName ?? t.board.anonymous;
        const open = thread.id === this.#thread;
        return html`<li class="card" part="thread">
          ${heading(
            this.level(2),
            html`<a id="thread-${thread.id}" href="#civique-thread=${thread.id}" aria-current=${open || nothing}>${h.about(thread.post.title)}</a>`,
          )}
          <p class="muted">${h.with(name)} ${thread.counterpart.email ? html`· ${h.theirEmail(thread.counterpart.email)}` : nothing}</p>
          ${
            open
              ? html`<ol class="items">
                    ${thread.messages.map(
                      (m) =>
                        html`<li>
                          <p class="muted">${m.fromMe ? h.me : name}, ${this.date(m.createdAt)}</p>
                          <p class="text" part="text">${richText(m.body)}</p>
                          ${m.sharedEmail ? html`<p class="muted">${h.sharedEmail(m.sharedEmail)}</p>` : nothing}
                        </li>`,
                    )}
                  </ol>
                  ${this.#renderMessage(this.#replyForm, 'reply', h.reply, h.send)}`
              : nothing
          }
        </li>`;
      })}
    </ul>`;
  }
}
