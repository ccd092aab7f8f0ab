import { isHoneypotFilled } from '../http/honeypot.ts';
import { createRoute, z } from '@hono/zod-openapi';
import { requireAccount } from './auth.ts';
import { bearerSecurity, createRouter, errorResponses, jsonBody, jsonResponse, TenantParam, toInstant } from '../http/openapi.ts';
import {
  AcceptedSchema,
  CancelEmailChangeBody,
  ChangePasswordBody,
  MeSchema,
  PasswordResetBody,
  PasswordResetRequestBody,
  ResendVerificationBody,
  SessionSchema,
  SignInBody,
  SignUpBody,
  UpdateMeBody,
  VerifyEmailBody,
} from './accounts.schemas.ts';
import type { AccountService, IssuedSession, Me, SessionView } from './accounts.service.ts';
import type { Context } from 'hono';
import type { AppEnv } from '../app-env.ts';

export function presentMe(me: Me): z.infer<typeof MeSchema> {
  return {
    id: me.account.id,
    email: me.account.email,
    emailVerified: me.account.emailVerifiedAt !== null,
    pendingEmail: me.pendingEmail,
    locale: me.account.locale,
    createdAt: toInstant(me.account.createdAt),
    restricted: me.account.restrictedAt !== null,
    objected: me.account.objectedAt !== null,
    profile: me.profile,
    staffOf: me.staffOf,
  };
}

/** Where the request's session is used, for `staffOf`. */
const sessionView = (c: Context<AppEnv>): SessionView => {
  const { origin, ownOrigin } = c.get('requestOrigin');
  return { staffSession: c.get('session')?.staff === true, origin, ownOrigin };
};

const presentSession = (issued: IssuedSession) => ({
  token: issued.token,
  expiresAt: toInstant(issued.session.expiresAt),
  me: presentMe(issued.me),
});

const params = z.object({ tenant: TenantParam });
const tags = ['accounts'];

const signUp = createRoute({
  operationId: 'signUp',
  tags,
  summary: 'Create an account and mail its confirmation link; answers the same for an address that already has an account, whose owner is mailed instead',
  method: 'post',
  path: '/auth/sign-up',
  request: { params, body: jsonBody(SignUpBody) },
  responses: { 202: jsonResponse(AcceptedSchema, 'Accepted: sign in with the password chosen'), ...errorResponses(400, 403, 404, 415, 429) },
});

const signIn = createRoute({
  operationId: 'signIn',
  tags,
  summary: 'Sign in with email and password',
  method: 'post',
  path: '/auth/sign-in',
  request: { params, body: jsonBody(SignInBody) },
  responses: { 200: jsonResponse(SessionSchema, 'Signed in'), ...errorResponses(400, 401, 403, 404, 415, 429) },
});

const signOut = createRoute({
  operationId: 'signOut',
  tags,
  summary: 'Revoke the current session',
  method: 'post',
  path: '/auth/sign-out',
  security: bearerSecurity,
  request: { params },
  responses: { 204: { description: 'Signed out' }, ...errorResponses(401, 403, 404) },
});

const verifyEmail = createRoute({
  operationId: 'verifyEmail',
  tags,
  summary:
    'Confirm an email address with the single-use code mailed to it: the account’s own address, or the new address of a pending change, which then replaces the old one',
  method: 'post',
  path: '/auth/verify-email',
  request: { params, body: jsonBody(VerifyEmailBody) },
  responses: { 200: jsonResponse(AcceptedSchema, 'Email confirmed'), ...errorResponses(400, 403, 404, 415) },
});

const cancelEmailChange = createRoute({
  operationId: 'cancelEmailChange',
  tags,
  summary: 'Cancel a pending email change with the single-use code mailed to the account’s current address',
  method: 'post',
  path: '/auth/email-change-cancel',
  request: { params, body: jsonBody(CancelEmailChangeBody) },
  responses: { 200: jsonResponse(AcceptedSchema, 'Change cancelled'), ...errorResponses(400, 403, 404, 415) },
});

const resendVerification = createRoute({
  operationId: 'resendVerification',
  tags,
  summary: 'Mail a new confirmation link',
  method: 'post',
  path: '/auth/verification-mail',
  security: bearerSecurity,
  request: { params, body: jsonBody(ResendVerificationBody) },
  responses: { 202: jsonResponse(AcceptedSchema, 'Mail queued'), ...errorResponses(400, 401, 403, 404, 415, 429) },
});

const requestPasswordReset = createRoute({
  operationId: 'requestPasswordReset',
  tags,
  summary: 'Mail a password-reset link; answers the same whether or not the email has an account',
  method: 'post',
  path: '/auth/password-reset-request',
  request: { params, body: jsonBody(PasswordResetRequestBody) },
  responses: { 202: jsonResponse(AcceptedSchema, 'Accepted'), ...errorResponses(400, 403, 404, 415, 429) },
});

const resetPassword = createRoute({
  operationId: 'resetPassword',
  tags,
  summary: 'Choose a new password with the single-use code; every session is revoked',
  method: 'post',
  path: '/auth/password-reset',
  request: { params, body: jsonBody(PasswordResetBody) },
  responses: { 200: jsonResponse(AcceptedSchema, 'Password changed'), ...errorResponses(400, 403, 404, 415) },
});

const getMe = createRoute({
  operationId: 'getMe',
  tags,
  summary: 'My account and profile',
  method: 'get',
  path: '/me',
  security: bearerSecurity,
  request: { params },
  responses: { 200: jsonResponse(MeSchema, 'Me'), ...errorResponses(401, 403, 404) },
});

const updateMe = createRoute({
  operationId: 'updateMe',
  tags,
  summary:
    'Rectify my profile or language; request an email change (it takes effect once the new address confirms it, and the current one is told); restrict or object to processing',
  method: 'patch',
  path: '/me',
  security: bearerSecurity,
  request: { params, body: jsonBody(UpdateMeBody) },
  responses: { 200: jsonResponse(MeSchema, 'Updated'), ...errorResponses(400, 401, 403, 404, 409, 413, 415, 429) },
});

const changePassword = createRoute({
  operationId: 'changePassword',
  tags,
  summary: 'Change my password; my other sessions are revoked',
  method: 'post',
  path: '/me/password',
  security: bearerSecurity,
  request: { params, body: jsonBody(ChangePasswordBody) },
  responses: { 204: { description: 'Changed' }, ...errorResponses(400, 401, 403, 404, 415, 429) },
});

export function accountRoutes({ accounts }: { accounts: AccountService }) {
  const router = createRouter();
  router.use('/auth/sign-out', requireAccount);
  router.use('/auth/verification-mail', requireAccount);

  return router
    .openapi(signUp, async (c) => {
      const body = c.req.valid('json');
      const { website, ...rest } = body;
      await accounts.signUp({ ...rest, tenant: c.get('tenant'), ip: c.get('clientIp'), honeypot: isHoneypotFilled(website) });
      return c.json({ accepted: true as const }, 202);
    })
    .openapi(signIn, async (c) => {
      const body = c.req.valid('json');
      const issued = await accounts.signIn({ ...body, ip: c.get('clientIp'), tenant: c.get('tenant'), from: c.get('requestOrigin') });
      return c.json(presentSession(issued), 200);
    })
    .openapi(signOut, async (c) => {
      await accounts.signOut(c.get('session')!);
      return c.body(null, 204);
    })
    .openapi(verifyEmail, async (c) => {
      await accounts.verifyEmail(c.req.valid('json').code);
      return c.json({ accepted: true as const }, 200);
    })
    .openapi(cancelEmailChange, async (c) => {
      await accounts.cancelEmailChange(c.req.valid('json').code);
      return c.json({ accepted: true as const }, 200);
    })
    .openapi(resendVerification, async (c) => {
      await accounts.resendVerification(c.get('account')!, c.get('tenant'), c.req.valid('json').returnUrl);
      return c.json({ accepted: true as const }, 202);
    })
    .openapi(requestPasswordReset, async (c) => {
      const body = c.req.valid('json');
      await accounts.requestPasswordReset({ ...body, tenant: c.get('tenant'), ip: c.get('clientIp') });
      return c.json({ accepted: true as const }, 202);
    })
    .openapi(resetPassword, async (c) => {
      const body = c.req.valid('json');
      await accounts.resetPassword(body.code, body.newPassword);
      return c.json({ accepted: true as const }, 200);
    })
    .openapi(getMe, async (c) => c.json(presentMe(await accounts.me(c.get('account')!, sessionView(c))), 200))
    .openapi(updateMe, async (c) => {
      const me = await accounts.update(c.get('account')!, c.req.valid('json'), c.get('tenant'), c.get('clientIp'), sessionView(c));
      return c.json(presentMe(me), 200);
    })
    .openapi(changePassword, async (c) => {
      const body = c.req.valid('json');
      await accounts.changePassword(c.get('account')!, c.get('session')!, body.currentPassword, body.newPassword, c.get('clientIp'));
      return c.body(null, 204);
    });
}
