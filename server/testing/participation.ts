import { randomBytes } from 'node:crypto';
import type { Consultation } from '../consultations/consultations.store.ts';
import type { StaffRole } from '../tenants/tenants.store.ts';
import { TENANT, type CallOptions, type TestApp } from './test-app.ts';

/** Helpers shared by the vote, survey and statistics tests. */

export const tenantBase = `/v1/tenants/${TENANT}`;
export const consultationPath = (c: Consultation | string) => `${tenantBase}/consultations/${typeof c === 'string' ? c : c.slug}`;

/** A fresh anonymous participant id, as the widget makes one (its creation time, then 128 random bits). */
export const newParticipantId = (now = Date.now()) => `${now.toString(16).padStart(12, '0')}.${randomBytes(16).toString('base64url')}`;

export const anonymous = (participantId: string, extra: CallOptions = {}): CallOptions => ({
  ...extra,
  headers: { ...extra.headers, 'civique-participant': participantId },
});

/**
 * A signed-up citizen who is staff of the demo tenant (admin unless told otherwise), signed in again from the
 * staff console's origin: the token is a staff session, and calls with it come from that origin.
 */
export async function signUpStaff(t: TestApp, email?: string, roles: StaffRole[] = ['admin'], tenant = TENANT): Promise<{ token: string; id: string }> {
  const citizen = await t.signUp(email);
  await t.store.tenants.setStaffRoles(tenant, citizen.id, roles, t.clock.now());
  return t.signInStaff(citizen.email, { tenant });
}

/** Marks an account's email as confirmed, as following the mailed link would. */
export function verifyEmail(t: TestApp, accountId: string): void {
  t.db.prepare('UPDATE accounts SET email_verified_at = ? WHERE id = ?').run(t.clock.now(), accountId);
}

/**
 * Everything a ballot or a response writes, summed: a refused request must leave it unchanged ("nothing
 * half-written").
 */
export function footprint(t: TestApp) {
  return t.db
    .prepare(
      `SELECT (SELECT count(*) FROM ballots) AS ballots,
        (SELECT group_concat(id || ':' || choice || ':' || status || ':' || updated_at) FROM ballots) AS ballotRows,
        (SELECT coalesce(sum(votes), 0) || '/' || coalesce(sum(points), 0) FROM ballot_tallies) AS tallies,
        (SELECT coalesce(sum(counted), 0) || '/' || coalesce(sum(quarantined), 0) || '/' || coalesce(sum(rejected), 0) FROM ballot_totals) AS totals,
        (SELECT count(*) FROM survey_responses) AS responses,
        (SELECT group_concat(id || ':' || answers || ':' || updated_at) FROM survey_responses) AS responseRows,
        (SELECT coalesce(sum(count), 0) FROM survey_tallies) AS surveyTallies,
        (SELECT count(*) FROM survey_drafts) AS drafts,
        (SELECT count(*) FROM ip_traces) AS traces`,
    )
    .get();
}
