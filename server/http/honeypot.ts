import { z } from '@hono/zod-openapi';

/**
 * The honeypot of the public forms (sign-up, ballot, survey response): a field the widgets hide from people and
 * from assistive technology, which only a bot filling every input would send non-empty. Its name looks like an
 * ordinary field on purpose. A filled honeypot never causes an error a bot could learn from: participations
 * are quarantined for staff review, a sign-up answers as usual but creates nothing.
 */
export const Honeypot = z
  .string()
  .max(2000)
  .optional()
  .openapi({ description: 'Leave empty (a field hidden from people, filled only by bots). Filled: the participation is quarantined.' });

/** @example isHoneypotFilled(body.website) // true for 'http://spam.example' */
export const isHoneypotFilled = (value: string | undefined): boolean => value !== undefined && value.trim() !== '';

/** The field's name in every form and body. */
export const HONEYPOT_FIELD = 'website';
