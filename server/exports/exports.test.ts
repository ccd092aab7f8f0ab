import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import type { Consultation } from '../consultations/consultations.store.ts';
import { frenchCsv } from '../http/csv.ts';
import { createTestApp, type TestApp } from '../testing/test-app.ts';
import { anonymous, consultationPath, newParticipantId, signUpStaff } from '../testing/participation.ts';

/** A French spreadsheet's reading: `;` between cells, BOM dropped, decimal commas. */
const readFrench = (text: string) => parse(text, { delimiter: ';', bom: true, columns: true, skip_empty_lines: true }) as Record<string, string>[];
const frenchNumber = (cell: string) => Number(cell.replace(',', '.'));

describe('exports for staff', () => {
  let t: TestApp;
  let staff: string;
  let citizen: string;
  let c: Consultation;

  before(async () => {
    t = await createTestApp();
    staff = (await signUpStaff(t)).token;
    citizen = (await t.signUp()).token;
    c = await t.addConsultation({
      slug: 'export-vote',
      stuffingPolicy: { requireVerifiedEmail: false, perIp: null, perPrefix: null },
      settings: {
        mode: 'single',
        options: [
          { id: 'oui', label: 'Oui; "vraiment"' },
          { id: 'non', label: '=HYPERLINK("https://pirate.example")' },
          { id: 'blanc', label: 'Blanc' },
        ],
      },
    });
    for (const choice of ['oui', 'oui', 'oui', 'non']) {
      const res = await t.call('PUT', `${consultationPath(c)}/ballot`, anonymous(newParticipantId(), { json: { choice: [choice] } }));
      assert.equal(res.status, 201);
    }
    // Six profiles: five women (shown), one man (a cell of one: suppressed).
    for (const gender of ['female', 'female', 'female', 'female', 'female', 'male']) {
      const voter = await t.signUp();
      assert.equal((await t.call('PATCH', '/v1/tenants/montjoli/me', { token: voter.token, json: { profile: { gender } } })).status, 200);
      assert.equal((await t.call('PUT', `${consultationPath(c)}/ballot`, { token: voter.token, json: { choice: ['blanc'] } })).status, 201);
    }
  });
  after(() => t.close());

  test('results as CSV for French spreadsheets: BOM, `;`, decimal comma, JJ/MM/AAAA, quotes doubled, totals right', async () => {
    assert.equal((await t.call('GET', `${consultationPath(c)}/results/export?format=csv`)).status, 401);
    assert.equal((await t.call('GET', `${consultationPath(c)}/results/export?format=csv`, { token: citizen })).status, 403);
    const res = await t.call('GET', `${consultationPath(c)}/results/export?format=csv`, { token: staff });
    assert.equal(res.status, 200, String(res.body));
    assert.equal(res.headers.get('content-type'), 'text/csv; charset=utf-8');
    assert.match(res.headers.get('content-disposition')!, /^attachment; filename="civique-resultats-export-vote-\d{4}-\d{2}-\d{2}\.csv"$/);
    const text = res.body as string;
    assert.equal(text.charCodeAt(0), 0xfeff, 'UTF-8 with a BOM');
    assert.ok(text.includes('"Oui; ""vraiment"""'), 'a cell with ; and quotes is quoted, its quotes doubled');
    const rows = readFrench(text);
    assert.deepEqual(
      rows.map((r) => r.Option),
      ['oui', 'non', 'blanc'],
    );
    const json = (await t.call('GET', `${consultationPath(c)}/results`, { token: staff })).body;
    assert.equal(
      rows.reduce((sum, r) => sum + Number(r.Votes), 0),
      json.ballots,
    );
    assert.equal(rows[0].Libellé, 'Oui; "vraiment"');
    assert.equal(rows[0].Part, '0,3', '3 of 10 ballots');
    assert.equal(frenchNumber(rows[0].Part), json.options[0].share);
    assert.ok(rows[1].Libellé.startsWith("'="), 'a formula is written as text');
    const today = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris' }).format(new Date(t.clock.now()));
    assert.match(rows[0]['Arrêté au'], /^\d{2}\/\d{2}\/\d{4}$/);
    assert.equal(rows[0]['Arrêté au'], today);
  });

  test('results as JSON are what getResults answers staff', async () => {
    const res = await t.call('GET', `${consultationPath(c)}/results/export`, { token: staff });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-disposition')!, /\.json"$/);
    const json = (await t.call('GET', `${consultationPath(c)}/results`, { token: staff })).body;
    assert.deepEqual(res.body.results, json);
    assert.equal(res.body.consultation, 'export-vote');
  });

  test('statistics: small cells stay suppressed (empty cells), the participations total matches', async () => {
    const json = (await t.call('GET', `${consultationPath(c)}/statistics`, { token: staff })).body;
    const res = await t.call('GET', `${consultationPath(c)}/statistics/export?format=csv`, { token: staff });
    assert.equal(res.status, 200, String(res.body));
    const rows = readFrench(res.body);
    assert.equal(Number(rows.find((r) => r.Dimension === 'Participations')!.Effectif), json.participants);
    const genders = rows.filter((r) => r.Dimension === 'Genre' && r.Valeur !== 'total');
    assert.equal(genders.length, json.dimensions.gender.cells.length);
    genders.forEach((row, i) =>
      assert.equal(row.Effectif, json.dimensions.gender.cells[i].count === null ? '' : String(json.dimensions.gender.cells[i].count)),
    );
    // Five women and one man: the man's cell is under the threshold, the women's too (it would give his away).
    assert.deepEqual(
      genders.map((row) => [row.Valeur, row.Effectif]),
      [
        ['female', ''],
        ['male', ''],
        ['other', '0'],
      ],
    );
    assert.equal(rows.find((r) => r.Dimension === 'Genre' && r.Valeur === 'total')!.Effectif, '6');
    const asJson = await t.call('GET', `${consultationPath(c)}/statistics/export?format=json`, { token: staff });
    assert.deepEqual(asJson.body.statistics, json);
  });

  test('the helper: numbers with a decimal comma, null empty, dates in Paris time, CRLF lines', () => {
    const csv = frenchCsv({ header: ['a', 'b', 'c', 'd'], rows: [[1.5, null, { date: Date.UTC(2027, 0, 31, 23, 30) }, 'ligne\nsuivante']] });
    assert.equal(csv, '\uFEFFa;b;c;d\r\n1,5;;01/02/2027;"ligne\nsuivante"\r\n');
    assert.deepEqual(readFrench(csv), [{ a: '1,5', b: '', c: '01/02/2027', d: 'ligne\nsuivante' }]);
  });

  test('the CSV answer is documented in OpenAPI beside the JSON one', async () => {
    const doc = (await t.call('GET', '/v1/openapi.json')).body;
    for (const path of ['/v1/tenants/{tenant}/consultations/{slug}/results/export', '/v1/tenants/{tenant}/consultations/{slug}/statistics/export']) {
      const content = doc.paths[path].get.responses['200'].content;
      assert.deepEqual(Object.keys(content).sort(), ['application/json', 'text/csv']);
    }
  });
});
