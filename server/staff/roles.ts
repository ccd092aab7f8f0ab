import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { fail } from '../errors.ts';
import { STAFF_ROLES, type StaffRole, type TenantStore } from '../tenants/tenants.store.ts';

// The vocabulary is stored with the memberships; this is where routes find it.
export { STAFF_ROLES, type StaffRole };

/**
 * Who reads the staff views (results with quarantined counts and free-text answers, statistics): admins and
 * moderators. Answerers write official answers; they see what the public sees.
 */
export const STAFF_VIEW_ROLES: readonly ['moderator'] = ['moderator'];

/**
 * Which roles each staff operation needs (an admin holds them all). One line per operation: the role test
 * (`roles.test.ts`) walks this table, so an operation added here is checked for every role.
 *
 * | operation            | admin | moderator | answerer |
 * | -------------------- | ----- | --------- | -------- |
 * | createConsultation   | yes   | no        | no       |
 * | updateConsultation   | yes   | no        | no       |
 * | getStatistics        | yes   | yes       | no       |
 * | listQuarantine       | yes   | yes       | no       |
 * | reviewQuarantine     | yes   | yes       | no       |
 * | listAuditEvents      | yes   | no        | no       |
 * | exportAuditEvents    | yes   | no        | no       |
 * | getConsultationAsStaff, listQuarantineClusters, previewClusterReview, reviewCluster, exportResults, exportStatistics, listModerationQueue, moderateContent, moderateResource | yes | yes | no |
 * | closeConsultation, archiveConsultation, deleteConsultation, getTenantSettings, updateTenantSettings, copyProposalsToBudget | yes | no | no |
 * | moderateProposal     | yes   | yes       | no       |
 * | answerProposal, publishAnswers | yes | no | yes |
 * | listProposalsForStaff | yes  | yes       | yes      |
 * | listStaff, inviteStaff, updateStaffRoles, removeStaff, listOrigins, addOrigin, removeOrigin | yes | no | no |
 * | listPartnersAsStaff, addPartner, updatePartner, removePartner | yes | no | no |
 *
 * Results (`getResults`, `getSurveyResults`) answer everyone, and show the staff view to `STAFF_VIEW_ROLES`.
 */
export const STAFF_OPERATIONS = {
  createConsultation: ['admin'],
  updateConsultation: ['admin'],
  getStatistics: STAFF_VIEW_ROLES,
  listQuarantine: ['moderator'],
  reviewQuarantine: ['moderator'],
  listAuditEvents: ['admin'],
  exportAuditEvents: ['admin'],
  getConsultationAsStaff: ['moderator'],
  closeConsultation: ['admin'],
  archiveConsultation: ['admin'],
  deleteConsultation: ['admin'],
  listQuarantineClusters: ['moderator'],
  previewClusterReview: ['moderator'],
  reviewCluster: ['moderator'],
  exportResults: STAFF_VIEW_ROLES,
  exportStatistics: STAFF_VIEW_ROLES,
  listModerationQueue: ['moderator'],
  moderateContent: ['moderator'],
  getTenantSettings: ['admin'],
  updateTenantSettings: ['admin'],
  moderateResource: ['moderator'],
  listProposalsForStaff: ['moderator', 'answerer'],
  moderateProposal: ['moderator'],
  answerProposal: ['answerer'],
  publishAnswers: ['answerer'],
  copyProposalsToBudget: ['admin'],
  listStaff: ['admin'],
  inviteStaff: ['admin'],
  updateStaffRoles: ['admin'],
  removeStaff: ['admin'],
  listOrigins: ['admin'],
  addOrigin: ['admin'],
  removeOrigin: ['admin'],
  listPartnersAsStaff: ['admin'],
  addPartner: ['admin'],
  updatePartner: ['admin'],
  removePartner: ['admin'],
} as const satisfies Record<string, readonly StaffRole[]>;

/** Whether roles held grant one of the roles wanted: an admin holds them all. */
export function grants(held: readonly StaffRole[], wanted: readonly StaffRole[]): boolean {
  return held.includes('admin') || wanted.some((role) => held.includes(role));
}

/** The role of `held` that a check for `wanted` used (recorded in the audit log). */
export function roleUsed(held: readonly StaffRole[], wanted: readonly StaffRole[]): StaffRole {
  return wanted.find((role) => held.includes(role)) ?? 'admin';
}

/** Parses `admin,moderator`; an unknown role is named in the error. */
export function parseRoles(list: string): StaffRole[] | { error: string } {
  const roles = list
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  const unknown = roles.find((r) => !(STAFF_ROLES as readonly string[]).includes(r));
  if (unknown !== undefined) return { error: `unknown role "${unknown}" (roles: ${STAFF_ROLES.join(', ')})` };
  if (roles.length === 0) return { error: `no role given (roles: ${STAFF_ROLES.join(', ')})` };
  return [...new Set(roles as StaffRole[])];
}

/**
 * The roles this request may use in its tenant: the account's stored roles there, only in a staff session (opened
 * from a staff origin) used from a staff origin; elsewhere none, and the account is a citizen. Memoised on the
 * context, so a route that checks twice reads once.
 */
export async function requestRoles(c: Context<AppEnv>, tenants: TenantStore): Promise<StaffRole[]> {
  const account = c.get('account');
  if (!account || !c.get('session')?.staff || !c.get('requestOrigin').fromStaffOrigin) return [];
  const known = c.get('staffRoles');
  if (known) return known;
  const roles = await tenants.staffRoles(c.get('tenant').id, account.id);
  c.set('staffRoles', roles);
  return roles;
}

/** Whether the request reads the staff views (see `STAFF_VIEW_ROLES`). */
export async function readsStaffViews(c: Context<AppEnv>, tenants: TenantStore): Promise<boolean> {
  return grants(await requestRoles(c, tenants), STAFF_VIEW_ROLES);
}

/** Who does a staff action: the account, and the role its check used (the operator is `'operator'`). */
export interface StaffActor {
  accountId: string;
  role: StaffRole;
}

/** Who does the staff action of this request, for the audit log: set by `requireRole`. */
export function staffActor(c: Context<AppEnv>): StaffActor {
  const account = c.get('account');
  const role = c.get('staffRole');
  if (!account || !role) throw new Error('staffActor() on a route without requireRole');
  return { accountId: account.id, role };
}

/**
 * Routes for staff of the tenant who hold one of `roles` (an admin holds them all). Sets `staffRole`, the role
 * used, for the audit log.
 *
 * @example
 * router.post('/consultations/:slug/close', requireRole(tenants, 'admin'));
 */
export function requireRole(tenants: TenantStore, ...roles: StaffRole[]): MiddlewareHandler<AppEnv> {
  const wanted: StaffRole[] = roles.length ? roles : ['admin'];
  return async (c, next) => {
    if (!c.get('account')) throw fail.unauthenticated();
    const held = await requestRoles(c, tenants);
    if (!grants(held, wanted)) {
      const tenant = c.get('tenant').name;
      const elsewhere = held.length === 0 && (await tenants.isStaff(c.get('tenant').id, c.get('account')!.id));
      if (elsewhere) {
        const { staffOrigins } = c.get('requestOrigin');
        throw fail.forbidden(
          `Staff of ${tenant} act as staff only from the staff console (${staffOrigins.join(', ')}), signed in there; here you are a citizen`,
        );
      }
      throw fail.forbidden(
        held.length
          ? `Your roles at ${tenant} (${held.join(', ')}) do not allow this: it needs ${wanted.join(' or ')}`
          : `Only staff of ${tenant} (${wanted.join(' or ')}) may do this`,
      );
    }
    c.set('staffRole', roleUsed(held, wanted));
    await next();
  };
}
