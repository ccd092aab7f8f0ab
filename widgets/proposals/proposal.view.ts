import { html, nothing, type TemplateResult } from 'lit';
import { heading } from '../core/choices.ts';
import type { ProposalsTranslation } from './i18n/fr.ts';
import { labelOf, richText } from '../core/listing.ts';
import type { Proposal, ProposalsSettings } from './proposal-types.ts';

export interface ProposalViewContext {
  t: ProposalsTranslation;
  settings: ProposalsSettings;
  date: (iso: string, time?: boolean) => string;
  level: number;
}

/** Its states: the moderation's when not published (its author sees it), and the answer's. */
export function states(ctx: ProposalViewContext, p: Proposal): TemplateResult {
  const t = ctx.t;
  return html`<p class="states">
    ${p.moderation === 'published' ? nothing : html`<span class="state moderation" part="state">${t.moderation[p.moderation]}</span>`}
    <span class="state answer-${p.answerStatus}" part="state">${t.answers[p.answerStatus]}</span>
    ${[ctx.settings.categories, ctx.settings.quartiers].map((list, i) => {
      const found = list?.find((o) => o.id === (i ? p.quartier : p.category));
      return found ? html`<span class="state">${labelOf(t, found.label)}</span>` : nothing;
    })}
  </p>`;
}

/** One proposal in full: its text, picture, states and, once published, the official answer with who gave it and when. */
export function proposalDetail(ctx: ProposalViewContext, p: Proposal, actions: unknown): TemplateResult {
  const t = ctx.t;
  const l = t.list;
  return html`<article class="card detail" part="proposal" aria-labelledby="proposal-title">
    ${heading(ctx.level, p.title, 'proposal-title', 'proposal-title')} ${states(ctx, p)}
    <p class="muted">${l.postedOn(ctx.date(p.createdAt, false))} · ${l.supports(p.supportCount)}</p>
    ${p.rejectionReason ? html`<p class="notice error">${p.rejectionReason}</p>` : nothing}
    ${p.imageUrl ? html`<img src=${p.imageUrl} alt="" part="image" />` : nothing}
    <p class="text" part="text">${richText(p.text)}</p>
    ${
      p.answer
        ? html`<section class="answer notice" part="answer" aria-labelledby="answer-title">
            ${heading(ctx.level + 1, l.answerTitle, 'answer-title')}
            <p class="text">${richText(p.answer.text)}</p>
            <p class="muted">${l.answeredBy(p.answer.answeringBody, ctx.date(p.answer.publishedAt, false))}</p>
          </section>`
        : nothing
    }
    ${actions}
  </article>`;
}
