import { STAFF_ROLES } from '../tenants/tenants.store.ts';
import { z } from '@hono/zod-openapi';
import { Honeypot } from '../http/honeypot.ts';
import { Instant } from '../http/openapi.ts';
import { visibleText } from '../http/text.ts';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './passwords.ts';

/** Free text a citizen types: trimmed, single line, nothing invisible, bounded. */
const text = (max: number, min = 1) => z.string().trim().min(min).max(max).superRefine(visibleText());

export const Email = z.string().trim().toLowerCase().pipe(z.email().max(254)).openapi({ type: 'string', format: 'email', example: 'camille@example.fr' });

export const Password = z
  .string()
  .min(PASSWORD_MIN_LENGTH)
  .max(PASSWORD_MAX_LENGTH)
  .openapi({ description: `${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters; common passwords are refused` });

export const Locale = z.enum(['fr', 'en']);

/** INSEE PCS 2020, groupes socioprofessionnels 1–8. */
export const PCS_GROUPS = {
  1: 'Agriculteurs exploitants',
  2: 'Artisans, commerçants, chefs d’entreprise',
  3: 'Cadres et professions intellectuelles supérieures',
  4: 'Professions intermédiaires',
  5: 'Employés',
  6: 'Ouvriers',
  7: 'Retraités',
  8: 'Autres personnes sans activité professionnelle',
} as const;

const currentYear = () => new Date().getUTCFullYear();

/** A small picture as a data: URL (PNG, JPEG or WebP; SVG is refused because it can carry script). */
export const Avatar = z
  .string()
  .max(96_000)
  .regex(/^data:image\/(png|jpeg|webp);base64,[A-Za-z0-9+/]+={0,2}$/, 'Use a PNG, JPEG or WebP image as a data: URL')
  .openapi({ description: 'data:image/png|jpeg|webp;base64,… up to about 70 KB' });

/** Every optional field of the privacy policies. Each may be cleared with `null`. */
export const ProfileFields = {
  pseudonym: text(40, 2).nullable().openapi({ description: 'Shown beside your participations' }),
  firstName: text(80).nullable(),
  lastName: text(80).nullable(),
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9][0-9 .\-()]{5,22}$/, 'Enter a phone number, e.g. 06 12 34 56 78')
    .nullable(),
  postalAddress: z
    .string()
    .trim()
    .min(1)
    .max(300)
    .superRefine(visibleText({ multiline: true }))
    .nullable(),
  birthYear: z
    .number()
    .int()
    .min(1900)
    .refine((year) => year <= currentYear(), 'The birth year cannot be in the future')
    .nullable(),
  gender: z.enum(['female', 'male', 'other']).nullable(),
  city: text(100).nullable(),
  quartier: text(100).nullable(),
  avatar: Avatar.nullable(),
  pcsGroup: z.number().int().min(1).max(8).nullable().openapi({ description: 'INSEE PCS 2020 group, 1 to 8' }),
  showAge: z.boolean(),
  showGender: z.boolean(),
  showCity: z.boolean(),
  showQuartier: z.boolean(),
};

export const ProfileSchema = z.object(ProfileFields).openapi('Profile');
export const ProfilePatchSchema = z.strictObject(ProfileFields).partial();

export const MeSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    emailVerified: z.boolean(),
    pendingEmail: z
      .string()
      .nullable()
      .openapi({ description: 'New address of an email change, waiting for that address to confirm it; until then `email` stays' }),
    locale: Locale,
    createdAt: Instant,
    restricted: z.boolean().openapi({ description: 'Processing restricted (GDPR art. 18): out of statistics and mailings' }),
    objected: z.boolean().openapi({ description: 'Objection to processing (GDPR art. 21): out of statistics and mailings' }),
    profile: ProfileSchema,
    staffOf: z
      .array(
        z
          .object({ tenant: z.string(), roles: z.array(z.enum(STAFF_ROLES)).min(1) })
          .openapi('StaffMembership', { description: 'A tenant whose staff this account belongs to, with its roles there' }),
      )
      .openapi({ description: 'Tenants where this session acts as staff, with the roles held there' }),
  })
  .openapi('Me');

/** A link back to the host page the citizen came from; its origin must be one of the tenant's. */
export const ReturnUrl = z
  .url({ protocol: /^https?$/ })
  .max(2000)
  .openapi({ example: 'http://localhost:8080/mon-compte.html', description: 'Page the mailed link leads back to' });

export const SignUpBody = z
  .strictObject({
    email: Email,
    password: Password,
    locale: Locale.default('fr'),
    returnUrl: ReturnUrl,
    website: Honeypot,
  })
  .openapi('SignUp');

export const SignInBody = z
  .strictObject({
    email: Email,
    password: z.string().min(1).max(PASSWORD_MAX_LENGTH),
    remember: z.boolean().default(false),
  })
  .openapi('SignIn');

export const SessionSchema = z
  .object({
    token: z.string().openapi({ description: '256-bit bearer token, shown once; send it as Authorization: Bearer' }),
    expiresAt: Instant,
    me: MeSchema,
  })
  .openapi('Session');

export const UpdateMeBody = z
  .strictObject({
    profile: ProfilePatchSchema.optional(),
    locale: Locale.optional(),
    email: Email.optional(),
    /** Required to change the email. */
    currentPassword: z.string().max(PASSWORD_MAX_LENGTH).optional(),
    returnUrl: ReturnUrl.optional(),
    restricted: z.boolean().optional(),
    objected: z.boolean().optional(),
  })
  .openapi('UpdateMe');

export const ChangePasswordBody = z
  .strictObject({ currentPassword: z.string().min(1).max(PASSWORD_MAX_LENGTH), newPassword: Password })
  .openapi('ChangePassword');

export const VerifyEmailBody = z.strictObject({ code: z.string().min(16).max(128) }).openapi('VerifyEmail');
export const CancelEmailChangeBody = z.strictObject({ code: z.string().min(16).max(128) }).openapi('CancelEmailChange');
export const ResendVerificationBody = z.strictObject({ returnUrl: ReturnUrl }).openapi('ResendVerification');
export const PasswordResetRequestBody = z.strictObject({ email: Email, returnUrl: ReturnUrl, locale: Locale.default('fr') }).openapi('PasswordResetRequest');
export const PasswordResetBody = z.strictObject({ code: z.string().min(16).max(128), newPassword: Password }).openapi('PasswordReset');

export const AcceptedSchema = z.object({ accepted: z.literal(true) }).openapi('Accepted');
