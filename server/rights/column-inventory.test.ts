import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Db } from '../db/open.ts';
import { createTestApp, type TestApp } from '../testing/test-app.ts';

/**
 * Every column of every table, classified once: `exported` (in the account's export, hence erased or
 * anonymised with it too), `erased` (not in the export because it is a secret or a link, but erased or cut on
 * deletion and at retention end), or `not personal` with the reason. A migration that adds a column fails
 * this test until the column is classified here, and an `exported`/`erased` column must belong to a table
 * that a `*.personal-data.ts` entry answers for.
 */
type Class = 'exported' | 'erased' | { notPersonal: string };
const CONFIG: Class = { notPersonal: 'configuration of a tenant or a consultation, written by staff' };
const COUNTER: Class = { notPersonal: 'an aggregate counter: sums over many participations, never one person' };
const KEY: Class = { notPersonal: 'a generated row id' };

const INVENTORY: Record<string, Record<string, Class>> = {
  accounts: {
    id: 'exported',
    email: 'exported',
    email_verified_at: 'exported',
    password_hash: 'erased',
    locale: 'exported',
    restricted_at: 'exported',
    objected_at: 'exported',
    created_at: 'exported',
    updated_at: 'exported',
  },
  profiles: {
    account_id: 'erased',
    pseudonym: 'exported',
    first_name: 'exported',
    last_name: 'exported',
    phone: 'exported',
    postal_address: 'exported',
    birth_year: 'exported',
    gender: 'exported',
    city: 'exported',
    quartier: 'exported',
    avatar: 'exported',
    pcs_group: 'exported',
    show_age: 'exported',
    show_gender: 'exported',
    show_city: 'exported',
    show_quartier: 'exported',
  },
  sessions: {
    token_hash: 'erased',
    account_id: 'erased',
    persistent: 'exported',
    staff: 'exported',
    created_at: 'exported',
    expires_at: 'exported',
    last_used_at: 'exported',
  },
  auth_codes: {
    code_hash: 'erased',
    lookup: 'erased',
    account_id: 'erased',
    purpose: 'exported',
    email: 'exported',
    failed_attempts: 'exported',
    created_at: 'exported',
    expires_at: 'exported',
    used_at: 'exported',
    revoked_at: 'exported',
  },
  staff_memberships: { tenant_id: 'exported', account_id: 'erased', role: 'exported', created_at: 'exported' },
  rate_limits: {
    key: 'erased',
    count: 'exported',
    window_start: 'exported',
    blocked_until: 'exported',
    key_id: { notPersonal: 'the hash key that made the counter, destroyed with it' },
  },
  outbox: {
    id: KEY,
    message_id: 'exported',
    account_id: 'erased',
    to_address: 'exported',
    subject: 'exported',
    body: 'exported',
    html: 'erased',
    erase_when_sent: { notPersonal: 'whether the text goes once delivered (relayed messages)' },
    status: 'exported',
    attempts: 'exported',
    next_attempt_at: 'exported',
    last_error: 'exported',
    created_at: 'exported',
    sent_at: 'exported',
  },
  rights_requests: { id: KEY, account_id: 'erased', kind: 'exported', received_at: 'exported', due_at: 'exported', completed_at: 'exported' },
  ip_traces: {
    id: KEY,
    scope: 'exported',
    participation_kind: 'exported',
    participation_id: 'exported',
    account_id: 'erased',
    key_id: 'erased',
    ip_hash: 'exported',
    prefix_hash: 'exported',
    site_hash: 'exported',
    created_at: 'exported',
  },
  ip_hash_keys: {
    id: KEY,
    secret: { notPersonal: 'a server secret, destroyed after 90 days' },
    purpose: { notPersonal: 'which counters the key hashes' },
    created_at: CONFIG,
    retired_at: CONFIG,
  },
  consent_records: {
    id: KEY,
    tenant_id: 'exported',
    consent_id: 'exported',
    account_id: 'erased',
    action: 'exported',
    choices: 'exported',
    config_version: 'exported',
    text_hash: 'exported',
    locale: 'exported',
    page_origin: 'exported',
    quarantined: 'exported',
    created_at: 'exported',
  },
  ballots: {
    id: KEY,
    consultation_id: 'exported',
    account_id: 'erased',
    participant_hash: 'erased',
    district: 'exported',
    choice: 'exported',
    status: 'exported',
    reasons: 'exported',
    cast_at: 'exported',
    updated_at: 'exported',
    reviewed_at: 'exported',
  },
  survey_responses: {
    id: KEY,
    consultation_id: 'exported',
    account_id: 'erased',
    participant_hash: 'erased',
    answers: 'exported',
    profile: 'exported',
    tally: { notPersonal: 'counter keys of closed answers only (see closedAnswers)' },
    status: 'exported',
    reasons: 'exported',
    submitted_at: 'exported',
    updated_at: 'exported',
    reviewed_at: 'erased',
  },
  survey_drafts: { consultation_id: 'exported', account_id: 'erased', answers: 'exported', profile: 'exported', saved_at: 'exported' },
  ballot_tallies: { consultation_id: COUNTER, district: COUNTER, option_id: COUNTER, votes: COUNTER, first: COUNTER, points: COUNTER },
  ballot_totals: { consultation_id: COUNTER, district: COUNTER, counted: COUNTER, quarantined: COUNTER, rejected: COUNTER },
  survey_tallies: { consultation_id: COUNTER, question_id: COUNTER, value: COUNTER, count: COUNTER, first: COUNTER, points: COUNTER },
  survey_totals: { consultation_id: COUNTER, counted: COUNTER, quarantined: COUNTER, rejected: COUNTER },
  audit_events: {
    id: KEY,
    tenant_id: 'exported',
    account_id: 'erased',
    actor: { notPersonal: 'the kind of actor: staff, operator, or former staff once the account is erased' },
    former_staff_number: { notPersonal: 'a number that replaces an erased account; nothing links it back' },
    role: 'exported',
    action: 'exported',
    target: 'exported',
    before: 'exported',
    after: 'exported',
    created_at: 'exported',
  },
  former_staff: { number: KEY, erased_at: { notPersonal: 'when some erased account was unlinked from the log; no link to it' } },
  frozen_statistics: {
    consultation_id: COUNTER,
    statistics: { notPersonal: 'published statistics, small cells already suppressed' },
    frozen_at: COUNTER,
  },
  tenants: { id: CONFIG, name: CONFIG, allowed_origins: CONFIG, staff_origins: CONFIG, quartiers: CONFIG, created_at: CONFIG },
  consultations: {
    id: CONFIG,
    tenant_id: CONFIG,
    slug: CONFIG,
    kind: CONFIG,
    title: CONFIG,
    description: CONFIG,
    opens_at: CONFIG,
    closes_at: CONFIG,
    retention_end: CONFIG,
    privacy_notice: CONFIG,
    allow_anonymous: CONFIG,
    stuffing_policy: CONFIG,
    settings: CONFIG,
    purged_at: CONFIG,
    archived_at: CONFIG,
    created_at: CONFIG,
    updated_at: CONFIG,
  },
  tenant_settings: { tenant_id: CONFIG, logo_url: CONFIG, privacy_contact: CONFIG, default_retention_days: CONFIG, flag_threshold: CONFIG, updated_at: CONFIG },
  moderation_targets: {
    id: KEY,
    tenant_id: CONFIG,
    kind: { notPersonal: 'the kind of content, from a fixed list' },
    target_id: { notPersonal: 'the content’s id in its own feature (the content is that feature’s export)' },
    author_id: 'erased',
    state: { notPersonal: 'a moderation state; each change is exported with its decision' },
    created_at: { notPersonal: 'when the content entered moderation; the content carries its own dates' },
    updated_at: { notPersonal: 'when the state last changed; each change is exported with its decision' },
  },
  moderation_flags: {
    id: KEY,
    moderation_target: 'exported',
    account_id: 'erased',
    reason: 'exported',
    text: 'exported',
    counts: 'exported',
    created_at: 'exported',
  },
  moderation_decisions: {
    id: KEY,
    moderation_target: 'exported',
    from_state: 'exported',
    to_state: 'exported',
    statement: 'exported',
    moderator_id: 'erased',
    created_at: 'exported',
  },
  business_profiles: {
    account_id: 'erased',
    trade_name: 'exported',
    siret: 'exported',
    sector: 'exported',
    commune: 'exported',
    created_at: { notPersonal: 'bookkeeping of the profile row; the profile itself is exported' },
    updated_at: { notPersonal: 'bookkeeping of the profile row; the profile itself is exported' },
  },
  resource_posts: {
    seq: KEY,
    id: { notPersonal: 'a random public id (links, moderation target)' },
    consultation_id: 'exported',
    account_id: 'erased',
    direction: 'exported',
    kind: 'exported',
    title: 'exported',
    description: 'exported',
    quantity: 'exported',
    period_start: 'exported',
    period_end: 'exported',
    place: 'exported',
    paid: 'exported',
    closed_at: 'exported',
    expires_at: 'exported',
    created_at: 'exported',
    updated_at: { notPersonal: 'bookkeeping of the post row; its content and dates are exported' },
    image_id: 'exported',
  },
  resource_images: {
    id: 'exported',
    consultation_id: 'exported',
    account_id: 'erased',
    content_type: 'exported',
    width: 'exported',
    height: 'exported',
    bytes: 'erased',
    created_at: 'exported',
  },
  // A partner organisation's name and address, written by the operator or an admin: the tenant's configuration.
  tenant_partners: {
    id: CONFIG,
    tenant_id: CONFIG,
    name: CONFIG,
    logo_url: CONFIG,
    helps_with_fr: CONFIG,
    helps_with_en: CONFIG,
    email: CONFIG,
    created_at: CONFIG,
    updated_at: CONFIG,
  },
  // The search index holds the posts' own words, kept in step with them by triggers.
  resource_posts_search: { title: 'erased', description: 'erased' },
  resource_posts_search_data: { id: 'erased', block: 'erased' },
  resource_posts_search_idx: { segid: 'erased', term: 'erased', pgno: 'erased' },
  resource_posts_search_docsize: { id: 'erased', sz: 'erased' },
  resource_posts_search_config: { k: CONFIG, v: CONFIG },
  resource_threads: {
    id: { notPersonal: 'a random id, in the reply link' },
    post_id: 'exported',
    asker_id: 'erased',
    return_url: { notPersonal: 'a page of the commune’s site' },
    created_at: 'exported',
    updated_at: { notPersonal: 'when the last message came; each message is exported with its time' },
  },
  resource_messages: {
    id: KEY,
    thread_id: 'exported',
    from_owner: 'exported',
    body: 'exported',
    shared_email: 'exported',
    created_at: 'exported',
  },
  schema_migrations: { version: CONFIG, name: CONFIG, checksum: CONFIG, applied_at: CONFIG },
  proposal_images: {
    id: 'exported',
    consultation_id: 'exported',
    account_id: 'erased',
    participant_hash: 'erased',
    content_type: 'exported',
    width: 'exported',
    height: 'exported',
    bytes: 'erased',
    created_at: 'exported',
  },
  proposals: {
    seq: KEY,
    id: 'exported',
    consultation_id: 'exported',
    account_id: 'erased',
    participant_hash: 'erased',
    title: 'exported',
    text: 'exported',
    category: 'exported',
    quartier: 'exported',
    image_id: 'exported',
    contact_consent: 'exported',
    return_url: { notPersonal: 'the host page the proposal was sent from, a page of the tenant’s site' },
    withdrawn_at: 'exported',
    support_count: COUNTER,
    answer_status: 'exported',
    answer_text: 'exported',
    answering_body: 'exported',
    answered_at: 'exported',
    draft_status: { notPersonal: 'staff’s draft answer, not the author’s data until published' },
    draft_text: { notPersonal: 'staff’s draft answer, not the author’s data until published' },
    draft_answering_body: { notPersonal: 'staff’s draft answer, not the author’s data until published' },
    draft_by: 'erased',
    draft_updated_at: { notPersonal: 'staff’s draft answer, not the author’s data until published' },
    budget_project_id: { notPersonal: 'the budget project it became, staff’s configuration' },
    created_at: 'exported',
  },
  // The search index holds the proposals' own words, kept in step with them by triggers.
  proposals_search: { title: 'erased', text: 'erased' },
  proposals_search_data: { id: 'erased', block: 'erased' },
  proposals_search_idx: { segid: 'erased', term: 'erased', pgno: 'erased' },
  proposals_search_docsize: { id: 'erased', sz: 'erased' },
  proposals_search_config: { k: CONFIG, v: CONFIG },
  proposal_supports: {
    id: 'exported',
    consultation_id: 'exported',
    proposal_id: 'exported',
    account_id: 'erased',
    participant_hash: 'erased',
    status: 'exported',
    reasons: 'erased',
    created_at: 'exported',
    updated_at: 'erased',
    reviewed_at: 'erased',
  },
  proposal_subscriptions: {
    id: KEY,
    proposal_id: 'exported',
    email: 'exported',
    locale: 'exported',
    token_hash: 'erased',
    confirmed_at: 'exported',
    notified_at: 'exported',
    created_at: 'exported',
  },
};

function unclassifiedColumns(db: Db): string[] {
  const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[];
  return tables.flatMap(({ name }) =>
    (db.prepare(`PRAGMA table_info("${name}")`).all() as { name: string }[])
      .filter((column) => INVENTORY[name]?.[column.name] === undefined)
      .map((column) => `${name}.${column.name}`),
  );
}

describe('the personal-data column inventory', () => {
  let t: TestApp;
  before(async () => (t = await createTestApp()));
  after(() => t.close());

  test('classifies every column of every table, and lists none that no longer exists', () => {
    assert.deepEqual(unclassifiedColumns(t.db), [], 'classify these columns in INVENTORY: exported, erased, or not personal (why)');
    for (const [table, columns] of Object.entries(INVENTORY)) {
      const actual = new Set((t.db.prepare(`PRAGMA table_info("${table}")`).all() as { name: string }[]).map((c) => c.name));
      assert.deepEqual(
        Object.keys(columns).filter((c) => !actual.has(c)),
        [],
        `${table}: stale entries`,
      );
    }
  });

  test('every table holding an exported or erased column is answered for by a personal-data entry', () => {
    const covered = t.services.registry.coveredTables();
    const personal = Object.entries(INVENTORY).filter(([, columns]) => Object.values(columns).some((c) => typeof c === 'string'));
    assert.deepEqual(
      personal.map(([table]) => table).filter((table) => !covered.has(table)),
      [],
    );
  });

  test('a migration adding a personal column that nobody classified fails', () => {
    t.db.exec('ALTER TABLE profiles ADD COLUMN mobile_phone TEXT');
    try {
      assert.deepEqual(unclassifiedColumns(t.db), ['profiles.mobile_phone']);
    } finally {
      t.db.exec('ALTER TABLE profiles DROP COLUMN mobile_phone');
    }
  });
});
