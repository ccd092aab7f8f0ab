/**
 * The API answers as its OpenAPI document says: requests that fit the document's schemas and requests that do
 * not are sent to every operation, and each answer's status must be one the operation documents and its body
 * must match the schema documented for that status (checked with ajv, JSON Schema 2020-12 as OpenAPI 3.1 uses).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { createTestApp, ORIGIN, TENANT, type TestApp } from '../testing/test-app.ts';
import { demoSettings } from '../seed/demo-settings.ts';
import { signUpStaff } from '../testing/participation.ts';
import { DocumentedResponses, type Operation } from '../testing/openapi-responses.ts';

type Json = Record<string, any>;

/**
 * Values that fit a JSON schema, as the document states it: what a well-behaved client would send. Depth is
 * bounded so recursive or wide schemas stay small.
 */
function arbitraryFor(schema: Json, doc: Json, depth = 0): fc.Arbitrary<unknown> {
  if (schema.$ref) return arbitraryFor(resolve(schema.$ref, doc), doc, depth);
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  if (schema.anyOf || schema.oneOf) return fc.oneof(...(schema.anyOf ?? schema.oneOf).map((s: Json) => arbitraryFor(s, doc, depth)));
  if (schema.allOf) return arbitraryFor(Object.assign({}, ...schema.allOf.map((s: Json) => (s.$ref ? resolve(s.$ref, doc) : s))), doc, depth);
  const type = Array.isArray(schema.type) ? schema.type.find((t: string) => t !== 'null') : schema.type;
  switch (type) {
    case 'string':
      if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length <= (schema.maxLength ?? Infinity));
      if (schema.format === 'email') return fc.emailAddress().filter((s) => s.length <= (schema.maxLength ?? 254));
      if (schema.format === 'date-time')
        return fc.date({ min: new Date('2020-01-01'), max: new Date('2035-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
      if (schema.format === 'uri') return fc.constantFrom(`${ORIGIN}/mon-compte.html`, `${ORIGIN}/`);
      return fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 40, 40) });
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -1000, max: schema.maximum ?? 100_000 });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1000, max: schema.maximum ?? 100_000, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const item = depth > 3 ? fc.constant(null) : arbitraryFor(schema.items ?? {}, doc, depth + 1);
      return fc.array(item, { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 4, 4) });
    }
    case 'object': {
      const properties = Object.entries((schema.properties ?? {}) as Json);
      if (depth > 3 || properties.length === 0) return fc.constant({});
      const required = new Set<string>(schema.required ?? []);
      const record = Object.fromEntries(properties.map(([name, s]) => [name, arbitraryFor(s, doc, depth + 1)]));
      return fc.record(record, { requiredKeys: [...required].filter((k) => k in record) });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function resolve(ref: string, doc: Json): Json {
  return ref
    .replace(/^#\//, '')
    .split('/')
    .reduce((node: Json, key) => node[key], doc);
}

/** Something a careless or hostile client sends instead. */
const junkBody = fc.oneof(
  fc.json(),
  fc.string(),
  fc.constantFrom('', '{', 'null', '[]', '{"email":1}', 'x'.repeat(140 * 1024)),
  fc.dictionary(fc.constantFrom('email', 'password', 'choice', 'answers', 'profile', 'settings', 'slug', 'decision'), fc.anything()).map((v) => {
    try {
      return JSON.stringify(v);
    } catch {
      return '{}';
    }
  }),
);
/** Usually the good value, so that the junk elsewhere gets past the tenant guard. */
const mostly = (good: string, junk: fc.Arbitrary<string>) => fc.oneof({ weight: 4, arbitrary: fc.constant(good) }, { weight: 1, arbitrary: junk });
const junkSegment = fc.oneof(fc.string({ maxLength: 80 }), fc.constantFrom('', '..', '%00', 'null', 'a'.repeat(300), 'é'));

describe('the API conforms to its OpenAPI document', () => {
  let t: TestApp;
  let doc: Json;
  let responses: DocumentedResponses;
  const tokens: Record<string, string | undefined> = {};

  before(async () => {
    t = await createTestApp();
    tokens.citizen = (await t.signUp('conformance@example.fr')).token;
    tokens.staff = (await signUpStaff(t, 'agent.conformance@example.fr')).token;
    tokens.stale = 'stale-token-stale-token-0123456789';
    tokens.none = undefined;
    await t.addConsultation({ slug: 'budget-2027', kind: 'budget', settings: demoSettings.budget });
    await t.addConsultation({ slug: 'choix-du-nom', kind: 'vote', settings: demoSettings.vote });
    await t.addConsultation({ slug: 'avis-mobilite', kind: 'survey', settings: demoSettings.survey });
    doc = (await t.call('GET', '/v1/openapi.json', { origin: null })).body;
    responses = new DocumentedResponses(doc);
  });
  after(() => t.close());

  function check(op: Operation, res: { status: number; body: unknown }, request: string) {
    if (process.env.DEBUG_CONFORMANCE) console.log(op.id, res.status, request.slice(0, 100));
    const problem = responses.problem(op, res.status, res.body);
    assert.equal(problem, undefined, `${problem} for ${request}`);
  }

  /** Path, query and headers from the declared parameters: known good values, or values that fit their schema. */
  function parameterArbitrary(op: Operation) {
    const known: Record<string, string[]> = { tenant: [TENANT], slug: ['budget-2027', 'choix-du-nom', 'avis-mobilite'] };
    return fc.record(
      Object.fromEntries(
        op.parameters.map((p) => [
          `${p.in}:${p.name}`,
          known[p.name]
            ? fc.constantFrom(...known[p.name])
            : p.required
              ? arbitraryFor(p.schema, doc)
              : fc.option(arbitraryFor(p.schema, doc), { nil: undefined }),
        ]),
      ),
    );
  }

  async function send(op: Operation, values: Record<string, unknown>, body: string | undefined, token: string | undefined, contentType?: string) {
    let path = op.path;
    const query = new URLSearchParams();
    const headers: Record<string, string> = {};
    for (const [key, value] of Object.entries(values)) {
      if (value === undefined) continue;
      const [where, name] = key.split(':');
      if (where === 'path') path = path.replace(`{${name}}`, encodeURIComponent(String(value)));
      else if (where === 'query') query.set(name, String(value));
      else if (where === 'header') headers[name] = String(value);
    }
    if (body !== undefined) headers['content-type'] = contentType ?? 'application/json';
    const url = query.size > 0 ? `${path}?${query}` : path;
    const res = await t.call(op.method, url, { body, headers, token });
    return { res, request: `${op.method} ${url} token=${token ? token.slice(0, 5) : '-'} body=${body?.slice(0, 120)}` };
  }

  // Fresh accounts per operation: the previous operation's runs may have signed them out or deleted them.
  async function freshAccounts() {
    tokens.citizen = (await t.signUp()).token;
    tokens.staff = (await signUpStaff(t)).token;
  }

  /** Runs the property for every operation and reports every operation that breaks it, not only the first. */
  async function everyOperation(property: (op: Operation) => Promise<void>) {
    const failures: string[] = [];
    for (const op of responses.operations) {
      try {
        await property(op);
      } catch (error) {
        failures.push(`${op.id}: ${/Got AssertionError[^:]*: (.*)/.exec(String((error as Error).message))?.[1] ?? (error as Error).message}`);
      }
    }
    assert.deepEqual(failures, []);
  }

  test('requests that fit the document get documented statuses and bodies', async () => {
    await everyOperation(async (op) => {
      await freshAccounts();
      await fc.assert(
        fc.asyncProperty(
          parameterArbitrary(op),
          op.body ? arbitraryFor(op.body, doc).map((v) => JSON.stringify(v)) : fc.constant(undefined),
          fc.constantFrom('citizen', 'staff', 'stale', 'none'),
          async (values, body, who) => {
            const { res, request } = await send(op, values, body, tokens[who]);
            check(op, res, request);
          },
        ),
        { numRuns: 40, seed: 20261202, includeErrorInReport: true },
      );
    });
  });

  test('requests that do not fit get documented errors in the one error shape', async () => {
    await everyOperation(async (op) => {
      await freshAccounts();
      const names = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      await fc.assert(
        fc.asyncProperty(
          fc.record(Object.fromEntries(names.map((name) => [`path:${name}`, name === 'tenant' ? mostly(TENANT, junkSegment) : junkSegment]))),
          op.method === 'GET' ? fc.constant(undefined) : junkBody,
          fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded'),
          fc.constantFrom('citizen', 'staff', 'stale', 'none'),
          async (values, body, contentType, who) => {
            const { res, request } = await send(op, values, body, tokens[who], contentType);
            check(op, res, request);
          },
        ),
        { numRuns: 40, seed: 20261202, includeErrorInReport: true },
      );
    });
  });

  test('a stale token on a public operation is answered as for a signed-out visitor, and named stale', async () => {
    const res = await t.call('GET', `/v1/tenants/${TENANT}/consultations`, { token: tokens.stale });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('www-authenticate'), 'Bearer error="invalid_token"');
    assert.match(res.headers.get('access-control-expose-headers') ?? '', /WWW-Authenticate/);
    const signedOut = await t.call('GET', `/v1/tenants/${TENANT}/consultations`);
    assert.deepEqual(res.body, signedOut.body);
    // An operation that declares the bearer security still refuses it, so a ballot never silently turns anonymous.
    const ballot = await t.call('GET', `/v1/tenants/${TENANT}/consultations/budget-2027/ballot`, { token: tokens.stale });
    assert.equal(ballot.status, 401);
  });
});
