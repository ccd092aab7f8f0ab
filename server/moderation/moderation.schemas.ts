import { z } from '@hono/zod-openapi';
import { PageLimit, Instant } from '../http/openapi.ts';
import { visibleText } from '../http/text.ts';
import { FLAG_REASONS, MODERATION_STATES } from './moderation.ts';

const Kind = z
  .string()
  .regex(/^[a-z][A-Za-z0-9]{1,39}$/)
  .openapi({ param: { name: 'kind', in: 'path' }, example: 'proposal', description: 'The kind of content (proposal, resourcePost…)' });
const TargetId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/)
  .openapi({ param: { name: 'targetId', in: 'path' }, description: 'The content’s id in its own feature' });
export const TargetParams = { kind: Kind, targetId: TargetId };

export const ModerationState = z.enum(MODERATION_STATES);

export const FlagBody = z
  .strictObject({
    reason: z.enum(FLAG_REASONS),
    text: z
      .string()
      .trim()
      .max(1000)
      .superRefine(visibleText({ multiline: true }))
      .optional(),
  })
  .openapi('FlagContent');

export const FlagResultSchema = z
  .object({
    counted: z.boolean().openapi({ description: 'Whether the flag counts toward automatic hiding (only from a confirmed email)' }),
    hidden: z.boolean().openapi({ description: 'Whether this flag hid the content until a moderator decides' }),
  })
  .openapi('FlagResult');

export const ModerateBody = z
  .strictObject({
    state: ModerationState,
    statement: z
      .string()
      .trim()
      .max(4000)
      .superRefine(visibleText({ multiline: true }))
      .optional()
      .openapi({ description: 'The statement of reasons the author reads; required to hide, reject or restore' }),
  })
  .openapi('ModerateContent');

export const ModerationItemSchema = z
  .object({
    kind: z.string(),
    targetId: z.string(),
    state: ModerationState,
    flags: z.number().int(),
    countingFlags: z.number().int().openapi({ description: 'Flags from confirmed emails' }),
    createdAt: Instant,
    updatedAt: Instant,
  })
  .openapi('ModerationItem');

export const QueueQuery = z.object({
  state: ModerationState.optional().openapi({ param: { name: 'state', in: 'query' } }),
  kind: z
    .string()
    .regex(/^[a-z][A-Za-z0-9]{1,39}$/)
    .optional()
    .openapi({ param: { name: 'kind', in: 'query' } }),
  flagged: z
    .enum(['true', 'false'])
    .optional()
    .openapi({ param: { name: 'flagged', in: 'query' }, description: '`true`: flagged at least once; `false`: never flagged' }),
  limit: PageLimit,
});

export const ModerationQueueSchema = z.object({ items: z.array(ModerationItemSchema) }).openapi('ModerationQueue');

export const MyModerationDecisionsSchema = z
  .object({
    decisions: z.array(
      z
        .object({
          kind: z.string(),
          targetId: z.string(),
          fromState: ModerationState,
          toState: ModerationState,
          statement: z.string(),
          automatic: z.boolean(),
          createdAt: Instant,
        })
        .openapi('ModerationDecision'),
    ),
  })
  .openapi('MyModerationDecisions');
