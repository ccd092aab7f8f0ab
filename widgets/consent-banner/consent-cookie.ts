/** What the banner keeps in its first-party cookie: nothing else is stored, and nothing before a choice. */
export interface StoredChoice {
  /** The configuration `version` the choice was made under. */
  v: string;
  /** The random consent id, under which the server keeps the proof. */
  id: string;
  /** Purpose id → accepted (or, exempt, not objected to). */
  c: Record<string, boolean>;
}

const cookies = () => document.cookie.split(/; */);

/** The stored choice, or null when there is none or it is unreadable. */
export function readChoice(name: string): StoredChoice | null {
  const raw = cookies().find((c) => c.startsWith(name + '='));
  try {
    return raw ? JSON.parse(decodeURIComponent(raw.slice(name.length + 1))) : null;
  } catch {
    return null;
  }
}

/**
 * Writes the choice for `months`. `SameSite=Lax` always; `Secure` on https pages — a browser refuses a Secure
 * cookie from an http page, so the local demo and tests (http://localhost) get the same cookie without it.
 */
export function writeChoice(name: string, choice: StoredChoice, months: number, domain?: string): void {
  const expires = new Date();
  expires.setMonth(expires.getMonth() + months);
  document.cookie =
    `${name}=${encodeURIComponent(JSON.stringify(choice))};expires=${expires.toUTCString()};path=/;SameSite=Lax` +
    (domain ? `;domain=${domain}` : '') +
    (location.protocol == 'https:' ? ';Secure' : '');
}

/**
 * Removes the cookies a purpose's partners are known to set (`_ga`, or prefixes like `_ga_*`), on this host
 * and on each parent domain, where they usually live. Cookies set on another path or HttpOnly by a server
 * cannot be reached from the page: those expire on their own.
 */
export function removeCookies(patterns: string[]): void {
  const parts = location.hostname.split('.');
  const domains = [''].concat(parts.slice(0, -1).map((_, i) => `;domain=.${parts.slice(i).join('.')}`));
  for (const cookie of cookies()) {
    const name = cookie.split('=')[0];
    if (!patterns.some((p) => (p.endsWith('*') ? name.startsWith(p.slice(0, -1)) : name == p))) continue;
    for (const domain of domains) document.cookie = `${name}=;max-age=0;path=/${domain}`;
  }
}
