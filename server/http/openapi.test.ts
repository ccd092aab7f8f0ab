import assert from 'node:assert/strict';
import fc from 'fast-check';
import { after, before, describe, test } from 'node:test';
import { createTestApp, ORIGIN, TENANT, type TestApp } from '../testing/test-app.ts';

interface Operation {
  method: string;
  path: string;
  operationId: string;
  hasBody: boolean;
}

function operations(doc: any): Operation[] {
  return Object.entries(doc.paths as Record<string, Record<string, any>>).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ method: method.toUpperCase(), path, operationId: op.operationId, hasBody: !!op.requestBody })),
  );
}

describe('OpenAPI 3.1 document', () => {
  let t: TestApp;
  before(async () => (t = await createTestApp()));
  after(() => t.close());

  test('is generated from the zod schemas, with a stable operationId on every operation', async () => {
    const res = await t.call('GET', '/v1/openapi.json', { origin: null });
    assert.equal(res.status, 200);
    const doc = res.body;
    assert.equal(doc.openapi, '3.1.0');
    const ops = operations(doc);
    const ids = ops.map((o) => o.operationId);
    for (const id of ['signUp', 'signIn', 'signOut', 'getMe', 'updateMe', 'exportMe', 'deleteMe', 'getConsultation', 'listConsultations', 'getHealth']) {
      assert.ok(ids.includes(id), `operation ${id} missing`);
    }
    assert.ok(
      ops.every((o) => typeof o.operationId === 'string' && o.operationId.length > 0),
      'an operation has no operationId',
    );
    assert.equal(new Set(ids).size, ids.length, 'operationIds are unique');
    const signUp = doc.paths['/v1/tenants/{tenant}/auth/sign-up'].post;
    assert.ok(signUp.requestBody.content['application/json'].schema);
    assert.equal(doc.components.schemas.Error.properties.error.type, 'object');
    assert.ok(doc.paths['/v1/tenants/{tenant}/me'].get.security);
  });
});

describe('junk thrown at every operation', () => {
  let t: TestApp;
  let token: string;
  before(async () => {
    t = await createTestApp();
    token = (await t.signUp('fuzz@example.fr')).token;
    await t.addConsultation({ slug: 'fuzz-consultation' });
  });
  after(() => t.close());

  test('never gets a 5xx, and every error is in the one error shape', async () => {
    const doc = (await t.call('GET', '/v1/openapi.json', { origin: null })).body;
    const ops = operations(doc);
    const junkString = fc.oneof(fc.string(), fc.constantFrom('', ' ', '..', '%00', 'null', '<script>', 'a'.repeat(300), 'é'));
    const segment = (name: string) =>
      name === 'tenant' ? fc.oneof(fc.constant(TENANT), junkString) : name === 'slug' ? fc.oneof(fc.constant('fuzz-consultation'), junkString) : junkString;
    const body = fc.oneof(
      fc.json(),
      fc.anything().map((v) => {
        try {
          return JSON.stringify(v) ?? 'null';
        } catch {
          return '{}';
        }
      }),
      fc
        .dictionary(
          fc.constantFrom('email', 'password', 'profile', 'code', 'returnUrl', 'slug', 'choice', 'answers', 'settings', 'kind', 'opensAt'),
          fc.anything(),
        )
        .map((v) => {
          try {
            return JSON.stringify(v);
          } catch {
            return '{}';
          }
        }),
      fc.string(),
    );
    for (const op of ops) {
      const params = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      await fc.assert(
        fc.asyncProperty(
          fc.tuple(...params.map(segment)),
          body,
          fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', undefined),
          fc.constantFrom<string | undefined>(token, undefined, 'garbage-token-garbage-token-123'),
          async (values, payload, contentType, bearer) => {
            let path = op.path;
            params.forEach((name, i) => (path = path.replace(`{${name}}`, encodeURIComponent(values[i] as string))));
            const headers: Record<string, string> = {};
            if (contentType) headers['content-type'] = contentType;
            const res = await t.call(op.method, path, {
              body: op.hasBody || op.method !== 'GET' ? payload : undefined,
              headers,
              token: bearer,
              origin: ORIGIN,
            });
            assert.ok(res.status < 500, `${op.method} ${path} → ${res.status} ${JSON.stringify(res.body)}`);
            if (res.status >= 400) {
              assert.equal(typeof res.body?.error?.code, 'string', `${op.operationId}: ${JSON.stringify(res.body)}`);
            }
          },
        ),
        { numRuns: 40, seed: 20261122 },
      );
    }
  });
});
