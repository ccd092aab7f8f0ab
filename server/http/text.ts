import type { z } from '@hono/zod-openapi';

/** The `code` of the issue a refused character raises, in the error shape's `issues`. */
export const HIDDEN_CHARACTER_CODE = 'forbidden_character';

/**
 * Characters no one can see or that change how the text around them reads: C0 controls, DEL, C1 controls, and
 * the bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069), which can make "evil.fr" display
 * as "rf.live" in a city name or a staff screen. Multi-line text keeps tab, line feed and carriage return.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is what these patterns are for
const SINGLE_LINE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;
// eslint-disable-next-line no-control-regex -- as above
const MULTI_LINE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;

/** The first refused character of `value` and its position, or undefined when the text is clean. */
export function hiddenCharacter(value: string, options: { multiline?: boolean } = {}): { codePoint: string; index: number } | undefined {
  const match = (options.multiline ? MULTI_LINE : SINGLE_LINE).exec(value);
  if (!match) return undefined;
  return { codePoint: `U+${match[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`, index: match.index };
}

/** The issue a refused character raises, or undefined when the text is clean. */
function hiddenCharacterIssue(value: string, multiline: boolean, path?: (string | number)[]) {
  const found = hiddenCharacter(value, { multiline });
  if (!found) return undefined;
  return {
    code: 'custom' as const,
    message: `Invisible or text-direction character ${found.codePoint} at position ${found.index} is not allowed${multiline ? '' : '; this field is a single line'}`,
    params: { code: HIDDEN_CHARACTER_CODE },
    ...(path ? { path } : {}),
  };
}

/**
 * The one refinement for every free-text field a citizen or an agent types: refuses control and
 * text-direction characters with a message that names the character and its position, and the issue code
 * `forbidden_character`.
 *
 * @example
 * const City = z.string().trim().max(100).superRefine(visibleText());
 * const Comment = z.string().max(2000).superRefine(visibleText({ multiline: true }));
 * City.safeParse('Montjoli\u202E'); // fails: "Invisible or text-direction character U+202E at position 8 is not allowed…"
 */
export function visibleText(options: { multiline?: boolean } = {}) {
  return (value: string, ctx: z.RefinementCtx): void => {
    const issue = hiddenCharacterIssue(value, options.multiline ?? false);
    if (issue) ctx.addIssue(issue);
  };
}

/**
 * `visibleText` for a free-form JSON document (settings whose shape a feature does not fix yet): every key is
 * a single line, every string value may span lines.
 *
 * @example
 * const Settings = z.record(z.string(), z.unknown()).superRefine(visibleJson());
 */
export function visibleJson() {
  const walk = (value: unknown, path: (string | number)[], ctx: z.RefinementCtx): void => {
    if (typeof value === 'string') {
      const issue = hiddenCharacterIssue(value, true, path);
      if (issue) ctx.addIssue(issue);
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => walk(item, [...path, i], ctx));
    } else if (value && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        const issue = hiddenCharacterIssue(key, false, [...path, key]);
        if (issue) ctx.addIssue(issue);
        walk(item, [...path, key], ctx);
      }
    }
  };
  return (value: unknown, ctx: z.RefinementCtx): void => walk(value, [], ctx);
}
