import type { Account, Session } from './accounts/accounts.store.ts';
import type { Tenant } from './tenants/tenants.store.ts';

/** What middleware puts on the Hono context for the handlers after it. */
export interface AppEnv {
  Variables: {
    clientIp: string;
    tenant: Tenant;
    /** Set by `optionalAccount`/`requireAccount` when a valid bearer token came with the request. */
    account: Account | undefined;
    session: Session | undefined;
  };
}
