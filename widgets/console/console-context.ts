import { ApiError } from '../core/api-client.ts';
import type { Consultation } from '../core/api-types.ts';
import type { Session } from '../core/session.ts';
import type { LitElement } from 'lit';
import type { ConsoleTranslation } from './i18n/fr.ts';

export type Screen = 'consultations' | 'quarantine' | 'results' | 'moderation' | 'answers' | 'rights' | 'team';
export type StaffRole = 'admin' | 'moderator' | 'answerer';

/** What each screen gets from the console. */
export interface ConsoleContext {
  /** The console element: screens ask it to render again, and look into its shadow root. */
  host: LitElement;
  session: () => Session;
  t: () => ConsoleTranslation;
  roles: () => StaffRole[];
  announce: (message: string) => void;
  /** Re-renders, then moves the focus to the element with this id (a screen's or a panel's title). */
  focus: (id: string) => void;
  /** The widget release the snippet pins (`…/widgets/<release or alias>/`). */
  widgetsBase: () => string;
  /** A failed call's sentence; a 401 has already sent the console back to sign-in, keeping the screen. */
  failure: (error: unknown) => string;
}

/** A consultation as staff read it (`getConsultationAsStaff`). */
export type StaffConsultation = Consultation & {
  id: string;
  stuffingPolicy: Record<string, unknown>;
  archivedAt: string | null;
  purgedAt: string | null;
};

/** A request refused because the session is over: the console is back at sign-in, the screen's input kept. */
export const isSessionOver = (error: unknown) => error instanceof ApiError && error.code === 'unauthenticated';

/** An instant as the agent reads it in a table: short date and time, in the console's language. */
export const shortDateTime = (lang: string, iso: string) =>
  new Date(iso).toLocaleString(lang === 'en' ? 'en-GB' : 'fr-FR', { dateStyle: 'short', timeStyle: 'short' });
