/**
 * The vote API's data as `civ-vote` receives it: answers from the types generated out of the OpenAPI document,
 * settings inferred from the server's zod schemas (type-only: nothing of the server reaches the bundle).
 */
import type { z } from '@hono/zod-openapi';
import type { BudgetSettingsSchema, VoteSettingsSchema } from '../../server/votes/votes.schemas.ts';
import type { components } from '../core/api-schema.generated.ts';

export type VoteSettings = z.output<typeof VoteSettingsSchema>;
export type BudgetSettings = z.output<typeof BudgetSettingsSchema>;
export type Ballot = components['schemas']['Ballot'];
export type CastBallotResult = components['schemas']['CastBallotResult'];
export type Results = components['schemas']['Results'];

/** The ballot as the form holds it (and keeps it in the draft): option or project ids joined by spaces. */
export type VoteValues = { district: string; choice: string };
