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

/** How a consent choice was made: "Tout accepter", "Tout refuser", or per purpose (which is also how one withdraws). */
export type ConsentAction = 'accept_all' | 'refuse_all' | 'custom';

/** Event name → detail. Each widget extends this map for the events it fires. */
export interface CivEventDetails {
  /** Fired by any widget after a sign-in or a sign-out changed the shared session. */
  'civ-session-changed': { signedIn: boolean };
  /** Ask the consent banner to reopen its choices (e.g. from a "Gérer mes cookies" link). */
  'civ-consent-open': Record<string, never>;
  /** `civ-consent-banner`: the visitor made or changed a choice (`choices`: purpose id → accepted). */
  'civ-consent-changed': { consentId: string; action: ConsentAction; choices: Record<string, boolean> };
  /** `civ-account`: the citizen signed in, or signed up (`newAccount`). */
  'civ-signed-in': { accountId: string; newAccount: boolean };
  /** `civ-account`: the citizen signed out; the token and drafts are erased from this device. */
  'civ-signed-out': Record<string, never>;
  /** `civ-account`: the citizen changed their account (which parts, never the values). */
  'civ-account-updated': { changes: AccountChange[] };
  /** `civ-account`: the account was deleted; everything local is erased. */
  'civ-account-deleted': Record<string, never>;
  /**
   * `civ-vote`: the citizen cast their ballot, or changed it (`changed`). `counted` is false while it awaits
   * verification (anti-stuffing quarantine).
   */
  'civ-vote-submitted': { consultation: string; choice: string[]; district: string | null; changed: boolean; counted: boolean };
  /** `civ-vote`: the citizen withdrew their ballot; it no longer counts. */
  'civ-vote-withdrawn': { consultation: string };
  /** `civ-survey`: the citizen sent their answers; `replaced` when they replace an earlier response of theirs. */
  'civ-survey-submitted': { consultation: string; replaced: boolean; counted: boolean };
  /**
   * `civ-proposal-form`: the proposal was received; `moderation` is `submitted` while it awaits review, and
   * `emailConfirmation` is `pending` when an address awaits its owner's confirmation.
   */
  'civ-proposal-submitted': { consultation: string; proposalId: string; moderation: string; emailConfirmation: 'pending' | 'none' };
  /** `civ-proposals`: the citizen supported a proposal, or withdrew their support (`supported: false`). */
  'civ-proposal-supported': { consultation: string; proposalId: string; supported: boolean };
  /** `civ-resource-board`: the business posted an offer or a request; `moderation` is `submitted` while it awaits review. */
  'civ-resource-posted': { consultation: string; resourceId: string; direction: 'offer' | 'request'; moderation: string };
}

/** What a `civ-account-updated` event reports as changed. */
export type AccountChange = 'profile' | 'email' | 'password' | 'restricted' | 'objected' | 'email-verified';

type CivEventMap = { [Name in keyof CivEventDetails]: CivEvent<Name> };

declare global {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging: adds the civ-* events to the DOM's map
  interface GlobalEventHandlersEventMap extends CivEventMap {}
}

/** Dispatches a typed `civ-*` event from `target`. */
export function emit<Name extends keyof CivEventDetails>(target: EventTarget, type: Name, detail: CivEventDetails[Name]): boolean {
  return target.dispatchEvent(new CivEvent(type, detail));
}
