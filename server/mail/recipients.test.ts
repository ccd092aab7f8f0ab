import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { mailTemplates } from './templates.ts';
import { MAIL_PURPOSES, mayMail, type MailPurpose } from './recipients.ts';

describe('who may be mailed', () => {
  const open = { restrictedAt: null, objectedAt: null };
  const restricted = { restrictedAt: 1, objectedAt: null };
  const objecting = { restrictedAt: null, objectedAt: 1 };

  test('restricted or objecting accounts get only the mails their rights or their own request require', () => {
    const required = (Object.keys(MAIL_PURPOSES) as MailPurpose[]).filter((p) => mayMail(restricted, p));
    assert.deepEqual(required, [
      'verifyEmail',
      'confirmEmailChange',
      'emailChangeRequested',
      'resetPassword',
      'accountExists',
      'noAccount',
      'staffInvite',
      'moderationDecision',
      'proposalEmailConfirm',
      'partnerMessage',
    ]);
    assert.equal(mayMail(restricted, 'proposalAnswer'), false);
    assert.equal(mayMail(objecting, 'proposalAnswer'), false);
    assert.equal(mayMail(open, 'proposalAnswer'), true);
    assert.equal(mayMail(restricted, 'resourceMessage'), false, 'a relayed message waits in the thread');
  });

  test('every mail the server writes has a purpose in the list', () => {
    // A new template must say whether a restricted account still gets it.
    const purposeOf: Record<keyof typeof mailTemplates, MailPurpose> = {
      verifyEmail: 'verifyEmail',
      resetPassword: 'resetPassword',
      staffInvite: 'staffInvite',
      confirmEmailChange: 'confirmEmailChange',
      emailChangeRequested: 'emailChangeRequested',
      accountExists: 'accountExists',
      noAccount: 'noAccount',
      moderationDecision: 'moderationDecision',
      contributionRejected: 'moderationDecision',
      proposalEmailConfirm: 'proposalEmailConfirm',
      proposalAnswered: 'proposalAnswer',
      resourceMessage: 'resourceMessage',
      partnerMessage: 'partnerMessage',
    };
    assert.deepEqual(Object.keys(purposeOf).sort(), Object.keys(mailTemplates).sort());
  });
});
