import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { API_TYPES_FILE, generateApiTypes } from '../tools/widget-api-types.ts';

test('the widgets’ API types are generated from the current OpenAPI document (run `npm run api-types` when this fails)', async () => {
  assert.equal(readFileSync(API_TYPES_FILE, 'utf8'), await generateApiTypes(), 'widgets/core/api-schema.generated.ts is stale');
});
