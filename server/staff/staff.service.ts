import type { AccountService } from '../accounts/accounts.service.ts';
import type { AccountStore } from '../accounts/accounts.store.ts';
import type { Clock } from '../clock.ts';
import { DomainError, ErrorCode } from '../errors.ts';
import type { Tenant, TenantStore } from '../tenants/tenants.store.ts';
import type { StaffActor, StaffRole } from './roles.ts';

/** The audit log as this service needs it (`AuditService` fits; named here so that staff/ does not import audit/). */
export interface StaffAuditLog {
  record(event: { tenantId: string; actor: StaffActor | 'operator'; action: string; target: string; before: unknown; after: unknown }): Promise<void>;
}

/** One member of a tenant's staff, as admins read the team. */
export interface StaffMember {
  accountId: string;
  email: string | null;
  roles: StaffRole[];
}

const notStaff = (email: string, tenant: Tenant, hint = '') => new DomainError(ErrorCode.notFound, `${email} is not staff of "${tenant.id}"${hint}`);

/**
 * A tenant's staff: the team, invitations (the invited person chooses their password through the mailed link),
 * roles and removal. The operator's command line (`staff …`) and the admins' routes both call these, and each
 * change is in the audit log under whoever made it.
 */
export class StaffService {
  constructor(
    private readonly tenants: TenantStore,
    private readonly accounts: AccountStore,
    private readonly accountService: AccountService,
    private readonly audit: StaffAuditLog,
    private readonly clock: Clock,
    /** The API's own origin: where an invitation's link leads when the tenant lists no site yet. */
    private readonly publicOrigin: string,
  ) {}

  async list(tenant: Tenant): Promise<StaffMember[]> {
    return Promise.all((await this.tenants.listStaff(tenant.id)).map(async (m) => ({ ...m, email: (await this.accounts.get(m.accountId))?.email ?? null })));
  }

  /**
   * Adds `role` to what the address holds here (an account is created when there is none) and mails the link;
   * `returnUrl` is the page of the tenant's site the link leads back to (default: its first site).
   */
  async invite(tenant: Tenant, input: { email: string; role: StaffRole; returnUrl?: string }, actor: StaffActor | 'operator'): Promise<StaffMember> {
    const returnUrl = input.returnUrl ?? `${tenant.allowedOrigins[0] ?? this.publicOrigin}/`;
    const existing = await this.accounts.getByEmail(input.email);
    const before = existing ? await this.tenants.staffRoles(tenant.id, existing.id) : [];
    const after = [...new Set([...before, input.role])];
    const { account } = await this.accountService.inviteStaff({ tenant, email: input.email, returnUrl, roles: after });
    await this.tenants.setStaffRoles(tenant.id, account.id, after, this.clock.now());
    await this.audit.record({
      tenantId: tenant.id,
      actor,
      action: 'staff invite',
      target: `account:${account.id}`,
      before: { roles: before },
      after: { email: account.email, roles: after },
    });
    return { accountId: account.id, email: account.email, roles: after };
  }

  /** Replaces the roles of a member of the staff (not an invitation: invite first). */
  async setRoles(tenant: Tenant, accountId: string, roles: StaffRole[], actor: StaffActor | 'operator'): Promise<StaffMember> {
    const { email, before } = await this.#member(tenant, accountId, ': invite them first (staff invite)');
    this.#keepAnAdmin(tenant, actor, accountId, roles);
    await this.tenants.setStaffRoles(tenant.id, accountId, roles, this.clock.now());
    await this.audit.record({ tenantId: tenant.id, actor, action: 'staff roles', target: `account:${accountId}`, before: { roles: before }, after: { roles } });
    return { accountId, email, roles };
  }

  /** Ends staff power now: the roles go, and so do the member's sessions. */
  async remove(tenant: Tenant, accountId: string, actor: StaffActor | 'operator'): Promise<StaffMember> {
    const { email, before } = await this.#member(tenant, accountId);
    this.#keepAnAdmin(tenant, actor, accountId, []);
    await this.tenants.setStaffRoles(tenant.id, accountId, [], this.clock.now());
    await this.accounts.deleteSessions(accountId);
    await this.audit.record({
      tenantId: tenant.id,
      actor,
      action: 'staff remove',
      target: `account:${accountId}`,
      before: { roles: before },
      after: { roles: [] },
    });
    return { accountId, email, roles: [] };
  }

  async #member(tenant: Tenant, accountId: string, hint = ''): Promise<{ email: string; before: StaffRole[] }> {
    const account = await this.accounts.get(accountId);
    const before = account ? await this.tenants.staffRoles(tenant.id, accountId) : [];
    if (!account || before.length === 0) throw notStaff(account?.email ?? accountId, tenant, hint);
    return { email: account.email, before };
  }

  /** An admin cannot take the admin role from themselves: the tenant would be left with nobody to give it back. */
  #keepAnAdmin(tenant: Tenant, actor: StaffActor | 'operator', accountId: string, roles: StaffRole[]): void {
    if (actor !== 'operator' && actor.accountId === accountId && !roles.includes('admin')) {
      throw new DomainError(ErrorCode.conflict, `You cannot remove your own admin role at ${tenant.name}: ask another admin, or the operator`);
    }
  }
}
