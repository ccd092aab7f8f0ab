import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { connect } from 'node:net';
import { describe, test } from 'node:test';
import { DAY } from '../clock.ts';
import { SETTINGS } from '../testing/proposals.ts';
import { createTestApp, ORIGIN, TENANT, type CallOptions, type TestApp } from '../testing/test-app.ts';

const PATH = `/v1/tenants/${TENANT}/consultations/marche/ballot`;
const PARTICIPANT = 'hot-route-participant-0001';

/** The same consultation in each app, so that both answer the same requests alike. */
async function app(hot: boolean): Promise<{ t: TestApp; appCalls: () => number }> {
  const t = await createTestApp({ hot });
  await t.addConsultation({
    id: 'c-marche',
    slug: 'marche',
    settings: {
      mode: 'single',
      options: [
        { id: 'mardi', label: 'Mardi' },
        { id: 'samedi', label: 'Samedi' },
      ],
    } as never,
  });
  await t.addConsultation({ id: 'c-ferme', slug: 'ferme', opensAt: t.clock.now() - 3 * DAY, closesAt: t.clock.now() - DAY });
  // Counts the requests that reached the Hono app (the hot path answers without it).
  let calls = 0;
  const fetch = t.app.fetch;
  t.app.fetch = (...args: Parameters<typeof fetch>) => {
    calls++;
    return fetch(...args);
  };
  return { t, appCalls: () => calls };
}

/** What a client sees of an answer, without what changes from one request to the next. */
function seen(res: { status: number; body: unknown; headers: Headers }) {
  const headers = Object.fromEntries([...res.headers].filter(([name]) => !['date', 'connection', 'keep-alive'].includes(name)));
  return { status: res.status, headers, body: res.body };
}

const ballot = (json: unknown, headers: Record<string, string> = {}, more: CallOptions = {}): [string, string, CallOptions] => [
  'PUT',
  PATH,
  { json, headers: { 'civique-participant': PARTICIPANT, ...headers }, ...more },
];

describe('hot routes', () => {
  test('a ballot answers the same through the hot path as through the app, success and refusals alike', async () => {
    const [hot, plain] = [await app(true), await app(false)];
    const requests: [string, [string, string, CallOptions]][] = [
      ['first ballot', ballot({ choice: ['mardi'] })],
      ['changed ballot', ballot({ choice: ['samedi'] })],
      ['If-None-Match: * on a cast ballot', ballot({ choice: ['mardi'] }, { 'if-none-match': '*' })],
      ['unknown option', ballot({ choice: ['lundi'] })],
      ['two options in a single vote', ballot({ choice: ['mardi', 'samedi'] })],
      ['body the schema refuses', ballot({ choice: 'mardi' })],
      ['unknown field', ballot({ choice: ['mardi'], extra: 1 })],
      ['malformed participant id', ballot({ choice: ['mardi'] }, { 'civique-participant': 'x' })],
      ['no participant', ['PUT', PATH, { json: { choice: ['mardi'] } }]],
      ['honeypot filled', ballot({ choice: ['mardi'], website: 'http://spam.example' }, { 'civique-participant': 'hot-route-participant-0002' })],
      ['not JSON', ['PUT', PATH, { body: '{"choice":', headers: { 'content-type': 'application/json', 'civique-participant': PARTICIPANT } }]],
      ['unknown consultation', ['PUT', `/v1/tenants/${TENANT}/consultations/inconnue/ballot`, ballot({ choice: ['mardi'] })[2]]],
      ['closed consultation', ['PUT', `/v1/tenants/${TENANT}/consultations/ferme/ballot`, ballot({ choice: ['a'] })[2]]],
      ['unknown tenant', ['PUT', '/v1/tenants/nulle-part/consultations/marche/ballot', ballot({ choice: ['mardi'] })[2]]],
      ['origin not allowed', ballot({ choice: ['mardi'] }, {}, { origin: 'https://ailleurs.example' })],
      ['no origin (server to server)', ballot({ choice: ['mardi'] }, { 'civique-participant': 'hot-route-participant-0003' }, { origin: null })],
      ['query string', ['PUT', `${PATH}?x=1`, ballot({ choice: ['mardi'] })[2]]],
    ];
    for (const [what, [method, path, options]] of requests) {
      const [a, b] = [await hot.t.call(method, path, options), await plain.t.call(method, path, options)];
      assert.deepEqual(seen(a), seen(b), what);
    }
    assert.equal(hot.t.count('SELECT count(*) AS n FROM ballots'), plain.t.count('SELECT count(*) AS n FROM ballots'));
    await hot.t.close();
    await plain.t.close();
  });

  test('the hot path serves an anonymous widget ballot without the app, and leaves the rest to it', async () => {
    const { t, appCalls } = await app(true);
    const first = await t.call(...ballot({ choice: ['mardi'] }));
    assert.equal(first.status, 201);
    assert.equal(first.headers.get('access-control-allow-origin'), ORIGIN);
    assert.equal((await t.call(...ballot({ choice: ['lundi'] }))).status, 422, 'a refusal of the service is answered on the hot path too');
    assert.equal(appCalls(), 0, 'no request reached the app');

    const { token } = await t.signUp();
    assert.equal((await t.call('PUT', PATH, { json: { choice: ['samedi'] }, token })).status, 201, 'a ballot with a session');
    assert.equal((await t.call(...ballot({ choice: 'mardi' }))).status, 400, 'a body the schema refuses');
    assert.equal((await t.call('OPTIONS', PATH, { headers: { 'access-control-request-method': 'PUT' } })).status, 204, 'the preflight');
    // sign-up and sign-in, then the three calls above
    assert.equal(appCalls(), 5);
    await t.close();
  });

  test('a client gone mid-body is not logged as an error: a ballot on the hot path or through the app, an image upload', async (context) => {
    const errors: unknown[][] = [];
    context.mock.method(console, 'error', (...args: unknown[]) => void errors.push(args));
    const ballotBody = JSON.stringify({ choice: ['mardi'] });
    const cases = [
      { what: 'ballot, hot path', hot: true, method: 'PUT', path: PATH, type: 'application/json', length: ballotBody.length, appCalls: 0 },
      { what: 'ballot, through the app', hot: false, method: 'PUT', path: PATH, type: 'application/json', length: ballotBody.length, appCalls: 1 },
      {
        what: 'image upload',
        hot: true,
        method: 'POST',
        path: `/v1/tenants/${TENANT}/consultations/idees/proposal-images`,
        type: 'image/png',
        length: 200_000,
        appCalls: 1,
      },
    ];
    for (const { what, hot, method, path, type, length, appCalls: expectedAppCalls } of cases) {
      const { t, appCalls } = await app(hot);
      await t.addConsultation({ slug: 'idees', kind: 'proposals', settings: SETTINGS });
      const { server, port } = await t.listen();
      const socket = connect(port, '127.0.0.1');
      await once(socket, 'connect');
      const received = once(server, 'request');
      // The headers promise the whole body; five bytes of it come, then the phone loses its network.
      socket.write(
        `${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: ${ORIGIN}\r\nContent-Type: ${type}\r\n` +
          `Civique-Participant: ${PARTICIPANT}\r\nContent-Length: ${length}\r\n\r\n${ballotBody.slice(0, 5)}`,
      );
      const [, res] = (await received) as [IncomingMessage, ServerResponse];
      socket.destroy();
      // Until the server has answered the aborted request (into the void): its error, if any, was logged by then.
      while (!res.writableEnded) await new Promise((resolve) => setTimeout(resolve, 5));
      assert.equal(appCalls(), expectedAppCalls, `${what}: the request reached the path under test`);
      assert.equal(t.count('SELECT count(*) AS n FROM ballots'), 0);
      assert.deepEqual(errors, [], what);
      await t.close();
    }
  });

  test('a body that arrives in two pieces is read whole on the hot path', async () => {
    const { t, appCalls } = await app(true);
    const { server, port } = await t.listen();
    const socket = connect(port, '127.0.0.1');
    await once(socket, 'connect');
    const received = once(server, 'request');
    const body = JSON.stringify({ choice: ['samedi'] });
    socket.write(
      `PUT ${PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: ${ORIGIN}\r\nContent-Type: application/json\r\n` +
        `Civique-Participant: ${PARTICIPANT}\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 9)}`,
    );
    // The rest only once the server is reading the body: two chunks for it, not one.
    await received;
    const answer = once(socket, 'data');
    socket.write(body.slice(9));
    const [data] = (await answer) as [Buffer];
    socket.destroy();
    assert.match(data.toString(), /^HTTP\/1\.1 201 /, 'the ballot is accepted');
    assert.equal(appCalls(), 0, 'on the hot path');
    assert.equal(t.count('SELECT count(*) AS n FROM ballots WHERE choice = \'["samedi"]\''), 1);
    await t.close();
  });
});
