/**
 * Every `civ-*` event a host page can listen to: bubbling and composed (it crosses the widget's shadow
 * root), with a typed `detail`. Widgets add their event names and details to `CivEventDetails`.
 *
 * @example
 * document.addEventListener('civ-vote-submitted', (event) => console.log(event.detail.consultation));
 */
export class CivEvent<Name extends keyof CivEventDetails> extends Event {
  constructor(
    type: Name,
    readonly detail: CivEventDetails[Name],
  ) {
    super(type, { bubbles: true, composed: true });
  }
}

/** Event name → detail. Each widget extends this map for the events it fires. */
export interface CivEventDetails {
  /** Fired by any widget after a sign-in or a sign-out changed the shared session. */
  'civ-session-changed': { signedIn: boolean };
  /** Ask the consent banner to reopen its choices (e.g. from a "Gérer mes cookies" link). */
  'civ-consent-open': Record<string, never>;
}

type CivEventMap = { [Name in keyof CivEventDetails]: CivEvent<Name> };

declare global {
  interface GlobalEventHandlersEventMap extends CivEventMap {}
}

/** Dispatches a typed `civ-*` event from `target`. */
export function emit<Name extends keyof CivEventDetails>(target: EventTarget, type: Name, detail: CivEventDetails[Name]): boolean {
  return target.dispatchEvent(new CivEvent(type, detail));
}
