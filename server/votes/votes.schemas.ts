import { z } from '@hono/zod-openapi';
import { Honeypot } from '../http/honeypot.ts';
import { PageLimit, Instant } from '../http/openapi.ts';
import { ItemId, ParticipantHeaders, ParticipationStatusSchema, plainText, refineUniqueIds } from '../participation/participation.schemas.ts';

// Shared by every kind of participation; re-exported for the vote code that names them from here.
export { ItemId, ParticipantHeaders, plainText, refineUniqueIds };
export const BallotStatus = ParticipationStatusSchema;

/** Where results may be read before the consultation closes; staff always may. */
export const BallotResultsVisibility = z.enum(['always', 'after_close']);

const VoteOption = z.strictObject({
  id: ItemId,
  label: plainText(200),
  description: plainText(2000, 1, true).optional(),
});

/**
 * A poll. `single`: exactly one option. `approval`: between `minChoices` and `maxChoices` options (defaults 1
 * and all). `ranking`: the citizen orders between `minChoices` and `maxChoices` options, best first; the
 * defaults (both = all options) ask for a full ranking, a lower `minChoices` allows partial rankings ("rank
 * at least your top 3"). Defaults are written out on save, so the widget reads the bounds as they apply.
 */
export const VoteSettingsSchema = z
  .strictObject({
    mode: z.enum(['single', 'approval', 'ranking']),
    options: z.array(VoteOption).min(2).max(50),
    minChoices: z.number().int().min(1).optional(),
    maxChoices: z.number().int().min(1).optional(),
    resultsVisibility: BallotResultsVisibility.default('always'),
  })
  .openapi('VoteSettings')
  .superRefine((s, ctx) => {
    refineUniqueIds(s.options, ['options'], ctx, 'option');
    const n = s.options.length;
    if (s.mode === 'single') {
      if ((s.minChoices ?? 1) !== 1 || (s.maxChoices ?? 1) !== 1) {
        ctx.addIssue({ code: 'custom', path: ['maxChoices'], message: 'A single-choice vote takes exactly one option' });
      }
      return;
    }
    const min = s.minChoices ?? (s.mode === 'ranking' ? n : 1);
    const max = s.maxChoices ?? n;
    if (max > n) ctx.addIssue({ code: 'custom', path: ['maxChoices'], message: `At most ${n}, the number of options` });
    if (min > max) ctx.addIssue({ code: 'custom', path: ['minChoices'], message: 'minChoices cannot exceed maxChoices' });
  })
  .transform((s) => {
    const n = s.options.length;
    if (s.mode === 'single') return { ...s, minChoices: 1, maxChoices: 1 };
    return { ...s, minChoices: s.minChoices ?? (s.mode === 'ranking' ? n : 1), maxChoices: s.maxChoices ?? n };
  });
export type VoteSettings = z.output<typeof VoteSettingsSchema>;

const Project = z.strictObject({
  id: ItemId,
  title: plainText(200),
  description: plainText(4000, 1, true).optional(),
  cost: z.number().int().min(1).max(1_000_000_000).openapi({ description: 'Whole euros' }),
  district: ItemId.optional(),
});

const District = z.strictObject({
  id: ItemId,
  name: plainText(100),
  budget: z.number().int().min(1).max(10_000_000_000).openapi({ description: 'Whole euros' }),
});

/**
 * A participatory budget. Either `districts` (each with its own budget; every project belongs to one; the
 * citizen votes in exactly one district) or a single `budget` cap. `minSpendShare` (0–1) is the share of the
 * cap the citizen must at least spend; `maxProjects` caps the number of projects chosen.
 */
export const BudgetSettingsSchema = z
  .strictObject({
    projects: z.array(Project).min(1).max(300),
    districts: z.array(District).min(1).max(50).optional(),
    budget: z.number().int().min(1).max(10_000_000_000).optional(),
    minSpendShare: z.number().min(0).max(1).optional(),
    maxProjects: z.number().int().min(1).optional(),
    resultsVisibility: BallotResultsVisibility.default('always'),
  })
  .openapi('BudgetSettings')
  .superRefine((s, ctx) => {
    refineUniqueIds(s.projects, ['projects'], ctx, 'project');
    if ((s.districts === undefined) === (s.budget === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['budget'], message: 'Give either districts (one budget each) or a single budget' });
      return;
    }
    const caps = new Map<string, number>();
    if (s.districts) {
      refineUniqueIds(s.districts, ['districts'], ctx, 'district');
      for (const d of s.districts) caps.set(d.id, d.budget);
    }
    s.projects.forEach((p, i) => {
      if (s.districts) {
        if (p.district === undefined || !caps.has(p.district)) {
          ctx.addIssue({ code: 'custom', path: ['projects', i, 'district'], message: 'Each project belongs to one of the districts' });
          return;
        }
      } else if (p.district !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['projects', i, 'district'], message: 'Projects have no district when there is a single budget' });
        return;
      }
      const cap = s.districts ? caps.get(p.district!)! : s.budget!;
      if (p.cost > cap) ctx.addIssue({ code: 'custom', path: ['projects', i, 'cost'], message: `Costs more than its budget (${cap} €)` });
    });
    const scopes = s.districts ? s.districts.map((d) => ({ id: d.id, cap: d.budget })) : [{ id: undefined, cap: s.budget! }];
    scopes.forEach((scope, i) => {
      const costs = s.projects.filter((p) => p.district === scope.id).map((p) => p.cost);
      if (costs.length === 0) {
        ctx.addIssue({ code: 'custom', path: ['districts', i], message: 'A district needs at least one project' });
        return;
      }
      if (s.minSpendShare !== undefined) {
        // A rough feasibility check: even choosing every project (or the dearest allowed) must reach the minimum.
        const reachable = costs
          .sort((a, b) => b - a)
          .slice(0, s.maxProjects ?? costs.length)
          .reduce((a, b) => a + b, 0);
        if (reachable < Math.ceil(s.minSpendShare * scope.cap)) {
          ctx.addIssue({ code: 'custom', path: ['minSpendShare'], message: 'No choice of projects could reach this minimum spend' });
        }
      }
    });
  });
export type BudgetSettings = z.output<typeof BudgetSettingsSchema>;

// ---------------------------------------------------------------------------------------------------------
// The API

export const CastBallotBody = z
  .strictObject({
    choice: z
      .array(ItemId)
      .min(1)
      .max(300)
      .openapi({
        description:
          'Option ids (vote) or project ids (budget). single: one id; approval: between minChoices and maxChoices ids; ranking: ids best first; budget: the chosen projects.',
        example: ['samedi'],
      }),
    district: ItemId.optional().openapi({ description: 'Budgets with districts: the district voted in (required there, refused elsewhere)' }),
    website: Honeypot,
  })
  .openapi('CastBallot');

export const BallotSchema = z
  .object({
    choice: z.array(z.string()),
    district: z.string().nullable(),
    status: BallotStatus.openapi({
      description: '`quarantined`: kept, awaiting staff review, not counted yet (shared network or many votes from one address)',
    }),
    counted: z.boolean().openapi({ description: 'Whether the ballot counts in results now' }),
    castAt: Instant,
    updatedAt: Instant,
  })
  .openapi('Ballot');

export const CastBallotResultSchema = z
  .object({ ballot: BallotSchema, changed: z.boolean().openapi({ description: 'True when an earlier ballot was replaced' }) })
  .openapi('CastBallotResult');

// A union, not `.nullable()`: on a named schema the generator emits an allOf that rejects null.
export const MyBallotSchema = z.object({ ballot: z.union([BallotSchema, z.null()]) }).openapi('MyBallot');

const OptionResult = z.object({
  id: z.string(),
  label: z.string(),
  votes: z.number().int().openapi({ description: 'Counted ballots choosing (ranking: ranking) this option' }),
  share: z.number().openapi({ description: 'votes / ballots, 0–1, rounded to 4 decimals' }),
  rank: z.number().int().openapi({ description: 'Standard competition rank (1, 2, 2, 4) by votes, or by Borda points for rankings' }),
  firstPreferences: z.number().int().optional().openapi({ description: 'ranking: ballots putting it first' }),
  bordaPoints: z.number().int().optional().openapi({ description: 'ranking: modified Borda points' }),
});

const ProjectResult = z.object({
  id: z.string(),
  title: z.string(),
  cost: z.number().int(),
  votes: z.number().int(),
  share: z.number(),
  funded: z.boolean().openapi({
    description: 'Greedy allocation: projects by votes (then cheaper first) are funded while they fit in the remaining budget',
  }),
});

const DistrictResult = z.object({
  id: z.string().nullable().openapi({ description: 'null for a single-budget consultation' }),
  name: z.string().nullable(),
  budget: z.number().int(),
  ballots: z.number().int(),
  quarantined: z.number().int().optional(),
  fundedCost: z.number().int(),
  projects: z.array(ProjectResult),
});

export const ResultsSchema = z
  .object({
    kind: z.enum(['vote', 'budget']),
    mode: z.enum(['single', 'approval', 'ranking', 'budget']),
    status: z.enum(['upcoming', 'open', 'closed']),
    final: z.boolean().openapi({ description: 'True once the consultation is closed' }),
    ballots: z.number().int().openapi({ description: 'Ballots counted (accepted); quarantined and rejected ones never count' }),
    quarantined: z.number().int().optional().openapi({ description: 'Staff only: ballots awaiting review' }),
    rejected: z.number().int().optional().openapi({ description: 'Staff only: ballots rejected on review' }),
    method: z.string().optional(),
    options: z.array(OptionResult).optional(),
    districts: z.array(DistrictResult).optional(),
  })
  .openapi('Results');

export const QuarantineQuery = z.object({
  limit: PageLimit,
  after: z
    .string()
    .regex(/^\d{1,18}$/)
    .optional()
    .openapi({ param: { name: 'after', in: 'query' }, description: 'The `next` cursor of the previous page' }),
});

export const QuarantineItemSchema = z
  .object({
    id: z.string(),
    kind: z.enum(['ballot', 'surveyResponse', 'proposalSupport']),
    participant: z.enum(['account', 'anonymous', 'erased']),
    reasons: z.array(z.string()).openapi({
      description:
        '`ip_cap`: over the cap per address; `prefix_cap`: per network (/24, /64); `site_cap`: per IPv6 site (/48); `honeypot`: the hidden field was filled',
    }),
    choice: z.array(z.string()).optional(),
    district: z.string().nullable().optional(),
    answers: z.record(z.string(), z.unknown()).optional(),
    proposal: z.object({ id: z.string(), title: z.string() }).optional().openapi({ description: 'A support’s proposal' }),
    castAt: Instant,
    updatedAt: Instant,
    cluster: z
      .string()
      .nullable()
      .openapi({ description: 'Its network’s opaque cluster label (see listQuarantineClusters); null once its trace is erased (90 days)' }),
  })
  .openapi('QuarantineItem');

export const QuarantineListSchema = z
  .object({
    quarantined: z.number().int().openapi({ description: 'All participations awaiting review in this consultation' }),
    items: z.array(QuarantineItemSchema),
    next: z.string().nullable(),
  })
  .openapi('QuarantineList');

export const ReviewBody = z.strictObject({ decision: z.enum(['accept', 'reject']) }).openapi('ReviewQuarantine');
export const ReviewResultSchema = z.object({ id: z.string(), status: BallotStatus }).openapi('ReviewResult');
export const ParticipationIdParam = z
  .string()
  .regex(/^\d{1,18}$/)
  .openapi({ param: { name: 'participationId', in: 'path' }, description: 'A quarantined participation’s id (a ballot, a survey response…)' });

export const ClusterParam = z
  .string()
  .regex(/^[A-Za-z0-9_-]{12}$/)
  .openapi({ param: { name: 'cluster', in: 'path' }, description: 'An opaque cluster label from listQuarantineClusters' });

export const QuarantineClustersSchema = z
  .object({
    clusters: z.array(
      z
        .object({
          cluster: z.string(),
          count: z.number().int(),
          firstAt: Instant.openapi({ description: 'When the cluster’s first quarantined participation was cast' }),
          lastAt: Instant,
        })
        .openapi('QuarantineCluster'),
    ),
    unclustered: z.number().int().openapi({ description: 'Quarantined participations whose trace is erased: review them one by one' }),
  })
  .openapi('QuarantineClusters', {
    description:
      'Quarantined participations grouped by network (IPv4 /24, IPv6 /64): the label is an HMAC of the keyed network hash under a key of this consultation, never the hash itself; it disappears with the trace after 90 days. Largest first.',
  });

export const ClusterPreviewBody = ReviewBody.openapi('PreviewClusterReview');

export const ClusterPreviewSchema = z
  .object({
    cluster: z.string(),
    decision: z.enum(['accept', 'reject']),
    participationIds: z.array(z.string()).openapi({ description: 'What the preview covers; send them back to reviewCluster to decide exactly these' }),
    before: z.record(z.string(), z.unknown()).openapi({
      description:
        'The results as staff read them now (getResults or getSurveyResults, without free text; for proposals, the support counts of the proposals concerned)',
    }),
    after: z.record(z.string(), z.unknown()).openapi({ description: 'The same results once the cluster is decided; nothing is written' }),
  })
  .openapi('ClusterReviewPreview');

export const ClusterReviewBody = z
  .strictObject({
    decision: z.enum(['accept', 'reject']),
    participationIds: z
      .array(z.string().regex(/^\d{1,18}$/))
      .min(1)
      .max(100_000)
      .optional()
      .openapi({ description: 'From the preview: only these are decided (a participation that joined the cluster since is left for the next look)' }),
    password: z
      .string()
      .max(200)
      .optional()
      .openapi({ description: 'The staff member’s password, typed again: required to reject (a bulk rejection is destructive)' }),
  })
  .openapi('ReviewCluster');

export const ClusterReviewResultSchema = z
  .object({
    cluster: z.string(),
    decision: z.enum(['accept', 'reject']),
    reviewed: z.number().int(),
    skipped: z.number().int().openapi({ description: 'Decided by someone else in the meantime' }),
  })
  .openapi('ClusterReviewResult');
