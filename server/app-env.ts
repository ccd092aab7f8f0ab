import type { Account, Session } from './accounts/accounts.store.ts';
import type { StaffRole, Tenant } from './tenants/tenants.store.ts';

/** What middleware puts on the Hono context for the handlers after it. */
export interface AppEnv {
  Variables: {
    clientIp: string;
    tenant: Tenant;
    /** Set by `optionalAccount`/`requireAccount` when a valid bearer token came with the request. */
    account: Account | undefined;
    session: Session | undefined;
    /** The roles this request may use in its tenant, once read (see `requestRoles`). */
    staffRoles: StaffRole[] | undefined;
    /** The role a `requireRole` check used, for the audit log. */
    staffRole: StaffRole | undefined;
  };
}
