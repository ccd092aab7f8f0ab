/**
 * An origin as browsers send it in `Origin`: http(s), a host, an optional port, nothing after. The tenant's
 * allowed origins are compared to that header byte for byte, so one stored with a path or a trailing slash
 * would never match: refuse it, and store the normalised form (lowercase host, default port dropped).
 *
 * @example
 * parseOrigin('https://Ville.fr:443/'); // { origin: 'https://ville.fr' }
 * parseOrigin('https://ville.fr/agenda'); // { error: '… no path …' }
 */
export function parseOrigin(input: string): { origin: string } | { error: string } {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return { error: `"${input}" is not an origin: write it as https://host[:port]` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { error: `"${input}": an origin is http:// or https://` };
  if (url.username || url.password || url.pathname !== '/' || url.search || url.hash || /[?#]$/.test(input)) {
    return { error: `"${input}" is not an origin: scheme, host and optional port only, no path, query or credentials` };
  }
  return { origin: url.origin };
}

/**
 * Whether a request from `origin` may use staff power in `tenant`: the API's own origin (where the staff
 * console is served), or one of the tenant's staff origins. A request without `Origin` is a same-origin GET or
 * not a browser: it counts as the API's own.
 */
export function isStaffOrigin(tenant: { staffOrigins: string[] }, origin: string | undefined, ownOrigin: string | undefined): boolean {
  return origin === undefined || origin === ownOrigin || tenant.staffOrigins.includes(origin);
}
