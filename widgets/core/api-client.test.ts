import { expect, fixture } from '@open-wc/testing';
import { html } from 'lit';
import { ApiClient, ApiError, NetworkError, tenantBaseUrl } from './api-client.ts';
import { fr } from './i18n/fr.ts';
import { errorText } from './i18n/i18n.ts';

/** A fetch that answers from a list, one answer per call, and counts the calls. */
function stubFetch(...answers: (Response | 'network-error')[]) {
  const calls: Request[] = [];
  const original = window.fetch;
  window.fetch = async (input, init) => {
    calls.push(new Request(input, init));
    const answer = answers[Math.min(calls.length - 1, answers.length - 1)];
    if (answer === 'network-error') throw new TypeError('Failed to fetch');
    return answer.clone();
  };
  return { calls, restore: () => (window.fetch = original) };
}

/** A fetch that never answers: each attempt waits for its signal to abort, then rejects with the signal's reason. */
function hangingFetch() {
  const attempts: RequestInit[] = [];
  const original = window.fetch;
  window.fetch = (_input, init) => {
    attempts.push(init!);
    return new Promise((_resolve, reject) => init!.signal!.addEventListener('abort', () => reject(init!.signal!.reason)));
  };
  return { calls: [] as Request[], attempts, restore: () => (window.fetch = original) };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

const client = (options: Partial<ConstructorParameters<typeof ApiClient>[0]> = {}) =>
  new ApiClient({ api: 'https://api.civique.test', tenant: 'montjoli', token: () => 'tok_0123456789abcdefghij', ...options });

let fetchStub: ReturnType<typeof stubFetch> | undefined;
afterEach(() => fetchStub?.restore());

describe('ApiClient', () => {
  it('turns failures into messages a citizen can read (accessible notice)', async () => {
    fetchStub = stubFetch('network-error');
    const error = await client({ retries: 0 })
      .post('auth/sign-in', {})
      .catch((e: unknown) => e);
    const notice = await fixture(html`<div role="status" class="notice"><p>${errorText(fr, error)}</p></div>`);
    await expect(notice).to.be.accessible();
    expect(notice.textContent).to.include('Le serveur n’a pas pu être joint');
  });

  it('builds the tenant base URL from the API origin, with or without a path prefix', () => {
    expect(tenantBaseUrl('https://api.civique.test', 'montjoli')).to.equal('https://api.civique.test/v1/tenants/montjoli/');
    expect(tenantBaseUrl('https://ville.fr/civique/', 'montjoli')).to.equal('https://ville.fr/civique/v1/tenants/montjoli/');
  });

  it('sends JSON with the bearer token, and none when asked not to', async () => {
    fetchStub = stubFetch(json(200, { ok: 1 }));
    const api = client();
    expect(await api.patch('me', { profile: { city: 'Montjoli' } })).to.deep.equal({ ok: 1 });
    const [request] = fetchStub.calls;
    expect(request.url).to.equal('https://api.civique.test/v1/tenants/montjoli/me');
    expect(request.method).to.equal('PATCH');
    expect(request.headers.get('authorization')).to.equal('Bearer tok_0123456789abcdefghij');
    expect(request.headers.get('content-type')).to.equal('application/json');
    expect(await request.json()).to.deep.equal({ profile: { city: 'Montjoli' } });
    expect(request.credentials).to.equal('omit');

    await api.get('', { auth: false });
    expect(fetchStub.calls[1].url, 'the tenant, without a trailing slash').to.equal('https://api.civique.test/v1/tenants/montjoli');
    expect(fetchStub.calls[1].headers.get('authorization')).to.equal(null);
  });

  it('maps the server’s error shape to a typed ApiError with code, status, issues and the wait', async () => {
    fetchStub = stubFetch(
      json(400, { error: { code: 'validation_failed', message: 'The request is not valid', issues: [{ path: 'profile.birthYear', message: 'Too small' }] } }),
      json(429, { error: { code: 'rate_limited', message: 'Too many attempts' } }, { 'Retry-After': '120' }),
      new Response('<html>Bad gateway</html>', { status: 502 }),
    );
    const api = client();
    const invalid = await api.patch('me', {}).catch((e: unknown) => e);
    expect(invalid).to.be.instanceOf(ApiError);
    expect(invalid).to.include({ status: 400, code: 'validation_failed' });
    expect((invalid as ApiError).issues).to.deep.equal([{ path: 'profile.birthYear', message: 'Too small' }]);

    const limited = (await api.post('auth/sign-in', {}).catch((e: unknown) => e)) as ApiError;
    expect(limited).to.include({ status: 429, code: 'rate_limited', retryAfterSeconds: 120 });
    expect(errorText(fr, limited)).to.equal('Trop de tentatives. Réessayez dans 2 minutes.');

    const gateway = (await api.post('auth/sign-in', {}).catch((e: unknown) => e)) as ApiError;
    expect(gateway).to.include({ status: 502, code: 'http_error' });
    expect(errorText(fr, gateway)).to.equal(fr.errors.unknown);
  });

  it('tells a network failure (no answer) apart from any answer of the server', async () => {
    fetchStub = stubFetch('network-error');
    const failure = await client({ retries: 0 })
      .get('me')
      .catch((e: unknown) => e);
    expect(failure).to.be.instanceOf(NetworkError);
    expect(failure).not.to.be.instanceOf(ApiError);
    expect(failure).to.include({ code: 'network_error', status: 0 });
  });

  it('retries idempotent calls after a network failure, and succeeds when the network is back', async () => {
    fetchStub = stubFetch('network-error', json(200, { id: 'acc-1' }));
    expect(await client().get('me')).to.deep.equal({ id: 'acc-1' });
    expect(fetchStub.calls).to.have.length(2);

    fetchStub.restore();
    fetchStub = stubFetch('network-error', 'network-error', new Response(null, { status: 204 }));
    await client().delete('me', { password: 'x' });
    expect(fetchStub.calls).to.have.length(3);
  });

  it('never retries a POST or a PATCH (a ballot or a sign-up must not be sent twice)', async () => {
    fetchStub = stubFetch('network-error', json(201, {}));
    const failed = await client()
      .post('auth/sign-up', { email: 'a@b.fr' })
      .catch((e: unknown) => e);
    expect(failed).to.be.instanceOf(NetworkError);
    expect(fetchStub.calls).to.have.length(1);

    fetchStub.restore();
    fetchStub = stubFetch('network-error', json(200, {}));
    const patched = await client()
      .patch('me', {})
      .catch((e: unknown) => e);
    expect(patched).to.be.instanceOf(NetworkError);
    expect(fetchStub.calls).to.have.length(1);
  });

  it('gives up on a server that never answers: after the timeout, a network failure, and the GET is not sent again', async () => {
    const hanging = (fetchStub = hangingFetch());
    const failure = await client({ timeoutMs: 50 })
      .get('me')
      .catch((e: unknown) => e);
    expect(failure).to.be.instanceOf(NetworkError);
    expect(errorText(fr, failure)).to.include('Le serveur n’a pas pu être joint');
    expect(hanging.attempts, 'a timeout is not repeated, even for an idempotent method').to.have.length(1);
    expect(hanging.attempts[0].signal!.aborted, 'the request itself was cancelled').to.equal(true);
  });

  it('passes a caller’s abort on as it is, never retried nor taken for a network failure', async () => {
    const { attempts } = (fetchStub = hangingFetch());
    const controller = new AbortController();
    const pending = client()
      .get('me', { signal: controller.signal })
      .catch((e: unknown) => e);
    controller.abort();
    const failure = await pending;
    expect(failure).to.be.instanceOf(DOMException);
    expect((failure as DOMException).name).to.equal('AbortError');
    expect(attempts).to.have.length(1);
  });

  it('does not retry an answer, even a 500', async () => {
    fetchStub = stubFetch(json(500, { error: { code: 'internal_error', message: 'x' } }), json(200, {}));
    const failed = await client()
      .get('me')
      .catch((e: unknown) => e);
    expect(failed).to.include({ status: 500, code: 'internal_error' });
    expect(fetchStub.calls).to.have.length(1);
  });

  it('ends the session on `unauthenticated`, not on a wrong password inside it', async () => {
    let ended = 0;
    fetchStub = stubFetch(
      json(401, { error: { code: 'invalid_credentials', message: 'Password is incorrect' } }),
      json(401, { error: { code: 'unauthenticated', message: 'Sign in first' } }),
    );
    const api = client({ onUnauthorized: () => ended++ });
    await api.delete('me', { password: 'wrong' }).catch(() => undefined);
    expect(ended).to.equal(0);
    await api.get('me').catch(() => undefined);
    expect(ended).to.equal(1);
  });

  it('ends the session when a public operation answers as for a signed-out visitor and names the token stale', async () => {
    let ended = 0;
    fetchStub = stubFetch(json(200, { consultations: [] }), json(200, { consultations: [] }, { 'WWW-Authenticate': 'Bearer error="invalid_token"' }));
    const api = client({ onUnauthorized: () => ended++ });
    await api.get('consultations');
    expect(ended, 'a plain answer keeps the session').to.equal(0);
    expect(await api.get('consultations')).to.deep.equal({ consultations: [] });
    expect(ended).to.equal(1);
  });
});
