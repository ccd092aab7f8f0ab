import { nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { ApiError, ApiIssue } from '../core/api-client.ts';
import { DraftStore } from '../core/draft-store.ts';
import { passwordField } from '../core/fields.ts';
import { FormController, type FormOptions, type FormValues } from '../core/form.ts';
import type { Session } from '../core/session.ts';
import type { AccountTranslation } from './i18n/fr.ts';
import { issueText } from './validation.ts';

export type SignedOutView = 'sign-in' | 'sign-up' | 'forgot' | 'reset';
export type Section = 'profile' | 'participations' | 'security' | 'data';
export type NoticeKind = 'success' | 'error' | 'info';

/** What the parts of `civ-account` (its views) may use of the element. */
export interface AccountContext {
  readonly host: ReactiveControllerHost & HTMLElement;
  t(): AccountTranslation;
  /** The page's session; views only run once it is there. */
  session(): Session;
  announce(message: string): void;
  /** A message at the top of the widget: focused when `focus` (after the citizen's own action), else announced. */
  notify(kind: NoticeKind, text: string, focus?: boolean): void;
  navigate(to: SignedOutView | Section): void;
  /** `no-header`: the page already shows the account's title. */
  noHeader(): boolean;
  /** A signed-in heading's level: 3 for the sections, 4 below; one up with `no-header` (no "Mon compte" above them). */
  level(depth: 0 | 1 | 2): number;
  /** The page mailed links lead back to. */
  returnUrl(): string;
  /** Signs out here and everywhere on the page, then says so. */
  signOut(): Promise<void>;
  /** The message set by `notify`, where a view wants it. */
  renderNotice(): unknown;
}

type AccountFormOptions<V extends FormValues, R> = Omit<FormOptions<V, R>, 'strings' | 'announce' | 'draft'> & {
  /** Keep a draft under this name (per account when signed in); omit for forms with nothing worth keeping. */
  draft?: string;
  /** Server paths or error codes that belong to a field of another name (`email_taken` → `email`, `email` → `newEmail`). */
  aliases?: Record<string, keyof V & string>;
};

/**
 * A `FormController` wired to the account's strings, live region and drafts, with the server's issues
 * mapped to fields by the last segment of their path (`profile.birthYear` → `birthYear`).
 */
export function accountForm<V extends FormValues, R>(ctx: AccountContext, options: AccountFormOptions<V, R>): FormController<V, R> {
  const { draft, aliases, ...rest } = options;
  return new FormController<V, R>(ctx.host, {
    fieldFor: (pathOrCode) => {
      const field = pathOrCode.split('.').pop() ?? '';
      return aliases?.[pathOrCode] ?? (field in options.initial() ? (field as keyof V & string) : undefined);
    },
    issueText: (field: string, issue: ApiIssue, error: ApiError) => issueText(ctx.t(), field, issue, error),
    ...rest,
    strings: () => ctx.t(),
    announce: (message) => ctx.announce(message),
    draft: draft
      ? () => {
          // Controllers update before the context answers: no session yet, no draft yet.
          const session = ctx.session() as Session | undefined;
          const tenant = session?.config.tenant;
          return tenant ? new DraftStore<Partial<V>>(tenant, 'account', draft, session!.me?.id) : undefined;
        }
      : undefined,
  });
}

/** The password inputs of a view, each with its own "Afficher" toggle. */
export class PasswordFields {
  readonly #visible = new Set<string>();
  readonly #ctx: AccountContext;

  constructor(ctx: AccountContext) {
    this.#ctx = ctx;
  }

  // The result type does not matter here, only the fields.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  render<V extends FormValues>(form: FormController<V, any>, name: keyof V & string, label: string, autocomplete: string, hint?: string): TemplateResult {
    const field = form.bind(name);
    return passwordField(
      {
        ...field,
        label,
        hint,
        autocomplete,
        required: true,
        visible: this.#visible.has(field.id),
        onToggle: () => {
          if (!this.#visible.delete(field.id)) this.#visible.add(field.id);
          this.#ctx.host.requestUpdate();
        },
      },
      this.#ctx.t(),
    );
  }
}

/**
 * `aria-level` for a signed-out view's `<h2>` title under `heading-level` 3 to 6. These views load with the page,
 * within its size budget: `heading()`'s five templates would cost it a chunk (the signed-in views, loaded later,
 * use real h2…h6 through `heading()`).
 */
export const titleLevel = (ctx: AccountContext) => (ctx.level(0) > 2 ? ctx.level(0) : nothing);
