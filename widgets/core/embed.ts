import { originAdvice } from './origin-advice.ts';
import { provideSession, Session, type EmbedConfig, type EmbedProblem } from './session.ts';

const INSTALLED = Symbol.for('civique.embed');

/** What the webmaster must fix, once per page, in French then English (they read the console, not the citizens). */
function advice(config: EmbedConfig, problem: EmbedProblem, detail: string): string {
  const tenant = config.tenant ?? '';
  switch (problem) {
    case 'missing_tenant':
      return `[civique] Ajoutez data-tenant="<identifiant de la collectivité>" à la balise <script> de civique.js. — Add data-tenant to the civique.js <script> tag.`;
    case 'tenant_not_found':
      return `[civique] Collectivité "${tenant}" inconnue de ${config.api} : vérifiez data-tenant et data-api. — Unknown tenant: check data-tenant and data-api.`;
    case 'origin_not_allowed':
      return originAdvice(tenant);
    case 'network_error':
      return `[civique] ${config.api} est injoignable : vérifiez data-api, le serveur et le connect-src de la CSP. — API unreachable: check data-api, the server and the CSP connect-src.`;
    default:
      return `[civique] ${config.api} a répondu ${detail} : réessayez plus tard ou consultez ses journaux. — The API answered ${detail}.`;
  }
}

/**
 * Installs the page's one session on `<html>` (every `civ-*` element consumes it; tests pass another
 * root), loads the tenant, and logs ONE clear console error if the embed cannot work; the elements
 * themselves show a polite message. A second call (the snippet pasted twice) returns the first session.
 *
 * @example
 * installEmbed({ api: 'https://participer.example.fr', tenant: 'montjoli' });
 */
export function installEmbed(config: EmbedConfig, on: HTMLElement = document.documentElement): Session {
  const root = on as HTMLElement & { [INSTALLED]?: Session };
  const installed = root[INSTALLED];
  if (installed) return installed;
  const session = new Session(config);
  root[INSTALLED] = session;
  provideSession(root, session);
  let logged = false;
  const report = () => {
    const problem = session.problem;
    if (problem && !logged) {
      logged = true;
      const error = session.tenant.status === 'failed' ? session.tenant.error : undefined;
      console.error(advice(config, problem, error ? `${error.status} ${error.code}` : ''));
    }
  };
  void session.start().then(report);
  return session;
}
