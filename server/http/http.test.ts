import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { createTestApp, ORIGIN, TENANT, type TestApp } from '../testing/test-app.ts';
import { networkPrefix } from '../stuffing/ip-hash.ts';
import { normalizeIp, parseTrustedProxies, resolveClientIp } from './client-ip.ts';
import { toInstant } from './openapi.ts';
import { serve } from '@hono/node-server';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { newParticipantId } from '../testing/participation.ts';

const base = `/v1/tenants/${TENANT}`;

describe('CORS per tenant', () => {
  let t: TestApp;
  before(async () => (t = await createTestApp()));
  after(() => t.close());

  test('echoes an allowed origin exactly, with Vary: Origin and no credentials', async () => {
    const res = await t.call('GET', `${base}/consultations`, { origin: 'http://127.0.0.1:8080' });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('access-control-allow-origin'), 'http://127.0.0.1:8080');
    assert.match(res.headers.get('vary') ?? '', /Origin/);
    assert.equal(res.headers.get('access-control-allow-credentials'), null);
  });

  test('answers a preflight from an allowed origin, and refuses one from any other', async () => {
    const ok = await t.call('OPTIONS', `${base}/auth/sign-in`, {
      headers: { 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    assert.equal(ok.status, 204);
    assert.match(ok.headers.get('access-control-allow-methods') ?? '', /POST/);
    assert.match(ok.headers.get('access-control-allow-headers') ?? '', /Authorization/);
    const evil = await t.call('OPTIONS', `${base}/auth/sign-in`, { origin: 'https://evil.example' });
    assert.equal(evil.status, 403);
    assert.equal(evil.headers.get('access-control-allow-origin'), null);
  });

  test('refuses a write from another origin with 403 before any handler runs (simple POSTs reach servers)', async () => {
    const res = await t.call('POST', `${base}/auth/sign-up`, {
      origin: 'https://evil.example',
      body: JSON.stringify({ email: 'victim@example.fr', password: 'Le chat de Montjoli dort 3 fois', returnUrl: 'http://localhost:8080/' }),
      headers: { 'content-type': 'text/plain' },
    });
    assert.equal(res.status, 403);
    assert.equal(res.body.error.code, 'origin_not_allowed');
    assert.equal(await t.store.accounts.getByEmail('victim@example.fr'), undefined, 'nothing was written');
  });

  test('an unknown tenant is a 404 in the error shape', async () => {
    const res = await t.call('GET', '/v1/tenants/nulle-part/consultations');
    assert.equal(res.status, 404);
    assert.equal(res.body.error.code, 'tenant_not_found');
  });

  test('made-up tenant ids are not kept in memory, and a malformed one is a 400 before any lookup', async () => {
    for (let i = 0; i < 300; i++) {
      const res = await t.call('GET', `/v1/tenants/inconnue-${i}-${Math.random().toString(36).slice(2)}/consultations`);
      assert.equal(res.status, 404);
    }
    await t.call('GET', `${base}/consultations`);
    assert.ok(t.services.tenants.cachedCount <= 1, `cache holds ${t.services.tenants.cachedCount} entries`);
    const lookups: string[] = [];
    const get = t.store.tenants.get.bind(t.store.tenants);
    t.store.tenants.get = async (id) => (lookups.push(id), get(id));
    try {
      const long = await t.call('GET', `/v1/tenants/${'a'.repeat(4096)}/consultations`);
      assert.equal(long.status, 400);
      assert.equal(long.body.error.code, 'validation_failed');
      assert.equal(long.body.error.issues[0].path, 'tenant');
      const odd = await t.call('GET', '/v1/tenants/Mont%20Joli/consultations');
      assert.equal(odd.status, 400);
      assert.deepEqual(lookups, [], 'no lookup for a malformed id');
    } finally {
      t.store.tenants.get = get;
    }
  });

  test('one tenant’s origins do not open another tenant', async () => {
    await t.store.tenants.upsert({ id: 'voisine', name: 'Ville Voisine', allowedOrigins: ['https://voisine.fr'], quartiers: [], createdAt: 0 });
    const res = await t.call('GET', '/v1/tenants/voisine/consultations', { origin: 'http://localhost:8080' });
    assert.equal(res.status, 403);
    const own = await t.call('GET', '/v1/tenants/voisine/consultations', { origin: 'https://voisine.fr' });
    assert.equal(own.status, 200);
  });
});

describe('the one error shape', () => {
  let t: TestApp;
  before(async () => (t = await createTestApp()));
  after(() => t.close());

  const assertShape = (body: any) => {
    assert.equal(typeof body.error.code, 'string');
    assert.equal(typeof body.error.message, 'string');
    assert.ok(!JSON.stringify(body).includes('    at '), 'no stack trace');
  };

  test('malformed JSON is a 400', async () => {
    const res = await t.call('POST', `${base}/auth/sign-in`, { body: '{"email": ', headers: { 'content-type': 'application/json' } });
    assert.equal(res.status, 400);
    assertShape(res.body);
  });

  test('another content type on a write is a 415', async () => {
    const res = await t.call('POST', `${base}/auth/sign-in`, { body: 'email=a@b.fr', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(res.status, 415);
    assert.equal(res.body.error.code, 'unsupported_media_type');
  });

  test('an oversize body is a 413', async () => {
    const res = await t.call('POST', `${base}/auth/sign-in`, {
      body: JSON.stringify({ email: 'a@b.fr', password: 'x'.repeat(200_000) }),
      headers: { 'content-type': 'application/json', 'content-length': '200030' },
    });
    assert.equal(res.status, 413);
    assert.equal(res.body.error.code, 'payload_too_large');
  });

  test('wrong types and unknown fields are 400 with issues naming each field', async () => {
    const res = await t.call('POST', `${base}/auth/sign-in`, { json: { email: 42, password: 'x', admin: true } });
    assert.equal(res.status, 400);
    assert.equal(res.body.error.code, 'validation_failed');
    const paths = res.body.error.issues.map((i: { path: string }) => i.path);
    assert.ok(paths.includes('email'), JSON.stringify(paths));
    assert.ok(
      res.body.error.issues.some((i: { message: string }) => /admin/.test(i.message)),
      JSON.stringify(res.body),
    );
  });

  test('an unknown route is a JSON 404', async () => {
    const res = await t.call('GET', '/v1/nothing-here');
    assert.equal(res.status, 404);
    assertShape(res.body);
  });

  test('an unexpected failure is a 500 without details, and is logged server-side', async () => {
    const original = t.store.consultations.listByTenant;
    t.store.consultations.listByTenant = async () => {
      throw new Error('disk on fire at /var/secret/path');
    };
    const logged: unknown[] = [];
    const consoleError = console.error;
    console.error = (...args: unknown[]) => logged.push(args);
    try {
      const res = await t.call('GET', `${base}/consultations`);
      assert.equal(res.status, 500);
      assert.equal(res.body.error.code, 'internal_error');
      assert.ok(!JSON.stringify(res.body).includes('/var/secret'));
      assert.equal(logged.length, 1);
    } finally {
      console.error = consoleError;
      t.store.consultations.listByTenant = original;
    }
  });

  test('an unknown method on a known path is a 405 with Allow, in the error shape; an unknown path stays a 404', async () => {
    const res = await t.app.request('/v1/health', { method: 'DELETE' });
    assert.equal(res.status, 405);
    assert.deepEqual(new Set(res.headers.get('allow')!.split(', ')), new Set(['GET', 'HEAD']));
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'method_not_allowed');
    const tenantRoute = await t.app.request(`${base}/consultations`, { method: 'PUT', headers: { origin: ORIGIN } });
    assert.equal(tenantRoute.status, 405);
    assert.match(tenantRoute.headers.get('allow')!, /\bGET\b/);
    assert.equal((await t.app.request('/v1/nowhere', { method: 'DELETE' })).status, 404);
  });

  test('API answers carry the security headers, and never a cookie', async () => {
    const res = await t.call('GET', `${base}/consultations`);
    assert.match(res.headers.get('strict-transport-security') ?? '', /max-age=(\d+)/);
    assert.ok(Number(/max-age=(\d+)/.exec(res.headers.get('strict-transport-security')!)![1]) >= 31536000);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.match(res.headers.get('content-security-policy') ?? '', /default-src 'none'/);
    assert.match(res.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);
    assert.equal(res.headers.get('set-cookie'), null);
  });

  test('GET /v1/health answers', async () => {
    const res = await t.call('GET', '/v1/health', { origin: null });
    assert.equal(res.status, 200);
    assert.equal(res.body.status, 'ok');
  });
});

describe('widget assets', () => {
  /** Two releases on disk, `v1` pointing at the newer, each file with its brotli and gzip copies. */
  function releases(): string {
    const dir = mkdtempSync(join(tmpdir(), 'civique-widgets-'));
    for (const [release, body] of [
      ['0.1.0-aaaaaaaaaa', 'export const old = 1;'],
      ['0.1.0-bbbbbbbbbb', 'export const fresh = 2;'],
    ]) {
      mkdirSync(join(dir, release, 'chunks'), { recursive: true });
      writeFileSync(join(dir, release, 'manifest.json'), JSON.stringify({ release }));
      for (const file of ['civique.js', 'chunks/lit.js']) {
        writeFileSync(join(dir, release, file), body);
        writeFileSync(join(dir, release, `${file}.br`), brotliCompressSync(body));
        writeFileSync(join(dir, release, `${file}.gz`), gzipSync(body));
      }
    }
    writeFileSync(join(dir, 'aliases.json'), JSON.stringify({ v1: '0.1.0-bbbbbbbbbb' }));
    return dir;
  }

  test('are served cross-site with CORP cross-origin, and nothing outside the folder', async () => {
    const t = await createTestApp({ deps: { widgetsDir: releases() } });
    try {
      for (const path of ['/widgets/v1/civique.js', '/widgets/0.1.0-aaaaaaaaaa/chunks/lit.js']) {
        const res = await t.app.request(path);
        assert.equal(res.status, 200, path);
        assert.match(res.headers.get('content-type')!, /^text\/javascript/);
        assert.equal(res.headers.get('access-control-allow-origin'), '*');
        assert.equal(res.headers.get('cross-origin-resource-policy'), 'cross-origin');
      }
      assert.equal((await t.app.request('/widgets/v1/../../package.json')).status, 404);
      assert.equal((await t.app.request('/widgets/v1/%2e%2e/%2e%2e/package.json')).status, 404);
      assert.equal((await t.app.request('/widgets/%2e%2e/package.json')).status, 404);
      assert.equal((await t.app.request('/widgets/v1/civique.js.br')).status, 404, 'the compressed copies are not files of their own');
      const missing = await t.app.request('/widgets/v1/missing.js');
      assert.equal(missing.status, 404);
      assert.equal(missing.headers.get('access-control-allow-origin'), '*', 'a 404 a page can read, not a CORS error');
    } finally {
      await t.close();
    }
  });

  test('a theme stylesheet of the release is served as CSS, cross-site, under the release and the alias', async () => {
    const dir = releases();
    mkdirSync(join(dir, '0.1.0-bbbbbbbbbb', 'themes'));
    writeFileSync(join(dir, '0.1.0-bbbbbbbbbb', 'themes/dsfr.css'), 'civ-vote { --civ-radius: 0; }');
    const t = await createTestApp({ deps: { widgetsDir: dir } });
    try {
      for (const path of ['/widgets/v1/themes/dsfr.css', '/widgets/0.1.0-bbbbbbbbbb/themes/dsfr.css']) {
        const res = await t.app.request(path);
        assert.equal(res.status, 200, path);
        assert.match(res.headers.get('content-type')!, /^text\/css/);
        assert.equal(res.headers.get('access-control-allow-origin'), '*');
        assert.equal(await res.text(), 'civ-vote { --civ-radius: 0; }');
      }
    } finally {
      await t.close();
    }
  });

  test('a release is immutable and cached for a year; the alias serves the newest, briefly cached, revalidated by ETag', async () => {
    const t = await createTestApp({ deps: { widgetsDir: releases() } });
    try {
      const old = await t.app.request('/widgets/0.1.0-aaaaaaaaaa/civique.js');
      assert.equal(await old.text(), 'export const old = 1;', 'an earlier release is still served');
      assert.match(old.headers.get('cache-control')!, /max-age=31536000/);
      assert.match(old.headers.get('cache-control')!, /immutable/);

      const alias = await t.app.request('/widgets/v1/civique.js');
      assert.equal(await alias.text(), 'export const fresh = 2;');
      assert.doesNotMatch(alias.headers.get('cache-control')!, /immutable/);
      assert.ok(Number(/max-age=(\d+)/.exec(alias.headers.get('cache-control')!)![1]) <= 300);
      const tag = alias.headers.get('etag');
      assert.ok(tag, 'the alias carries an ETag');
      const again = await t.app.request('/widgets/v1/civique.js', { headers: { 'If-None-Match': tag } });
      assert.equal(again.status, 304);
      assert.equal(await again.text(), '');
      assert.equal(again.headers.get('access-control-allow-origin'), '*');
      const older = await t.app.request('/widgets/v1/civique.js', { headers: { 'If-None-Match': '"0.1.0-aaaaaaaaaa"' } });
      assert.equal(older.status, 200, 'a copy of another release is not current');
    } finally {
      await t.close();
    }
  });

  test('are sent brotli or gzip as the browser accepts, with Vary: Accept-Encoding', async () => {
    const t = await createTestApp({ deps: { widgetsDir: releases() } });
    try {
      for (const [accept, encoding] of [
        ['gzip, deflate, br, zstd', 'br'],
        ['gzip', 'gzip'],
        ['identity', null],
      ] as const) {
        const res = await t.app.request('/widgets/v1/civique.js', { headers: { 'Accept-Encoding': accept } });
        assert.equal(res.status, 200);
        assert.equal(res.headers.get('content-encoding'), encoding, accept);
        assert.match(res.headers.get('vary') ?? '', /Accept-Encoding/i, accept);
        const bytes = Buffer.from(await res.arrayBuffer());
        const body = encoding === 'br' ? brotliDecompressSync(bytes) : encoding === 'gzip' ? gunzipSync(bytes) : bytes;
        assert.equal(body.toString(), 'export const fresh = 2;');
      }
    } finally {
      await t.close();
    }
  });

  test('a malformed path is a 404 in the error shape, not a 500', async () => {
    const t = await createTestApp({ deps: { widgetsDir: releases() } });
    try {
      for (const path of ['/widgets/v1/%E0%A4%A.js', '/widgets/%E0%A4%A/civique.js', '/widgets/v1/chunks/%ZZ.js']) {
        const res = await t.app.request(path);
        assert.equal(res.status, 404, path);
        const body = (await res.json()) as { error: { code: string; message: string } };
        assert.equal(body.error.code, 'not_found', path);
      }
    } finally {
      await t.close();
    }
  });
});

describe('client IP', () => {
  test('is the socket peer, whatever X-Forwarded-For an untrusted peer sends', () => {
    const none = parseTrustedProxies('');
    const headers = new Headers({ 'x-forwarded-for': '1.2.3.4', 'cf-connecting-ip': '5.6.7.8' });
    assert.equal(resolveClientIp('203.0.113.9', headers, none), '203.0.113.9');
  });

  test('believes a trusted proxy: the right-most untrusted X-Forwarded-For hop', () => {
    const trusted = parseTrustedProxies('10.0.0.0/8, ::1');
    const headers = new Headers({ 'x-forwarded-for': '1.2.3.4, 198.51.100.23, 10.0.0.7' });
    assert.equal(resolveClientIp('10.0.0.1', headers, trusted), '198.51.100.23');
    assert.equal(resolveClientIp('::1', new Headers(), trusted), '::1');
  });

  test('the cloudflare preset believes CF-Connecting-IP from Cloudflare’s ranges only', () => {
    const trusted = parseTrustedProxies('cloudflare');
    const headers = new Headers({ 'cf-connecting-ip': '2001:db8::1', 'x-forwarded-for': '9.9.9.9' });
    assert.equal(resolveClientIp('173.245.48.10', headers, trusted), '2001:db8::1');
    assert.equal(resolveClientIp('203.0.113.4', headers, trusted), '203.0.113.4');
  });

  test('CF-Connecting-IP is read only from a Cloudflare edge; from another trusted proxy X-Forwarded-For counts', () => {
    const headers = new Headers({ 'cf-connecting-ip': '100.64.1.9', 'x-forwarded-for': '198.51.100.23, 10.0.0.7' });
    assert.equal(resolveClientIp('10.0.0.1', headers, parseTrustedProxies('10.0.0.0/8')), '198.51.100.23');
    const both = parseTrustedProxies('cloudflare, 10.0.0.0/8');
    assert.equal(resolveClientIp('10.0.0.1', headers, both), '198.51.100.23', 'a non-Cloudflare trusted proxy');
    assert.equal(resolveClientIp('162.158.1.1', headers, both), '100.64.1.9', 'a Cloudflare edge');
  });

  test('over real HTTP behind a local proxy, a varying CF-Connecting-IP does not escape the per-address cap', async () => {
    // The production path: @hono/node-server on a socket, headers read from Node's own parsed headers.
    const t = await createTestApp({ trustedProxies: '127.0.0.1' });
    const server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' });
    try {
      await new Promise<void>((resolve) => (server.listening ? resolve() : server.once('listening', () => resolve())));
      const { port } = server.address() as AddressInfo;
      const c = await t.addConsultation({
        kind: 'vote',
        settings: {
          mode: 'single',
          options: [
            { id: 'oui', label: 'Oui' },
            { id: 'non', label: 'Non' },
          ],
        },
        stuffingPolicy: { requireVerifiedEmail: false, perIp: { max: 3, windowMinutes: 60 }, perPrefix: null },
      });
      const statuses: string[] = [];
      for (let n = 1; n <= 8; n++) {
        const res = await fetch(`http://127.0.0.1:${port}${base}/consultations/${c.slug}/ballot`, {
          method: 'PUT',
          headers: {
            origin: 'http://localhost:8080',
            'content-type': 'application/json',
            'civique-participant': newParticipantId(),
            'cf-connecting-ip': `100.64.${n}.9`,
            'x-forwarded-for': '203.0.113.77',
          },
          body: JSON.stringify({ choice: ['oui'] }),
        });
        assert.equal(res.status, 201);
        statuses.push(((await res.json()) as any).ballot.status);
      }
      assert.deepEqual(statuses, ['accepted', 'accepted', 'accepted', 'quarantined', 'quarantined', 'quarantined', 'quarantined', 'quarantined']);
    } finally {
      (server as Server).closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await t.close();
    }
  });

  test('unwraps IPv4-mapped IPv6 and computes /24 and /64 prefixes', () => {
    assert.equal(normalizeIp('::ffff:192.0.2.10'), '192.0.2.10');
    assert.equal(networkPrefix('192.0.2.10'), '192.0.2.0/24');
    assert.equal(networkPrefix('203.0.113.255'), '203.0.113.0/24');
    assert.equal(networkPrefix('2001:db8:aa:bb:1:2:3:4'), '2001:db8:aa:bb::/64');
    assert.equal(networkPrefix('2001:db8::1'), '2001:db8:0:0::/64');
    assert.equal(networkPrefix('2001:db8::ffff:1.2.3.4'), '2001:db8:0:0::/64');
  });

  test('instants: each time its own text, the same time twice the same text, an invalid time refused', () => {
    const times = [Date.UTC(2027, 2, 1, 8), Date.UTC(2027, 2, 1, 8), Date.UTC(2027, 2, 1, 8, 0, 0, 1), Date.UTC(2027, 2, 1, 8)];
    assert.deepEqual(times.map(toInstant), ['2027-03-01T08:00:00.000Z', '2027-03-01T08:00:00.000Z', '2027-03-01T08:00:00.001Z', '2027-03-01T08:00:00.000Z']);
    assert.throws(() => toInstant(Number.NaN), RangeError);
    assert.equal(toInstant(0), '1970-01-01T00:00:00.000Z');
  });

  test('a bad TRUSTED_PROXIES entry stops the start with a clear message', () => {
    assert.throws(() => parseTrustedProxies('10.0.0.0/8, not-an-ip'), /TRUSTED_PROXIES: "not-an-ip"/);
  });

  test('a spoofed header reaches no anti-stuffing decision: the app sees the socket address', async () => {
    const t = await createTestApp();
    try {
      const seen: string[] = [];
      t.app.get('/v1/probe', (c) => {
        seen.push(c.get('clientIp'));
        return c.json({});
      });
      await t.call('GET', '/v1/probe', { ip: '203.0.113.50', headers: { 'x-forwarded-for': '1.1.1.1' } });
      assert.deepEqual(seen, ['203.0.113.50']);
    } finally {
      await t.close();
    }
  });
});
