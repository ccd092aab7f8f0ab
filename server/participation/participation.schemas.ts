import { z } from '@hono/zod-openapi';
import { visibleText } from '../http/text.ts';
import { ANONYMOUS_ID } from './participant.ts';

// Schemas every kind of participation shares (votes, budgets, surveys, and the kinds to come).

/** Text staff type into settings: trimmed, nothing invisible, bounded; `multiline` for descriptions. */
export const plainText = (max: number, min = 1, multiline = false) => z.string().trim().min(min).max(max).superRefine(visibleText({ multiline }));

/** Ids of options, projects, districts, sections and questions: short, stable, safe in JSON paths and URLs. */
export const ItemId = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'Use 1 to 64 letters, digits, dashes or underscores')
  .openapi({ example: 'samedi' });

/** Adds an issue for every id that appears twice in `items`. */
export function refineUniqueIds(items: { id: string }[], path: (string | number)[], ctx: z.RefinementCtx, what: string): void {
  const seen = new Set<string>();
  items.forEach((item, index) => {
    if (seen.has(item.id)) ctx.addIssue({ code: 'custom', path: [...path, index, 'id'], message: `Duplicate ${what} id "${item.id}"` });
    seen.add(item.id);
  });
}

/**
 * The widget's anonymous participant id: 128 random bits or more, base64url or hex, optionally after its creation
 * time (12 hex digits of milliseconds and a dot). Stored only as its key (`participantKey`).
 */
export const ParticipantId = z
  .string()
  .regex(ANONYMOUS_ID, 'Send a random id of at least 128 bits (22+ base64url characters), optionally after its creation time (12 hex digits and a dot)')
  .openapi({ example: '0194f3a2b1c0.q3Xk9vL2mN8pR4tW7yZ1aB' });

export const ParticipantHeaders = z.object({
  'civique-participant': ParticipantId.optional().openapi({
    param: { name: 'civique-participant', in: 'header' },
    description: 'Anonymous participant id generated and kept by the widget, for consultations that allow anonymity. Ignored when a session token is sent.',
  }),
});

/** Where a participation stands: counted, held back for review, or rejected by staff. */
export const ParticipationStatusSchema = z.enum(['accepted', 'quarantined', 'rejected']);
