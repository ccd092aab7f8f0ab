/** The four signals of Google Consent Mode v2, all denied until the visitor grants a purpose that lists them. */
const V2_SIGNALS = ['ad_storage', 'ad_user_data', 'ad_personalization', 'analytics_storage'];

/**
 * What `gtag()` does, without loading anything from Google: it queues a command in `window.dataLayer`, where
 * Google's tag reads it whenever (if ever) consent lets it load. gtag.js only understands the `arguments`
 * object, not an array, hence the old-style function.
 */
function gtag(..._command: unknown[]): void {
  const page = window as unknown as { dataLayer?: unknown[] };
  // eslint-disable-next-line prefer-rest-params
  (page.dataLayer ??= []).push(arguments);
}

/**
 * Sends Google Consent Mode v2 signals: `default` with every signal denied (call it before any tagged script
 * can load), then `update` with the signals the granted purposes list. Does nothing when no purpose lists
 * Google signals.
 *
 * @example
 * consentMode('default', [{ signals: ['analytics_storage'], granted: false }]);
 */
export function consentMode(command: 'default' | 'update', purposes: { signals?: string[]; granted: boolean }[]): void {
  if (!purposes.some((p) => p.signals?.length)) return;
  const state: Record<string, string | number> = {};
  for (const signal of V2_SIGNALS) state[signal] = 'denied';
  for (const { signals, granted } of purposes) {
    for (const signal of signals ?? []) if (granted || !state[signal]) state[signal] = granted ? 'granted' : 'denied';
  }
  if (command == 'default') state.wait_for_update = 500;
  gtag('consent', command, state);
}
