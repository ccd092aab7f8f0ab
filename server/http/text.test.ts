import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { z } from '@hono/zod-openapi';
import { settingsSchemas } from '../consultation-settings.ts';
import { demoSettings } from '../seed/demo-settings.ts';
import { createTestApp, TENANT, type TestApp } from '../testing/test-app.ts';
import { consultationPath, signUpStaff } from '../testing/participation.ts';
import { HIDDEN_CHARACTER_CODE, hiddenCharacter, visibleText } from './text.ts';

const base = `/v1/tenants/${TENANT}`;
/** One of each refused kind, inside a word so that trimming cannot remove it. */
const REFUSED = { nul: 'Mont\u0000joli', c0: 'Mont\u001bjoli', del: 'Mont\u007fjoli', c1: 'Mont\u0085joli', rlo: 'Mont\u202ejoli', lri: 'Mont\u2066joli' };

describe('visibleText', () => {
  test('refuses C0, DEL, C1 and bidi overrides and isolates, naming the character; multi-line keeps tab and newlines', () => {
    for (const [kind, value] of Object.entries(REFUSED)) {
      assert.ok(hiddenCharacter(value), kind);
      assert.ok(hiddenCharacter(value, { multiline: true }), kind);
    }
    for (const c of ['\u202a', '\u202b', '\u202c', '\u202d', '\u2067', '\u2068', '\u2069']) assert.ok(hiddenCharacter(`a${c}b`));
    assert.deepEqual(hiddenCharacter('Montjoli\u202e'), { codePoint: 'U+202E', index: 8 });
    assert.ok(hiddenCharacter('deux\nlignes'), 'a single line has no newline');
    assert.equal(hiddenCharacter('deux\nlignes\tet\r\nune tabulation', { multiline: true }), undefined);
    assert.equal(hiddenCharacter('Zoé Éloïse, Saint-Étienne — « ok » ‏שלום مرحبا 😀'), undefined, 'letters of every script, RLM and emoji stay');
  });

  test('raises a clear message with the forbidden_character code', async () => {
    const { z } = await import('@hono/zod-openapi');
    const result = z.string().superRefine(visibleText()).safeParse('Montjoli\u202e');
    assert.equal(result.success, false);
    const issue = result.error!.issues[0] as { message: string; params?: { code?: string } };
    assert.equal(issue.params?.code, HIDDEN_CHARACTER_CODE);
    assert.match(issue.message, /U\+202E at position 8/);
  });
});

/** Every string a request schema accepts, reached through objects, arrays, records, unions and wrappers. */
function stringLeaves(schema: z.ZodType, path: string, out: { path: string; schema: z.ZodType }[]): void {
  const def = (schema as unknown as { _zod: { def: Record<string, any> } })._zod.def;
  switch (def.type) {
    case 'string':
      out.push({ path, schema });
      return;
    case 'pipe':
      if ((def.in as { _zod: { def: { type: string } } })._zod.def.type === 'string') out.push({ path, schema });
      else stringLeaves(def.in, path, out);
      return;
    case 'object':
      for (const [key, child] of Object.entries(def.shape as Record<string, z.ZodType>)) stringLeaves(child, path ? `${path}.${key}` : key, out);
      return;
    case 'array':
      return stringLeaves(def.element, `${path}[]`, out);
    case 'record':
      stringLeaves(def.keyType, `${path}{key}`, out);
      return stringLeaves(def.valueType, `${path}{}`, out);
    case 'union':
      return (def.options as z.ZodType[]).forEach((option) => stringLeaves(option, path, out));
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'nonoptional':
    case 'catch':
      return stringLeaves(def.innerType, path, out);
    case 'lazy':
      return stringLeaves(def.getter(), path, out);
    default:
      return;
  }
}

describe('every free-text field of every request refuses invisible characters', () => {
  let t: TestApp;
  before(async () => (t = await createTestApp()));
  after(() => t.close());

  test('walking the request schemas of every route and every kind of consultation settings', () => {
    const leaves: { path: string; schema: z.ZodType }[] = [];
    for (const definition of t.app.openAPIRegistry.definitions) {
      if (definition.type !== 'route') continue;
      const { route } = definition;
      const name = route.operationId ?? `${route.method} ${route.path}`;
      const media = route.request?.body?.content?.['application/json'];
      const body = media && 'schema' in media ? media.schema : undefined;
      if (body) stringLeaves(body as z.ZodType, `${name}:body`, leaves);
      for (const part of ['query', 'params', 'headers'] as const) {
        const schema = route.request?.[part];
        if (schema && !Array.isArray(schema)) stringLeaves(schema as z.ZodType, `${name}:${part}`, leaves);
      }
    }
    for (const [kind, schema] of Object.entries(settingsSchemas)) stringLeaves(schema, `settings(${kind})`, leaves);

    // Free text is what accepts a plain word; passwords are secrets that are compared, never shown; the honeypot
    // (`website`) is read by no one and must take whatever a bot types without an error that would warn it.
    const freeText = leaves.filter((leaf) => leaf.schema.safeParse('Montjoli').success && !/password/i.test(leaf.path) && !/:body\.website$/.test(leaf.path));
    const paths = freeText.map((leaf) => leaf.path);
    for (const expected of [
      'updateMe:body.profile.city',
      'updateMe:body.profile.postalAddress',
      'submitSurveyResponse:body.answers{}',
      'saveSurveyDraft:body.answers{}',
      'saveSurveyDraft:body.profile.city',
      'recordConsent:body.configVersion',
      'createConsultation:body.title',
      'createConsultation:body.description',
      'createConsultation:body.privacyNotice.purposes[]',
      'settings(vote).options[].label',
      'settings(budget).projects[].description',
      'settings(survey).questions[].label',
    ]) {
      assert.ok(paths.includes(expected), `${expected} is reached (found: ${paths.join(', ')})`);
    }
    const accepted = freeText.flatMap((leaf) =>
      Object.entries(REFUSED)
        .filter(([, value]) => leaf.schema.safeParse(value).success)
        .map(([kind]) => `${leaf.path} accepts ${kind}`),
    );
    assert.deepEqual(accepted, []);

    // Settings whose shape a feature does not fix yet are checked deep down, keys and values.
    for (const kind of ['resources'] as const) {
      const result = settingsSchemas[kind].safeParse({ categories: [{ label: 'Locaux\u202e' }] });
      assert.equal(result.success, false, kind);
      assert.deepEqual(result.error!.issues[0].path, ['categories', 0, 'label']);
      assert.equal(settingsSchemas[kind].safeParse({ categories: [{ label: 'Locaux\net matériel' }] }).success, true);
    }
    // Proposals have their own shape now: their labels are walked above, and refused where they are.
    const proposals = settingsSchemas.proposals.safeParse({ categories: [{ id: 'locaux', label: { fr: 'Locaux\u202e' } }] });
    assert.deepEqual(proposals.error!.issues[0].path, ['categories', 0, 'label', 'fr']);
  });

  test('over HTTP: an RTL override in the profile city, a NUL in a survey draft, a control in a consent version', async () => {
    const { token } = await t.signUp();
    const city = await t.call('PATCH', `${base}/me`, { token, json: { profile: { city: 'Montjoli\u202eelliv' } } });
    assert.equal(city.status, 400);
    assert.equal(city.body.error.code, 'validation_failed');
    assert.deepEqual({ path: city.body.error.issues[0].path, code: city.body.error.issues[0].code }, { path: 'profile.city', code: HIDDEN_CHARACTER_CODE });
    assert.match(city.body.error.issues[0].message, /U\+202E/);

    const survey = await t.addConsultation({ kind: 'survey', settings: demoSettings.survey });
    const draft = await t.call('PUT', `${consultationPath(survey)}/response-draft`, { token, json: { answers: { idee: 'Plus de\u0000 bus' } } });
    assert.equal(draft.status, 400);
    assert.equal(draft.body.error.issues[0].path, 'answers.idee');
    assert.equal(draft.body.error.issues[0].code, HIDDEN_CHARACTER_CODE);
    const multiline = await t.call('PUT', `${consultationPath(survey)}/response-draft`, { token, json: { answers: { idee: 'Plus de bus\nle soir' } } });
    assert.equal(multiline.status, 200, 'a newline stays allowed in a free-text answer');

    const consent = await t.call('POST', `${base}/consents`, {
      json: { consentId: 'a'.repeat(32), action: 'accept_all', choices: {}, configVersion: '2027\u0085-01', textHash: 'b'.repeat(64) },
    });
    assert.equal(consent.status, 400);
    assert.equal(consent.body.error.issues[0].code, HIDDEN_CHARACTER_CODE);

    const staff = await signUpStaff(t);
    const consultation = await t.call('POST', `${base}/consultations`, {
      token: staff.token,
      json: {
        slug: 'budget-rtl',
        kind: 'vote',
        title: 'Le marché \u2066du samedi',
        opensAt: '2027-02-01T00:00:00Z',
        closesAt: '2027-03-01T00:00:00Z',
        retentionEnd: '2028-03-01T00:00:00Z',
        privacyNotice: { purposes: ['Compter'], recipients: ['Ville'], retention: '1 an' },
        allowAnonymous: true,
        settings: {
          mode: 'single',
          options: [
            { id: 'a', label: 'A' },
            { id: 'b', label: 'B' },
          ],
        },
      },
    });
    assert.equal(consultation.status, 400);
    assert.equal(consultation.body.error.issues[0].path, 'title');
    assert.equal(consultation.body.error.issues[0].code, HIDDEN_CHARACTER_CODE);
  });
});
