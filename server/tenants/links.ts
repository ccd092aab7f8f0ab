import { fail } from '../errors.ts';
import type { Tenant } from './tenants.store.ts';

/**
 * The page a mailed link leads back to: only a page of the tenant's own sites, never an arbitrary address
 * (a link in a mail from the commune must not lead elsewhere). The fragment is dropped: the caller adds its own.
 *
 * @throws `validation_failed` on `returnUrl` when the page is not on one of the tenant's origins
 * @example
 * linkBack(tenant, 'https://ville.fr/idees.html#x').href; // 'https://ville.fr/idees.html'
 */
export function linkBack(tenant: Tenant, returnUrl: string, field = 'returnUrl'): URL {
  const url = new URL(returnUrl);
  if (!tenant.allowedOrigins.includes(url.origin)) {
    throw fail.validation(field, `The return page must be on one of ${tenant.name}'s sites`);
  }
  url.hash = '';
  return url;
}

/**
 * A link to the host page with a fragment the widgets read (`#civique-proposal=<id>`, `#civique-verify=<code>`…).
 *
 * @example
 * hostLink(tenant, returnUrl, 'civique-proposal', 'Xq3k9vL2mN8p'); // https://ville.fr/idees.html#civique-proposal=Xq3k9vL2mN8p
 */
export function hostLink(tenant: Tenant, returnUrl: string, fragment: string, value: string): string {
  const url = linkBack(tenant, returnUrl);
  url.hash = `${fragment}=${value}`;
  return url.href;
}
