import type { ApiClient } from '../core/api-client.ts';
import type { Consultation } from '../core/api-types.ts';
import type { Session } from '../core/session.ts';

/** Whether the settings hold what the kind's element needs to draw itself (its lists); until then, no preview. */
export function previewable(values: Record<string, unknown>): boolean {
  const settings = (values.settings ?? {}) as Record<string, unknown>;
  const filled = (name: string) => Array.isArray(settings[name]) && (settings[name] as unknown[]).length > 0;
  const kind = String(values.kind ?? 'vote');
  if (kind === 'vote') return filled('options');
  if (kind === 'budget') return filled('projects');
  if (kind === 'survey') return filled('sections') && filled('questions');
  return true;
}

/** `sessionContext`'s key (core/session.ts). */
const SESSION_CONTEXT = Symbol.for('civique.session');

/** The element citizens see for each kind. */
const TAG: Record<string, string> = { vote: 'civ-vote', budget: 'civ-vote', survey: 'civ-survey', proposals: 'civ-proposals' };

/**
 * A session for the preview alone: the collectivité as the console reads it, no one signed in, and an API that
 * answers the consultation being edited from the form's values and refuses everything else, so nothing a preview
 * does reaches the server (the preview is also inert: nothing in it can be clicked or typed into).
 */
function previewSession(real: Session, consultation: () => Consultation): Session {
  // Built on the console's session rather than with `new Session` and `provideSession`: importing those here would
  // add exports to the core chunk, and so change the bytes of every citizen page.
  const session = Object.create(real) as Session;
  // A plain error, not the client's ApiError: importing that here would reorder the core chunk's exports.
  const refused = () => Promise.reject(new Error('[civique] a preview sends nothing'));
  const api = {
    get: (path: string) => {
      const c = consultation();
      const base = `consultations/${encodeURIComponent(c.slug)}`;
      if (path === base) return Promise.resolve(c);
      if (path.startsWith(`${base}/proposals`)) return Promise.resolve({ items: [], nextCursor: null });
      if (path === `${base}/my-supports`) return Promise.resolve({ proposalIds: [] });
      return refused();
    },
    post: refused,
    put: refused,
    patch: refused,
    delete: refused,
    response: refused,
  };
  Object.defineProperties(session, {
    api: { value: api as unknown as ApiClient },
    tenant: { value: real.tenant },
    auth: { value: { status: 'signed-out' } },
    // Nothing of it ever changes: no one to tell.
    addEventListener: { value: () => {} },
    removeEventListener: { value: () => {} },
  });
  return session;
}

/**
 * The widget as citizens will see it, from the values being edited: mounted in `frame` (an inert element the
 * editor renders), shown open, its results hidden (the preview shows the participation form). Mounted again
 * only when the values change.
 */
/**
 * Loads the citizens' own elements, the chunks citizen pages load (imported dynamically, as the loader does: a
 * static import would reorder the shared chunks' exports, and so change the bytes of every citizen page).
 */
export async function loadCitizenElements(): Promise<void> {
  await Promise.all([import('../vote/vote.ts'), import('../survey/survey.ts'), import('../proposals/proposals.ts')]);
}

export class ConsultationPreview {
  #shown = '';
  #consultation: Consultation | undefined;
  #frames = new WeakSet<HTMLElement>();

  constructor(private readonly session: () => Session) {}

  mount(frame: HTMLElement, values: Record<string, unknown>, lang: string): void {
    if (!previewable(values)) {
      this.#shown = '';
      return frame.replaceChildren();
    }
    const kind = String(values.kind ?? 'vote');
    const consultation = {
      slug: String(values.slug || 'apercu'),
      kind,
      title: String(values.title ?? ''),
      description: String(values.description ?? ''),
      status: 'open',
      opensAt: String(values.opensAt ?? new Date().toISOString()),
      closesAt: String(values.closesAt ?? new Date(Date.now() + 30 * 86_400_000).toISOString()),
      retentionEnd: String(values.retentionEnd ?? values.closesAt ?? new Date().toISOString()),
      privacyNotice: (values.privacyNotice as Consultation['privacyNotice']) ?? { purposes: [], recipients: [], retention: '' },
      allowAnonymous: values.allowAnonymous === true,
      requireVerifiedEmail: (values.stuffingPolicy as { requireVerifiedEmail?: boolean } | undefined)?.requireVerifiedEmail === true,
      settings: { ...(values.settings as Record<string, unknown>), resultsVisibility: 'after_close' },
    } as Consultation;
    const key = `${lang}\n${JSON.stringify(consultation)}`;
    if (key === this.#shown && frame.firstElementChild) return;
    this.#shown = key;
    this.#consultation = consultation;
    if (!this.#frames.has(frame)) {
      this.#frames.add(frame);
      const session = previewSession(this.session(), () => this.#consultation!);
      // Answers the element's request for the page's session (the `@lit/context` protocol, under `sessionContext`'s
      // key) before the console's own provider does.
      frame.addEventListener('context-request', (event) => {
        const request = event as Event & { context: unknown; callback: (value: Session, unsubscribe?: () => void) => void };
        if (request.context !== SESSION_CONTEXT) return;
        event.stopPropagation();
        request.callback(session, () => {});
      });
    }
    const element = document.createElement(TAG[kind] ?? 'civ-vote');
    element.setAttribute('consultation', consultation.slug);
    element.setAttribute('heading-level', '3');
    element.lang = lang;
    frame.replaceChildren(element);
  }
}
