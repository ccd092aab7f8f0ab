/**
 * `npm run bench:proposals`: how fast the proposals list and its search answer at 10,000 proposals.
 *
 * Builds a temporary SQLite file with one proposals consultation holding `PROPOSALS` proposals (10,000 unless
 * set), every one published, with supports, answers, categories and quartiers spread over them, then times
 * through the store (the SQL the API runs): the first page of each sort, the 50th page reached by cursor
 * (keyset: as fast as the first), a filtered page and searches. Prints one line per query with its median over
 * `RUNS` runs, then the figures as one JSON object. A figure, not a test: a shared machine is noisy.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { migrate } from '../db/migrate.ts';
import { openDatabase } from '../db/open.ts';
import type { ListFilter } from '../proposals/proposals.store.ts';
import { createSqliteStore } from '../store.ts';
import { median } from './median.ts';

const PROPOSALS = Number(process.env.PROPOSALS ?? 10_000);
const RUNS = Number(process.env.RUNS ?? 30);
const PAGE = 20;
const WORDS = ['rénover', 'halle', 'école', 'piste', 'cyclable', 'arbres', 'parc', 'bancs', 'fontaine', 'marché', 'jeux', 'éclairage', 'trottoir', 'gare'];

const dir = mkdtempSync(join(tmpdir(), 'civique-bench-proposals-'));
const db = openDatabase(join(dir, 'civique.db'));
migrate(db);
const store = createSqliteStore(db);
try {
  await store.tenants.upsert({ id: 'bench', name: 'Bench', allowedOrigins: ['https://bench.fr'], quartiers: [], createdAt: 0 });
  const consultationId = 'bench-proposals';
  await store.consultations.insert({
    id: consultationId,
    tenantId: 'bench',
    slug: 'idees',
    kind: 'proposals',
    title: 'Idées',
    description: '',
    opensAt: 0,
    closesAt: 10 ** 13,
    retentionEnd: 10 ** 13,
    privacyNotice: { purposes: ['p'], recipients: ['r'], retention: '1 an' },
    allowAnonymous: true,
    stuffingPolicy: { requireVerifiedEmail: false, perIp: null, perPrefix: null },
    settings: {},
    purgedAt: null,
    archivedAt: null,
    createdAt: 0,
    updatedAt: 0,
  });
  const started = performance.now();
  // Seeding writes straight into the tables, in one transaction: the bench measures reads.
  const insert = db.prepare(`
    INSERT INTO proposals (id, consultation_id, title, text, category, quartier, contact_consent, return_url, support_count, answer_status, answer_text, answering_body, answered_at, created_at)
    VALUES (:id, :consultationId, :title, :text, :category, :quartier, 0, 'https://bench.fr/idees', :supports, :answer, :answerText, :body, :answeredAt, :createdAt)`);
  const target = db.prepare(`
    INSERT INTO moderation_targets (tenant_id, kind, target_id, author_id, state, created_at, updated_at) VALUES ('bench', 'proposal', ?, NULL, 'published', 0, 0)`);
  db.transaction(() => {
    for (let i = 0; i < PROPOSALS; i++) {
      const word = (k: number) => WORDS[(i * 7 + k * 3) % WORDS.length];
      const answered = i % 5 === 0;
      const id = `bench-${String(i).padStart(6, '0')}`;
      insert.run({
        id,
        consultationId,
        title: `${word(0)} ${word(1)} n°${i}`,
        text: `Proposition ${i} : ${word(2)}, ${word(3)} et ${word(4)} pour le quartier.`,
        category: `cat-${i % 6}`,
        quartier: `q-${i % 9}`,
        supports: (i * 37) % 250,
        answer: answered ? 'accepted' : 'none',
        answerText: answered ? 'Oui.' : null,
        body: answered ? 'Conseil municipal' : null,
        answeredAt: answered ? 1_000_000 + i : null,
        createdAt: 1_000_000 + i * 1000,
      });
      target.run(id);
    }
  })();
  console.log(`[bench] ${PROPOSALS} proposals written in ${Math.round(performance.now() - started)} ms`);

  const list = (f: Partial<ListFilter>) => store.proposals.list('bench', consultationId, { publishedOnly: true, sort: 'newest', limit: PAGE + 1, ...f });
  async function time(name: string, filter: () => Promise<Partial<ListFilter>>): Promise<[string, number]> {
    const f = await filter();
    const ms: number[] = [];
    let count = 0;
    for (let r = 0; r < RUNS; r++) {
      const t0 = performance.now();
      count = (await list(f)).length;
      ms.push(performance.now() - t0);
    }
    const value = Math.round(median(ms) * 1000) / 1000;
    console.log(`[bench] ${name.padEnd(34)} ${String(value).padStart(8)} ms  (${count} rows)`);
    return [name, value];
  }
  /** The filter of the 50th page: the cursor of the 49th page's last item, reached page by page. */
  async function page50(sort: ListFilter['sort']): Promise<Partial<ListFilter>> {
    let after: ListFilter['after'];
    // With fewer proposals (a smoke run), the last full page instead.
    for (let p = 0; p < Math.min(49, Math.floor(PROPOSALS / PAGE) - 1); p++) {
      const items = await store.proposals.list('bench', consultationId, { publishedOnly: true, sort, limit: PAGE, after });
      const last = items.at(-1)!;
      after = { key: store.proposals.sortKey(last, sort), seq: last.seq };
    }
    return { sort, after };
  }

  const figures = Object.fromEntries([
    await time('newest, first page', async () => ({})),
    await time('newest, page 50 (cursor)', () => page50('newest')),
    await time('supported, first page', async () => ({ sort: 'supported' })),
    await time('supported, page 50 (cursor)', () => page50('supported')),
    await time('answered, first page', async () => ({ sort: 'answered' })),
    await time('category + quartier + accepted', async () => ({ category: 'cat-2', quartier: 'q-5', answer: 'accepted' })),
    await time('search "renover" (accents off)', async () => ({ q: 'renover' })),
    await time('search "ecole gare", supported', async () => ({ q: 'ecole gare', sort: 'supported' })),
    await time('search, no result', async () => ({ q: 'piscine' })),
  ]);
  console.log(JSON.stringify({ proposals: PROPOSALS, pageSize: PAGE, runs: RUNS, medianMs: figures }));
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
