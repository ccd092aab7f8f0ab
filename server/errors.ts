/**
 * Errors that services throw. They name what went wrong in the domain; `http/errors.ts` alone decides the
 * HTTP status, so services stay free of HTTP.
 */
export const ErrorCode = {
  validationFailed: 'validation_failed',
  unauthenticated: 'unauthenticated',
  invalidCredentials: 'invalid_credentials',
  /** The current password, asked again inside a valid session (delete account, change password or email). */
  wrongPassword: 'wrong_password',
  forbidden: 'forbidden',
  originNotAllowed: 'origin_not_allowed',
  notFound: 'not_found',
  /** The path exists, not with this method (HTTP only: the answer carries `Allow`). */
  methodNotAllowed: 'method_not_allowed',
  tenantNotFound: 'tenant_not_found',
  consultationNotFound: 'consultation_not_found',
  conflict: 'conflict',
  emailTaken: 'email_taken',
  weakPassword: 'weak_password',
  invalidCode: 'invalid_code',
  consultationNotOpen: 'consultation_not_open',
  consultationClosed: 'consultation_closed',
  accountRequired: 'account_required',
  verifiedEmailRequired: 'verified_email_required',
  rateLimited: 'rate_limited',
  payloadTooLarge: 'payload_too_large',
  unsupportedMediaType: 'unsupported_media_type',
  internal: 'internal_error',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** The statuses an error code may map to. */
export type ErrorStatus = 400 | 401 | 403 | 404 | 405 | 409 | 412 | 413 | 415 | 422 | 429 | 500;

/** One feature's error codes, each with its HTTP status: data, assembled by `createApp`. */
export type ErrorStatuses = Readonly<Record<string, ErrorStatus>>;

export interface ErrorIssue {
  path: string;
  message: string;
  /** A machine-readable reason, so clients can word their own message (e.g. `too_short`, `common`). */
  code?: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode | (string & {}),
    message: string,
    readonly details: { issues?: ErrorIssue[]; retryAfterSeconds?: number } = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** Shorthands for the errors services throw most. */
export const fail = {
  notFound: (what = 'resource') => new DomainError(ErrorCode.notFound, `${what} not found`),
  forbidden: (message = 'You may not do this') => new DomainError(ErrorCode.forbidden, message),
  unauthenticated: () => new DomainError(ErrorCode.unauthenticated, 'Sign in first: a valid session token is required'),
  /** `code`: a stable name of the rule, for a widget to say it in the reader's language. */
  validation: (path: string, message: string, code?: string) =>
    new DomainError(ErrorCode.validationFailed, message, { issues: [{ path, message, ...(code ? { code } : {}) }] }),
  rateLimited: (retryAfterSeconds: number) => new DomainError(ErrorCode.rateLimited, 'Too many attempts; try again later', { retryAfterSeconds }),
};
