import { html, type TemplateResult } from 'lit';
import type { ApiClient } from '../../core/api-client.ts';
import { label, type ParticipationStatus } from '../../core/api-enums.ts';
import type { Participation, ResponseBody } from '../../core/api-types.ts';
import { Resource } from '../../core/resource.ts';
import type { AccountContext } from '../account-context.ts';
import type { DashboardTranslation } from './i18n/fr.ts';

/** "Mes participations": loaded each time the section opens (a vote elsewhere on the page may have added one). */
export class ParticipationsView {
  open = false;
  readonly #ctx: AccountContext;
  readonly #d: () => DashboardTranslation;
  readonly #list: Resource<readonly [ApiClient | undefined, string | undefined, boolean], Participation[]>;

  constructor(ctx: AccountContext, strings: () => DashboardTranslation) {
    this.#ctx = ctx;
    this.#d = strings;
    this.#list = new Resource(
      ctx.host,
      () => {
        const session = ctx.session() as ReturnType<AccountContext['session']> | undefined;
        return [session?.api, session?.me?.id, this.open] as const;
      },
      ([api, accountId, open]) =>
        api && accountId && open ? api.get<ResponseBody<'listMyParticipations', 200>>('me/participations').then((answer) => answer.participations) : undefined,
    );
  }

  render(): TemplateResult {
    const t = this.#ctx.t();
    const p = this.#d().participations;
    const date = new Intl.DateTimeFormat(t.lang === 'en' ? 'en-GB' : 'fr-FR', { dateStyle: 'long' });
    return html`${this.#list.render(
      t,
      (list) =>
        html`<p>${p.count(list.length)}</p>
          ${
            list.length > 0
              ? html`<ul class="participations" part="participations">
                  ${list.map(
                    (item) =>
                      html`<li>
                        <strong>${label(p.kinds, item.kind, p.otherKind)}</strong>${item.consultation ? html` — ${item.consultation.title}` : ''}${
                          // No comma after a title's own "?" or "!": "… centre-ville ? le 2 décembre 2026".
                          /[?!]$/.test(item.consultation?.title ?? '') ? '' : ','
                        }
                        ${p.on(date.format(new Date(item.at)))}${
                          item.status && p.statuses[item.status as ParticipationStatus]
                            ? html` — <em>${p.statuses[item.status as ParticipationStatus]}</em>`
                            : ''
                        }
                      </li>`,
                  )}
                </ul>`
              : ''
          }`,
    )}`;
  }
}
