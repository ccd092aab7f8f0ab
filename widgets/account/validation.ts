import type { ApiError, ApiIssue } from '../core/api-client.ts';
import type { AccountTranslation } from './i18n/fr.ts';

/**
 * The checks made before sending, mirroring the server's (`server/accounts/accounts.schemas.ts`), and the
 * server's answers turned into French or English messages. The server stays the judge: these only spare a
 * round trip for the obvious.
 */
export const PASSWORD_MIN_LENGTH = 12;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const length = (value: string) => [...value].length;

export function emailProblem(t: AccountTranslation, email: string): string | undefined {
  return EMAIL.test(email.trim()) ? undefined : t.account.invalid.email;
}

/** For a new password: the 12-character rule (the server also refuses common passwords). */
export function newPasswordProblem(t: AccountTranslation, password: string): string | undefined {
  if (password.length === 0) return t.account.invalid.passwordMissing;
  const missing = PASSWORD_MIN_LENGTH - length(password);
  return missing > 0 ? t.account.invalid.passwordShort(missing) : undefined;
}

export const requiredPassword = (t: AccountTranslation, password: string) => (password.length === 0 ? t.account.invalid.passwordMissing : undefined);

/**
 * The message for a server issue on a field. The server's messages are English, for developers; its codes
 * (the error's and each issue's) and paths say enough to write the citizen's own.
 */
export function issueText(t: AccountTranslation, field: string, issue: ApiIssue, error: ApiError): string {
  const invalid = t.account.invalid;
  if (error.code === 'weak_password') {
    if (issue.code === 'common') return invalid.passwordCommon;
    if (issue.code === 'contains_email') return invalid.passwordHasEmail;
    if (issue.code === 'too_short') return invalid.passwordTooShort;
    return t.errors.weak_password;
  }
  if (error.code === 'invalid_credentials') return t.errors.invalid_credentials;
  if (error.code === 'wrong_password') return t.errors.wrong_password;
  switch (field) {
    case 'email':
    case 'newEmail':
      return invalid.email;
    case 'password':
    case 'newPassword':
      return invalid.passwordTooShort;
    default:
      return /too_big|at most|too long/i.test(issue.message) ? invalid.tooLong : invalid.other;
  }
}
