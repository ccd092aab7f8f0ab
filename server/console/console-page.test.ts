import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { EDITOR_SCHEMA_NAMES, editorSchemas } from '../../widgets/console/console.fixtures.ts';
import { createTestApp, TENANT, type TestApp } from '../testing/test-app.ts';

describe('the staff console page, /console', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  test('names the tenant in the console.js snippet, under a CSP that allows nothing inline nor from elsewhere, never framed', async () => {
    const res = await t.call('GET', `/console?tenant=${TENANT}`, { origin: null });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type')!, /^text\/html/);
    assert.match(res.body, /<html lang="fr">/);
    assert.match(res.body, /<civ-staff-console><\/civ-staff-console>/);
    assert.match(res.body, new RegExp(`<script type="module" src="/widgets/v1/console.js" data-tenant="${TENANT}"></script>`));
    // Only the external module script: no inline code for the CSP to allow.
    assert.equal(res.body.match(/<script/g)?.length, 1);
    const csp = res.headers.get('content-security-policy')!;
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.match(csp, /connect-src 'self'(;|$)/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
  });

  test('without a tenant, asks for it with a form and no script at all', async () => {
    const res = await t.call('GET', '/console', { origin: null });
    assert.equal(res.status, 200);
    assert.match(res.body, /<form method="get" action="\/console">/);
    assert.match(res.body, /name="tenant"/);
    assert.doesNotMatch(res.body, /<script/);
    assert.ok(res.headers.get('content-security-policy'));
  });

  test('a malformed tenant id is a 400 page that writes nothing of it back', async () => {
    const res = await t.call('GET', `/console?tenant=${encodeURIComponent('"><script>alert(1)</script>')}`, { origin: null });
    assert.equal(res.status, 400);
    assert.doesNotMatch(res.body, /alert/);
    assert.doesNotMatch(res.body, /<script/);
  });

  test('the schemas the browser tests and stories give the consultation editor are the ones the API serves', async () => {
    const res = await t.call('GET', '/v1/openapi.json');
    const schemas = res.body.components.schemas as Record<string, unknown>;
    for (const name of EDITOR_SCHEMA_NAMES) assert.deepEqual((editorSchemas as Record<string, unknown>)[name], schemas[name], name);
  });
});
