/**
 * The vote API's data as `civ-vote` receives it, inferred from the server's zod schemas (type-only: nothing of
 * the server reaches the bundle).
 */
import type { z } from '@hono/zod-openapi';
import type {
  BallotSchema,
  BudgetSettingsSchema,
  CastBallotResultSchema,
  ResultsSchema,
  VoteSettingsSchema,
} from '../../server/votes/votes.schemas.ts';

export type VoteSettings = z.output<typeof VoteSettingsSchema>;
export type BudgetSettings = z.output<typeof BudgetSettingsSchema>;
export type Ballot = z.infer<typeof BallotSchema>;
export type CastBallotResult = z.infer<typeof CastBallotResultSchema>;
export type Results = z.infer<typeof ResultsSchema>;

/** The ballot as the form holds it (and keeps it in the draft): option or project ids joined by spaces. */
export type VoteValues = { district: string; choice: string };
