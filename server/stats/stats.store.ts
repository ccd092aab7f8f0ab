import type { ProcessingFlags } from '../accounts/processing.ts';
import type { Db } from '../db/open.ts';

export type ProfileDimension = 'birthYear' | 'gender' | 'city' | 'quartier' | 'pcsGroup';

/** How many counted participants gave each value of one profile field, per processing flags of their account. */
export interface ProfileCount extends ProcessingFlags {
  dimension: ProfileDimension;
  value: string | number;
  count: number;
}

export interface ProfileCounts {
  /** Counted participations (accepted ballots or responses), whether or not they gave any profile data. */
  participants: number;
  counts: ProfileCount[];
}

/** Counted participations cast during one hour (epoch hours), per processing flags of their account (none: anonymous). */
export interface HourCount extends ProcessingFlags {
  hour: number;
  count: number;
}

export interface StatsStore {
  /**
   * Counted participations (accepted ballots or responses) per hour of their first casting, per processing flags
   * of their account: hours, so the service can bucket them into local days (time zones are whole hours away
   * from UTC here).
   */
  participationsPerHour(consultationId: string, source: 'ballots' | 'responses'): Promise<HourCount[]>;
  /**
   * Profile values of the consultation's counted participants, grouped per field and per processing flags of
   * their account (the service decides who counts, see mayProcess). Ballots: the account profile. Survey
   * responses: the survey's own profile answers, else the account profile.
   */
  profileCounts(consultationId: string, source: 'ballots' | 'responses'): Promise<ProfileCounts>;
  /** Keeps the published statistics of a consultation whose personal data is about to be purged. */
  freeze(consultationId: string, statistics: unknown, at: number): Promise<void>;
  /** The statistics frozen at the retention end, or undefined before it. */
  frozen(consultationId: string): Promise<unknown | undefined>;
}

/** The five fields of the participants' table `p`, grouped one by one. */
const GROUPED = `
  SELECT 'birthYear' AS dimension, birth_year AS value, restricted, objected, count(*) AS count FROM p WHERE birth_year IS NOT NULL GROUP BY 2, 3, 4
  UNION ALL SELECT 'gender', gender, restricted, objected, count(*) FROM p WHERE gender IS NOT NULL GROUP BY 2, 3, 4
  UNION ALL SELECT 'city', city, restricted, objected, count(*) FROM p WHERE city IS NOT NULL GROUP BY 2, 3, 4
  UNION ALL SELECT 'quartier', quartier, restricted, objected, count(*) FROM p WHERE quartier IS NOT NULL GROUP BY 2, 3, 4
  UNION ALL SELECT 'pcsGroup', pcs_group, restricted, objected, count(*) FROM p WHERE pcs_group IS NOT NULL GROUP BY 2, 3, 4`;

interface ProfileRow {
  dimension: ProfileDimension;
  value: string | number;
  restricted: number;
  objected: number;
  count: number;
}

export function createSqliteStatsStore(db: Db): StatsStore {
  const fromBallots = db.prepare<{ consultationId: string }, ProfileRow>(`
    WITH p AS (
      SELECT pr.birth_year, pr.gender, pr.city, pr.quartier, pr.pcs_group,
        a.restricted_at IS NOT NULL AS restricted, a.objected_at IS NOT NULL AS objected
      FROM ballots b
      JOIN accounts a ON a.id = b.account_id
      LEFT JOIN profiles pr ON pr.account_id = b.account_id
      WHERE b.consultation_id = :consultationId AND b.status = 'accepted'
    ) ${GROUPED}`);
  const fromResponses = db.prepare<{ consultationId: string }, ProfileRow>(`
    WITH p AS (
      SELECT coalesce(json_extract(r.profile, '$.birthYear'), pr.birth_year) AS birth_year,
        coalesce(json_extract(r.profile, '$.gender'), pr.gender) AS gender,
        coalesce(json_extract(r.profile, '$.city'), pr.city) AS city,
        coalesce(json_extract(r.profile, '$.quartier'), pr.quartier) AS quartier,
        coalesce(json_extract(r.profile, '$.pcsGroup'), pr.pcs_group) AS pcs_group,
        a.restricted_at IS NOT NULL AS restricted, a.objected_at IS NOT NULL AS objected
      FROM survey_responses r
      LEFT JOIN accounts a ON a.id = r.account_id
      LEFT JOIN profiles pr ON pr.account_id = r.account_id
      WHERE r.consultation_id = :consultationId AND r.status = 'accepted'
    ) ${GROUPED}`);
  const ballotTotal = db.prepare<{ consultationId: string }, { n: number | null }>(
    'SELECT sum(counted) AS n FROM ballot_totals WHERE consultation_id = :consultationId',
  );
  const responseTotal = db.prepare<{ consultationId: string }, { n: number | null }>(
    'SELECT counted AS n FROM survey_totals WHERE consultation_id = :consultationId',
  );
  const freeze = db.prepare<{ consultationId: string; statistics: string; at: number }>(`
    INSERT INTO frozen_statistics (consultation_id, statistics, frozen_at) VALUES (:consultationId, :statistics, :at)
    ON CONFLICT (consultation_id) DO NOTHING`);
  const frozen = db.prepare<{ consultationId: string }, { statistics: string }>(
    'SELECT statistics FROM frozen_statistics WHERE consultation_id = :consultationId',
  );
  const perHour = (table: 'ballots' | 'survey_responses', at: 'cast_at' | 'submitted_at') =>
    db.prepare<{ consultationId: string }, { hour: number; restricted: number; objected: number; count: number }>(`
      SELECT p.${at} / 3600000 AS hour, coalesce(a.restricted_at IS NOT NULL, 0) AS restricted, coalesce(a.objected_at IS NOT NULL, 0) AS objected,
        count(*) AS count
      FROM ${table} p LEFT JOIN accounts a ON a.id = p.account_id
      WHERE p.consultation_id = :consultationId AND p.status = 'accepted'
      GROUP BY 1, 2, 3`);
  const ballotsPerHour = perHour('ballots', 'cast_at');
  const responsesPerHour = perHour('survey_responses', 'submitted_at');
  return {
    async participationsPerHour(consultationId, source) {
      return (source === 'ballots' ? ballotsPerHour : responsesPerHour)
        .all({ consultationId })
        .map((r) => ({ hour: r.hour, count: r.count, restricted: r.restricted === 1, objected: r.objected === 1 }));
    },
    async freeze(consultationId, statistics, at) {
      freeze.run({ consultationId, statistics: JSON.stringify(statistics), at });
    },
    async frozen(consultationId) {
      const row = frozen.get({ consultationId });
      return row && JSON.parse(row.statistics);
    },
    async profileCounts(consultationId, source) {
      const rows = (source === 'ballots' ? fromBallots : fromResponses).all({ consultationId });
      const total = (source === 'ballots' ? ballotTotal : responseTotal).get({ consultationId });
      return {
        participants: total?.n ?? 0,
        counts: rows.map((r) => ({ dimension: r.dimension, value: r.value, count: r.count, restricted: r.restricted === 1, objected: r.objected === 1 })),
      };
    },
  };
}
