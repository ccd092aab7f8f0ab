import { html, nothing, type TemplateResult } from 'lit';
import { ApiError } from '../core/api-client.ts';
import type { ResponseBody } from '../core/api-types.ts';
import { checkboxField, textField } from '../core/fields.ts';
import { isSessionOver, shortDateTime, type ConsoleContext, type StaffRole } from './console-context.ts';

type Member = ResponseBody<'listStaff', 200>['staff'][number];
type AuditEvent = ResponseBody<'listAuditEvents', 200>['events'][number];
type Filters = { actor: string; target: string; from: string; to: string };
type Origins = ResponseBody<'listOrigins', 200>;
type OriginList = 'allowed' | 'staff';

const ROLES: StaffRole[] = ['admin', 'moderator', 'answerer'];

/**
 * The admins' team screen: staff and their roles (changed with checkboxes, saved per person), invitations by
 * email with a role, removal, and the audit log with its filters (who, what, when), page by page.
 */
export class TeamScreen {
  staff: { status: 'pending' } | { status: 'ready'; members: Member[] } | { status: 'failed'; message: string } = { status: 'pending' };
  /** Roles being edited, per account, before they are saved. */
  editing = new Map<string, StaffRole[]>();
  invite = { email: '', role: 'moderator' as StaffRole, error: undefined as string | undefined };
  removing: Member | undefined;
  filters: Filters = { actor: '', target: '', from: '', to: '' };
  audit: { events: AuditEvent[]; next: string | null; error?: string } = { events: [], next: null };
  origins: Origins = { allowedOrigins: [], staffOrigins: [] };
  newOrigin = { list: 'staff' as OriginList, origin: '', error: undefined as string | undefined };
  readonly #ctx: ConsoleContext;

  constructor(ctx: ConsoleContext) {
    this.#ctx = ctx;
  }

  get #api() {
    return this.#ctx.session().api;
  }

  open(): void {
    void this.#loadStaff();
    void this.#loadOrigins();
    void this.#loadAudit(false);
  }

  async #loadStaff(): Promise<void> {
    try {
      const { staff } = await this.#api.get<{ staff: Member[] }>('staff');
      this.staff = { status: 'ready', members: staff };
      this.editing.clear();
    } catch (error) {
      if (!isSessionOver(error)) this.staff = { status: 'failed', message: this.#ctx.failure(error) };
    }
    this.#ctx.host.requestUpdate();
  }

  /** `filtered`: the agent asked for it, and hears how many actions came back. */
  async #loadOrigins(): Promise<void> {
    try {
      this.origins = await this.#api.get<Origins>('origins');
    } catch (error) {
      if (!isSessionOver(error)) this.newOrigin.error = this.#ctx.failure(error);
    }
    this.#ctx.host.requestUpdate();
  }

  /** Adds the typed origin, or removes `origin` from `list`; the server normalises and checks it. */
  async #changeOrigin(change: { list: OriginList; origin: string; remove?: boolean }): Promise<void> {
    const t = this.#ctx.t().console.team.origins;
    try {
      const body = { list: change.list, origin: change.origin.trim() };
      this.origins = change.remove ? await this.#api.delete<Origins>('origins', body) : await this.#api.post<Origins>('origins', body);
      if (!change.remove) this.newOrigin = { ...this.newOrigin, origin: '', error: undefined };
      this.#ctx.announce(change.remove ? t.removed(body.origin) : t.added(body.origin));
      void this.#loadAudit(false);
    } catch (error) {
      if (isSessionOver(error)) return;
      const issue = error instanceof ApiError ? error.issues.find((i) => i.path === 'origin') : undefined;
      this.newOrigin.error = issue ? t.invalid : this.#ctx.failure(error);
      this.#ctx.announce(this.newOrigin.error);
      this.#ctx.focus('origin-value');
    }
  }

  async #loadAudit(more: boolean, filtered = false): Promise<void> {
    const query = new URLSearchParams({ limit: '50' });
    const f = this.filters;
    if (f.actor.trim()) query.set('actor', f.actor.trim());
    if (f.target.trim()) query.set('target', f.target.trim());
    if (f.from) query.set('from', new Date(f.from).toISOString());
    if (f.to) query.set('to', new Date(f.to).toISOString());
    if (more && this.audit.next) query.set('cursor', this.audit.next);
    try {
      const page = await this.#api.get<{ events: AuditEvent[]; next: string | null }>(`audit-events?${query}`);
      this.audit = { events: more ? [...this.audit.events, ...page.events] : page.events, next: page.next };
      if (filtered) this.#ctx.announce(this.#ctx.t().console.team.auditCount(page.events.length));
    } catch (error) {
      if (!isSessionOver(error)) this.audit = { ...this.audit, error: this.#ctx.failure(error) };
    }
    this.#ctx.host.requestUpdate();
  }

  async #invite(): Promise<void> {
    const t = this.#ctx.t();
    const email = this.invite.email.trim();
    if (!email) {
      this.invite.error = t.console.editor.required;
      this.#ctx.announce(`${t.form.invalidCount(1)} ${this.invite.error}`);
      return this.#ctx.focus('invite-email');
    }
    try {
      const member = await this.#api.post<Member>('staff', { email, role: this.invite.role });
      this.invite = { email: '', role: this.invite.role, error: undefined };
      this.#ctx.announce(t.console.team.invited(member.email ?? email));
      await this.#loadStaff();
      void this.#loadAudit(false);
    } catch (error) {
      if (isSessionOver(error)) return;
      this.invite.error = error instanceof ApiError && error.issues.some((i) => i.path === 'email') ? t.console.team.badEmail : this.#ctx.failure(error);
      this.#ctx.announce(this.invite.error);
      this.#ctx.focus('invite-email');
    }
  }

  async #saveRoles(member: Member): Promise<void> {
    const t = this.#ctx.t().console.team;
    const roles = this.editing.get(member.accountId) ?? member.roles;
    if (roles.length === 0) return this.#ctx.announce(t.oneRole);
    try {
      await this.#api.put(`staff/${member.accountId}`, { roles });
      this.#ctx.announce(t.rolesSaved(member.email ?? member.accountId));
      await this.#loadStaff();
      void this.#loadAudit(false);
    } catch (error) {
      if (!isSessionOver(error)) this.#ctx.announce(this.#ctx.failure(error));
    }
  }

  async #remove(): Promise<void> {
    const member = this.removing!;
    const t = this.#ctx.t().console.team;
    try {
      await this.#api.delete(`staff/${member.accountId}`);
      this.removing = undefined;
      this.#ctx.announce(t.removed(member.email ?? member.accountId));
      await this.#loadStaff();
      void this.#loadAudit(false);
      this.#ctx.focus('screen-title');
    } catch (error) {
      if (!isSessionOver(error)) this.#ctx.announce(this.#ctx.failure(error));
    }
  }

  render(): TemplateResult {
    const t = this.#ctx.t();
    const team = t.console.team;
    return html`<h1 id="screen-title" tabindex="-1">${t.console.screens.team}</h1>
      <section aria-labelledby="staff-title">
        <h2 id="staff-title">${team.staff}</h2>
        ${this.removing ? this.#renderRemove(this.removing) : nothing} ${this.#renderStaff()}
      </section>
      <section aria-labelledby="invite-title">
        <h2 id="invite-title">${team.inviteTitle}</h2>
        <form
          id="invite"
          novalidate
          part="form"
          @submit=${(e: Event) => {
            e.preventDefault();
            void this.#invite();
          }}
        >
          ${textField(
            {
              id: 'invite-email',
              name: 'email',
              label: team.email,
              type: 'email',
              autocomplete: 'off',
              required: true,
              value: this.invite.email,
              error: this.invite.error,
              onInput: (v) => {
                this.invite.email = v;
                this.invite.error = undefined;
              },
            },
            t.common.errorPrefix,
          )}
          <div class="field">
            <label for="invite-role">${team.role}</label>
            <select id="invite-role" @change=${(e: Event) => (this.invite.role = (e.target as HTMLSelectElement).value as StaffRole)}>
              ${ROLES.map((r) => html`<option value=${r} ?selected=${r === this.invite.role}>${t.console.roles[r]}</option>`)}
            </select>
          </div>
          <div class="actions"><button type="submit">${team.invite}</button></div>
        </form>
      </section>
      ${this.#renderOrigins()} ${this.#renderAudit()}`;
  }

  #renderOrigins(): TemplateResult {
    const t = this.#ctx.t();
    const o = t.console.team.origins;
    const list = (name: OriginList, title: string, origins: string[]) =>
      html`<h3>${title}</h3>
        ${
          origins.length
            ? html`<ul>
                ${origins.map(
                  (origin) =>
                    html`<li>
                      <code>${origin}</code>
                      <button type="button" class="secondary" @click=${() => this.#changeOrigin({ list: name, origin, remove: true })}>
                        ${o.remove}<span class="sr-only"> ${origin}</span>
                      </button>
                    </li>`,
                )}
              </ul>`
            : html`<p>${o.none}</p>`
        }`;
    return html`<section aria-labelledby="origins-title">
      <h2 id="origins-title">${o.title}</h2>
      ${list('allowed', o.allowed, this.origins.allowedOrigins)} ${list('staff', o.staff, this.origins.staffOrigins)}
      <form
        id="origin-add"
        novalidate
        @submit=${(e: Event) => {
          e.preventDefault();
          void this.#changeOrigin(this.newOrigin);
        }}
      >
        <div class="field">
          <label for="origin-list">${o.list}</label>
          <select id="origin-list" @change=${(e: Event) => (this.newOrigin.list = (e.target as HTMLSelectElement).value as OriginList)}>
            <option value="staff" ?selected=${this.newOrigin.list === 'staff'}>${o.staff}</option>
            <option value="allowed" ?selected=${this.newOrigin.list === 'allowed'}>${o.allowed}</option>
          </select>
        </div>
        ${textField(
          {
            id: 'origin-value',
            name: 'origin',
            label: o.origin,
            hint: o.hint,
            autocomplete: 'off',
            required: true,
            value: this.newOrigin.origin,
            error: this.newOrigin.error,
            onInput: (v) => {
              this.newOrigin.origin = v;
              this.newOrigin.error = undefined;
            },
          },
          t.common.errorPrefix,
        )}
        <div class="actions"><button type="submit">${o.add}</button></div>
      </form>
    </section>`;
  }

  #renderStaff(): TemplateResult {
    const t = this.#ctx.t();
    const team = t.console.team;
    const state = this.staff;
    if (state.status === 'pending') return html`<p class="loading">${t.common.loading}</p>`;
    if (state.status === 'failed') return html`<p class="notice error" role="alert">${state.message}</p>`;
    return html`<ul class="members">
      ${state.members.map((m) => {
        const roles = this.editing.get(m.accountId) ?? m.roles;
        const name = m.email ?? m.accountId;
        return html`<li>
          <fieldset>
            <legend>${name}</legend>
            ${ROLES.map((r) =>
              checkboxField({
                id: `roles-${m.accountId}-${r}`,
                name: r,
                label: t.console.roles[r],
                checked: roles.includes(r),
                onChange: (on) => {
                  this.editing.set(m.accountId, on ? [...roles, r] : roles.filter((x) => x !== r));
                  this.#ctx.host.requestUpdate();
                },
              }),
            )}
            <div class="actions">
              <button type="button" class="secondary" @click=${() => this.#saveRoles(m)}>${team.saveRoles}<span class="sr-only"> ${name}</span></button>
              <button
                type="button"
                class="secondary"
                @click=${() => {
                  this.removing = m;
                  this.#ctx.focus('remove-title');
                }}
              >
                ${team.remove}<span class="sr-only"> ${name}</span>
              </button>
            </div>
          </fieldset>
        </li>`;
      })}
    </ul>`;
  }

  #renderRemove(member: Member): TemplateResult {
    const t = this.#ctx.t();
    return html`<section class="panel" aria-labelledby="remove-title">
      <h3 id="remove-title" tabindex="-1">${t.console.team.confirmRemove(member.email ?? member.accountId)}</h3>
      <div class="actions">
        <button type="button" @click=${() => this.#remove()}>${t.console.consultations.confirm}</button>
        <button
          type="button"
          class="secondary"
          @click=${() => {
            this.removing = undefined;
            this.#ctx.focus('staff-title');
          }}
        >
          ${t.common.cancel}
        </button>
      </div>
    </section>`;
  }

  #renderAudit(): TemplateResult {
    const t = this.#ctx.t();
    const a = t.console.team.audit;
    const filter = (name: keyof Filters, label: string, type: 'text' | 'datetime-local', hint?: string) =>
      html`<div class="field">
        <label for="audit-${name}">${label}</label>
        ${hint ? html`<p class="hint" id="audit-${name}-hint">${hint}</p>` : nothing}
        <input
          id="audit-${name}"
          type=${type}
          .value=${this.filters[name]}
          aria-describedby=${hint ? `audit-${name}-hint` : nothing}
          @input=${(e: Event) => (this.filters = { ...this.filters, [name]: (e.target as HTMLInputElement).value })}
          @change=${(e: Event) => (this.filters = { ...this.filters, [name]: (e.target as HTMLInputElement).value })}
        />
      </div>`;
    const when = (iso: string) => shortDateTime(t.lang, iso);
    return html`<section aria-labelledby="audit-title">
      <h2 id="audit-title">${a.title}</h2>
      <form
        id="audit-filters"
        novalidate
        @submit=${(e: Event) => {
          e.preventDefault();
          void this.#loadAudit(false, true);
        }}
      >
        ${filter('actor', a.actor, 'text', a.actorHint)} ${filter('target', a.target, 'text', a.targetHint)} ${filter('from', a.from, 'datetime-local')}
        ${filter('to', a.to, 'datetime-local')}
        <div class="actions"><button type="submit">${a.filter}</button></div>
      </form>
      ${this.audit.error ? html`<p class="notice error" role="alert">${this.audit.error}</p>` : nothing}
      <div class="table" role="region" aria-labelledby="audit-caption" tabindex="0">
        <table>
          <caption id="audit-caption">
            ${a.caption}
          </caption>
          <thead>
            <tr>
              <th scope="col">${a.when}</th>
              <th scope="col">${a.who}</th>
              <th scope="col">${a.action}</th>
              <th scope="col">${a.target}</th>
            </tr>
          </thead>
          <tbody>
            ${this.audit.events.map(
              (e) =>
                html`<tr>
                  <td>${when(e.at)}</td>
                  <td>${t.lang === 'en' ? e.actor.label.en : e.actor.label.fr}${e.role ? ` (${t.console.roles[e.role] ?? e.role})` : ''}</td>
                  <td><code>${e.action}</code></td>
                  <td>${e.target ? html`<code>${e.target}</code>` : '—'}</td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
      ${this.audit.events.length === 0 ? html`<p>${a.none}</p>` : nothing}
      ${this.audit.next ? html`<div class="actions"><button type="button" class="secondary" @click=${() => this.#loadAudit(true)}>${a.more}</button></div>` : nothing}
    </section>`;
  }
}
