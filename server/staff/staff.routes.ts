import { createRoute, z } from '@hono/zod-openapi';
import { Email } from '../accounts/accounts.schemas.ts';
import { bearerSecurity, createRouter, errorResponses, jsonBody, jsonResponse, TenantParam } from '../http/openapi.ts';
import type { TenantStore } from '../tenants/tenants.store.ts';
import { requireRole, STAFF_OPERATIONS, STAFF_ROLES, staffActor } from './roles.ts';
import type { StaffService } from './staff.service.ts';

const StaffRole = z.enum(STAFF_ROLES);
const StaffMemberSchema = z
  .object({ accountId: z.string(), email: z.string().nullable(), roles: z.array(StaffRole) })
  .openapi('StaffMember', { description: 'One member of the tenant’s staff (email null once the account is deleted)' });
const StaffListSchema = z.object({ staff: z.array(StaffMemberSchema) }).openapi('StaffList');
const InviteStaffBody = z
  .strictObject({
    email: Email,
    role: StaffRole,
    returnUrl: z
      .url({ protocol: /^https?$/ })
      .max(2000)
      .optional()
      .openapi({ description: 'The page of the tenant’s site the mailed link leads to (default: its first allowed origin)' }),
  })
  .openapi('InviteStaff');
const StaffRolesBody = z.strictObject({ roles: z.array(StaffRole).min(1).max(3) }).openapi('StaffRoles');

const params = z.object({ tenant: TenantParam });
const memberParams = z.object({
  tenant: TenantParam,
  accountId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,100}$/, 'An account id: letters, digits, dashes')
    .openapi({ param: { name: 'accountId', in: 'path' } }),
});

const listStaff = createRoute({
  operationId: 'listStaff',
  tags: ['staff'],
  summary: 'The tenant’s staff and their roles (admin)',
  method: 'get',
  path: '/staff',
  security: bearerSecurity,
  request: { params },
  responses: { 200: jsonResponse(StaffListSchema, 'The team'), ...errorResponses(401, 403, 404) },
});

const inviteStaff = createRoute({
  operationId: 'inviteStaff',
  tags: ['staff'],
  summary: 'Invite someone to the staff with a role, added to the roles they already hold (admin)',
  description: 'An account is created when the address has none; the mailed single-use link lets the person choose a password. Audited.',
  method: 'post',
  path: '/staff',
  security: bearerSecurity,
  request: { params, body: jsonBody(InviteStaffBody) },
  responses: { 201: jsonResponse(StaffMemberSchema, 'Invited'), ...errorResponses(400, 401, 403, 404, 415) },
});

const updateStaffRoles = createRoute({
  operationId: 'updateStaffRoles',
  tags: ['staff'],
  summary: 'Replace a staff member’s roles (admin); an admin cannot drop their own admin role',
  method: 'put',
  path: '/staff/{accountId}',
  security: bearerSecurity,
  request: { params: memberParams, body: jsonBody(StaffRolesBody) },
  responses: { 200: jsonResponse(StaffMemberSchema, 'Roles changed'), ...errorResponses(400, 401, 403, 404, 409, 415) },
});

const removeStaff = createRoute({
  operationId: 'removeStaff',
  tags: ['staff'],
  summary: 'Remove someone from the staff: roles and sessions end now (admin); not oneself',
  method: 'delete',
  path: '/staff/{accountId}',
  security: bearerSecurity,
  request: { params: memberParams },
  responses: { 200: jsonResponse(StaffMemberSchema, 'Removed'), ...errorResponses(401, 403, 404, 409) },
});

/** The staff team over HTTP, for the console's Team screen; the rules are `StaffService`'s, as for the command line. */
export function staffRoutes(deps: { staff: StaffService; tenants: TenantStore }) {
  const router = createRouter();
  router.get('/staff', requireRole(deps.tenants, ...STAFF_OPERATIONS.listStaff));
  router.post('/staff', requireRole(deps.tenants, ...STAFF_OPERATIONS.inviteStaff));
  router.put('/staff/:accountId', requireRole(deps.tenants, ...STAFF_OPERATIONS.updateStaffRoles));
  router.delete('/staff/:accountId', requireRole(deps.tenants, ...STAFF_OPERATIONS.removeStaff));
  return router
    .openapi(listStaff, async (c) => c.json({ staff: await deps.staff.list(c.get('tenant')) }, 200))
    .openapi(inviteStaff, async (c) => c.json(await deps.staff.invite(c.get('tenant'), c.req.valid('json'), staffActor(c)), 201))
    .openapi(updateStaffRoles, async (c) =>
      c.json(await deps.staff.setRoles(c.get('tenant'), c.req.valid('param').accountId, c.req.valid('json').roles, staffActor(c)), 200),
    )
    .openapi(removeStaff, async (c) => c.json(await deps.staff.remove(c.get('tenant'), c.req.valid('param').accountId, staffActor(c)), 200));
}
