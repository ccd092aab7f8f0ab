import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Consultation } from '../consultations/consultations.store.ts';
import { anonymous, consultationPath, newParticipantId, signUpStaff, tenantBase } from '../testing/participation.ts';
import { png, proposalBody, SETTINGS } from '../testing/proposals.ts';
import { createTestApp, type TestApp } from '../testing/test-app.ts';

describe('proposals: submit, list, read, withdraw, images', () => {
  let t: TestApp;
  let open: Consultation;
  let premoderated: Consultation;
  let moderator: string;
  const path = (c: Consultation, rest = '') => `${consultationPath(c)}${rest}`;

  before(async () => {
    t = await createTestApp();
    open = await t.addConsultation({ kind: 'proposals', settings: SETTINGS });
    premoderated = await t.addConsultation({ kind: 'proposals', settings: { ...SETTINGS, premoderation: true } });
    moderator = (await signUpStaff(t, 'moderatrice@montjoli.fr', ['moderator'])).token;
  });
  after(() => t.close());

  test('a signed-in citizen submits; published at once without premoderation, listed, read by anyone, never with its author', async () => {
    const author = await t.signUp();
    const res = await t.call('POST', path(open, '/proposals'), { token: author.token, json: proposalBody() });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.emailConfirmation, 'none');
    const p = res.body.proposal;
    assert.equal(p.moderation, 'published');
    assert.equal(p.byMe, true);
    assert.equal(p.answerStatus, 'none');
    assert.equal(p.answer, null);
    const list = await t.call('GET', path(open, '/proposals'));
    assert.equal(list.status, 200);
    assert.deepEqual(
      list.body.items.map((i: { id: string }) => i.id),
      [p.id],
    );
    const read = await t.call('GET', path(open, `/proposals/${p.id}`));
    assert.equal(read.status, 200);
    assert.equal(read.body.byMe, false);
    assert.equal(JSON.stringify(read.body).includes(author.id), false);
    assert.equal(JSON.stringify(read.body).includes(author.email), false);
  });

  test('premoderated: the author sees it submitted, others get 404 and the list leaves it out until a moderator publishes it', async () => {
    const author = await t.signUp();
    const res = await t.call('POST', path(premoderated, '/proposals'), { token: author.token, json: proposalBody() });
    assert.equal(res.status, 201);
    const id = res.body.proposal.id;
    assert.equal(res.body.proposal.moderation, 'submitted');
    assert.equal((await t.call('GET', path(premoderated, `/proposals/${id}`), { token: author.token })).body.moderation, 'submitted');
    assert.equal((await t.call('GET', path(premoderated, `/proposals/${id}`))).status, 404);
    assert.deepEqual((await t.call('GET', path(premoderated, '/proposals'))).body.items, []);
    const published = await t.call('POST', path(premoderated, `/proposals/${id}/moderation`), { token: moderator, json: { state: 'published' } });
    assert.equal(published.status, 200, JSON.stringify(published.body));
    assert.equal((await t.call('GET', path(premoderated, `/proposals/${id}`))).body.moderation, 'published');
    assert.equal((await t.call('GET', path(premoderated, '/proposals'))).body.items.length, 1);
  });

  test('a filled honeypot never errs: the proposal waits for a moderator even without premoderation', async () => {
    const res = await t.call('POST', path(open, '/proposals'), anonymous(newParticipantId(), { json: proposalBody({ website: 'http://spam.example' }) }));
    assert.equal(res.status, 201);
    assert.equal(res.body.proposal.moderation, 'submitted');
  });

  test('limits, category and quartier are the consultation’s; the email is for anonymous authors only', async () => {
    const author = await t.signUp();
    const tooLong = await t.call('POST', path(open, '/proposals'), { token: author.token, json: proposalBody({ title: 'x'.repeat(41) }) });
    assert.equal(tooLong.status, 422);
    assert.equal(tooLong.body.error.code, 'proposal_too_long');
    assert.equal(tooLong.body.error.issues[0].path, 'title');
    const category = await t.call('POST', path(open, '/proposals'), { token: author.token, json: proposalBody({ category: 'sport' }) });
    assert.equal(category.body.error.code, 'proposal_unknown_category');
    const quartier = await t.call('POST', path(open, '/proposals'), { token: author.token, json: proposalBody({ quartier: 'ailleurs' }) });
    assert.equal(quartier.body.error.code, 'proposal_unknown_quartier');
    const email = await t.call('POST', path(open, '/proposals'), { token: author.token, json: proposalBody({ email: 'moi@example.fr' }) });
    assert.equal(email.status, 422);
    assert.equal(email.body.error.code, 'proposal_email_not_allowed');
    const elsewhere = await t.call('POST', path(open, '/proposals'), { token: author.token, json: proposalBody({ returnUrl: 'https://evil.example/x' }) });
    assert.equal(elsewhere.status, 400);
    assert.equal(elsewhere.body.error.issues[0].path, 'returnUrl');
  });

  test('anonymous only where the consultation allows it; the anonymous author withdraws with the same id', async () => {
    const closedToAnonymous = await t.addConsultation({ kind: 'proposals', settings: SETTINGS, allowAnonymous: false });
    const id = newParticipantId();
    const refused = await t.call('POST', path(closedToAnonymous, '/proposals'), anonymous(id, { json: proposalBody() }));
    assert.equal(refused.status, 403);
    assert.equal(refused.body.error.code, 'account_required');
    const res = await t.call('POST', path(open, '/proposals'), anonymous(id, { json: proposalBody({ title: 'Des arceaux vélo' }) }));
    assert.equal(res.status, 201);
    const pid = res.body.proposal.id;
    const notMine = await t.call('POST', path(open, `/proposals/${pid}/withdrawal`), anonymous(newParticipantId()));
    assert.equal(notMine.status, 403);
    assert.equal(notMine.body.error.code, 'proposal_not_author');
    const withdrawn = await t.call('POST', path(open, `/proposals/${pid}/withdrawal`), anonymous(id));
    assert.equal(withdrawn.status, 200);
    assert.equal(withdrawn.body.moderation, 'withdrawn');
    assert.equal((await t.call('GET', path(open, `/proposals/${pid}`))).status, 404);
    const list = await t.call('GET', path(open, '/proposals'));
    assert.equal(
      list.body.items.some((i: { id: string }) => i.id === pid),
      false,
    );
  });

  test('images: checked by their bytes, size and dimensions; served only once their proposal is published, immutable and nosniff', async () => {
    const id = newParticipantId();
    const upload = (body: Buffer, type = 'image/png', who = id) =>
      t.call('POST', path(premoderated, '/proposal-images'), anonymous(who, { body, headers: { 'content-type': type } }));
    const ok = await upload(png(64, 48));
    assert.equal(ok.status, 201, JSON.stringify(ok.body));
    const imageId = ok.body.imageId;
    // A PNG is not a JPEG: the declared type must be the real one.
    const lying = await upload(png(8, 8), 'image/jpeg');
    assert.equal(lying.status, 422);
    assert.equal(lying.body.error.code, 'proposal_image_invalid');
    const garbage = await upload(Buffer.from('GIF89a, or anything else'), 'image/png');
    assert.equal(garbage.status, 422);
    const huge = await upload(png(4097, 1));
    assert.equal(huge.status, 422);
    assert.match(huge.body.error.message, /4096×4096/);
    const tooBig = await upload(Buffer.concat([png(8, 8), Buffer.alloc(1024 * 1024)]));
    assert.equal(tooBig.status, 413);
    assert.equal(tooBig.body.error.code, 'proposal_image_too_large');
    const svg = await upload(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'image/svg+xml');
    assert.equal(svg.status, 415);
    assert.equal(svg.body.error.code, 'proposal_image_type');

    const image = `${tenantBase}/proposal-images/${imageId}`;
    assert.equal((await t.call('GET', image, anonymous(id))).status, 200, 'its uploader sees it before it is attached');
    assert.equal((await t.call('GET', image)).status, 404);
    assert.equal((await t.call('GET', image, anonymous(newParticipantId()))).status, 404);

    const stolen = await t.call('POST', path(premoderated, '/proposals'), anonymous(newParticipantId(), { json: proposalBody({ imageId }) }));
    assert.equal(stolen.status, 404, 'another participant cannot attach it');
    const res = await t.call('POST', path(premoderated, '/proposals'), anonymous(id, { json: proposalBody({ imageId }) }));
    assert.equal(res.status, 201);
    assert.equal(res.body.proposal.imageUrl.endsWith(`/proposal-images/${imageId}`), true);
    assert.equal((await t.call('GET', image)).status, 404, 'not public while submitted');
    await t.call('POST', path(premoderated, `/proposals/${res.body.proposal.id}/moderation`), { token: moderator, json: { state: 'published' } });
    const served = await t.call('GET', image, { origin: null });
    assert.equal(served.status, 200);
    assert.equal(served.headers.get('content-type'), 'image/png');
    assert.equal(served.headers.get('x-content-type-options'), 'nosniff');
    assert.match(served.headers.get('cache-control')!, /immutable/);
  });

  test('one address uploads at most 30 images and sends at most 20 proposals an hour', async () => {
    const ip = '203.0.113.77';
    for (let i = 0; i < 30; i++) {
      const res = await t.call(
        'POST',
        path(open, '/proposal-images'),
        anonymous(newParticipantId(), { body: png(2, 2), headers: { 'content-type': 'image/png' }, ip }),
      );
      assert.equal(res.status, 201, `upload ${i + 1}`);
    }
    const refused = await t.call(
      'POST',
      path(open, '/proposal-images'),
      anonymous(newParticipantId(), { body: png(2, 2), headers: { 'content-type': 'image/png' }, ip }),
    );
    assert.equal(refused.status, 429);
    assert.equal(refused.body.error.code, 'rate_limited');
    assert.ok(Number(refused.headers.get('retry-after')) > 0);
    for (let i = 0; i < 20; i++) {
      const res = await t.call('POST', path(open, '/proposals'), anonymous(newParticipantId(), { json: proposalBody({ title: `Idée ${i}` }), ip }));
      assert.equal(res.status, 201, `proposal ${i + 1}`);
    }
    assert.equal((await t.call('POST', path(open, '/proposals'), anonymous(newParticipantId(), { json: proposalBody(), ip }))).status, 429);
    t.clock.advance(61 * 60 * 1000);
    assert.equal((await t.call('POST', path(open, '/proposals'), anonymous(newParticipantId(), { json: proposalBody(), ip }))).status, 201, 'an hour later');
  });

  test('unattached images are erased after 24 hours by the retention job', async () => {
    const id = newParticipantId();
    const res = await t.call('POST', path(open, '/proposal-images'), anonymous(id, { body: png(4, 4), headers: { 'content-type': 'image/png' } }));
    assert.equal(res.status, 201);
    t.clock.advance(25 * 60 * 60 * 1000);
    const report = await t.services.retention.run();
    assert.ok((report.expired.unattachedProposalImages ?? 0) >= 1);
    assert.equal((await t.call('GET', `${tenantBase}/proposal-images/${res.body.imageId}`, anonymous(id))).status, 404);
  });

  test('list: filters and keyset pages without duplicates or gaps', async () => {
    const c = await t.addConsultation({ kind: 'proposals', settings: SETTINGS });
    const author = await t.signUp();
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      t.clock.advance(1000);
      const res = await t.call('POST', path(c, '/proposals'), {
        token: author.token,
        json: proposalBody({ title: `Idée ${i}`, category: i % 2 ? 'mobilite' : 'nature', quartier: i < 3 ? 'prairie' : 'centre' }),
      });
      ids.push(res.body.proposal.id);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: { items: { id: string }[]; nextCursor: string | null } } = await t.call(
        'GET',
        path(c, `/proposals?limit=3${cursor ? `&cursor=${cursor}` : ''}`),
      );
      assert.equal(page.status, 200);
      seen.push(...page.body.items.map((i) => i.id));
      cursor = page.body.nextCursor;
    } while (cursor && seen.length < 20);
    assert.deepEqual(seen, [...ids].reverse(), 'newest first, each once');
    const mobilite = await t.call('GET', path(c, '/proposals?category=mobilite'));
    assert.deepEqual(
      mobilite.body.items.map((i: { id: string }) => i.id),
      [ids[5], ids[3], ids[1]],
    );
    const prairie = await t.call('GET', path(c, '/proposals?quartier=prairie&category=nature'));
    assert.deepEqual(
      prairie.body.items.map((i: { id: string }) => i.id),
      [ids[2], ids[0]],
    );
    assert.equal((await t.call('GET', path(c, '/proposals?cursor=bm9wZQ'))).status, 400);
  });
});
