import type { Account, Session } from './accounts/accounts.store.ts';
import type { StaffRole, Tenant } from './tenants/tenants.store.ts';

/** Where a request comes from, for staff power (see `isStaffOrigin`). */
export interface RequestOrigin {
  origin: string | undefined;
  /** The API's own origin, where the staff console is served. */
  ownOrigin: string | undefined;
  fromStaffOrigin: boolean;
  /** Every origin staff power is used from in this tenant, for the message that names them. */
  staffOrigins: string[];
}

/** What middleware puts on the Hono context for the handlers after it. */
export interface AppEnv {
  Variables: {
    clientIp: string;
    tenant: Tenant;
    /** Set by `optionalAccount`/`requireAccount` when a valid bearer token came with the request. */
    account: Account | undefined;
    session: Session | undefined;
    /** Where the request comes from, set by `tenantCors`: staff power is used only from a staff origin. */
    requestOrigin: RequestOrigin;
    /** The roles this request may use in its tenant, once read (see `requestRoles`). */
    staffRoles: StaffRole[] | undefined;
    /** The role a `requireRole` check used, for the audit log. */
    staffRole: StaffRole | undefined;
  };
}
