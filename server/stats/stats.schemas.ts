import { z } from '@hono/zod-openapi';

const Cell = z.object({
  value: z.string().openapi({ description: 'Stable key: bracket id, gender, PCS group 1–8, name, or `other`' }),
  label: z.string().openapi({ description: 'French label' }),
  count: z.number().int().nullable().openapi({ description: 'null: suppressed (fewer than minCellSize people, or its complement)' }),
});

const Dimension = z.object({
  total: z.number().int().nullable().openapi({ description: 'People who gave this field; null when the whole dimension is too small' }),
  cells: z.array(Cell),
});

export const StatisticsSchema = z
  .object({
    participants: z.number().int().openapi({ description: 'Counted participations, with or without profile data' }),
    minCellSize: z.number().int(),
    ageReferenceYear: z.number().int().openapi({ description: 'Ages are reached during this year (the opening year)' }),
    dimensions: z.object({
      ageBracket: Dimension,
      gender: Dimension,
      city: Dimension,
      quartier: Dimension,
      pcsGroup: Dimension,
    }),
    participationByDay: z.array(z.object({ day: z.string().openapi({ example: '2027-03-02' }), count: z.number().int() })).openapi({
      description:
        'Counted participations per day in the collectivité’s time zone (Europe/Paris), from the first day to the last, empty days included; restricted and objecting accounts left out',
    }),
  })
  .openapi('Statistics');
