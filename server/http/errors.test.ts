import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Hono } from 'hono';
import { errorCodes, errorStatuses } from '../app.ts';
import { DomainError } from '../errors.ts';
import { assembleErrorStatuses, createErrorHandler } from './errors.ts';

const appThrowing = (code: string) => {
  const app = new Hono();
  app.onError(createErrorHandler(errorStatuses()));
  app.get('/', () => {
    throw new DomainError(code, 'refused');
  });
  return app;
};

test('each feature’s error code answers with the status declared beside it', async () => {
  const cases = {
    ballot_over_budget: 422,
    ballot_already_cast: 412,
    response_not_found: 404,
    participant_required: 400,
    consultation_kind_mismatch: 409,
    rate_limited: 429,
  };
  for (const [code, status] of Object.entries(cases)) {
    const res = await appThrowing(code).request('/');
    assert.equal(res.status, status, code);
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, code);
  }
});

test('a code no feature declared is a bug: a 500, not a silent 400', async () => {
  const errors: unknown[] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => void errors.push(args);
  try {
    const res = await appThrowing('made_up_code').request('/');
    assert.equal(res.status, 500);
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'internal_error');
    assert.equal(errors.length, 1, 'logged as a bug');
  } finally {
    console.error = original;
  }
});

test('errorCodes() lists every assembled code once, sorted, for the OpenAPI enum', () => {
  const codes = errorCodes();
  assert.deepEqual(codes, [...new Set(codes)].sort());
  for (const code of [
    'validation_failed',
    'internal_error',
    'ballot_under_min_spend',
    'survey_answers_invalid',
    'results_hidden',
    'method_not_allowed',
    'unsupported_media_type',
  ]) {
    assert.ok(codes.includes(code), code);
  }
});

test('a code declared twice with two statuses stops the start', () => {
  assert.throws(() => assembleErrorStatuses([{ same: 404 }, { same: 409 }]), /same/);
  assert.deepEqual(assembleErrorStatuses([{ same: 404 }, { same: 404 }]), { same: 404 });
});
