import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isValidSiret, normalizeSiret } from './siret.ts';

describe('SIRET', () => {
  test('the Luhn key: real establishments pass, one changed digit fails', () => {
    // Establishments listed in the SIRENE register.
    for (const siret of ['85523297400011', '73282932000074', '55210055400013']) assert.ok(isValidSiret(siret), siret);
    for (const siret of ['85523297400012', '73282932000075', '55210055400014']) assert.ok(!isValidSiret(siret), siret);
  });

  test('La Poste: Luhn does not apply, the sum of digits is a multiple of 5', () => {
    assert.ok(isValidSiret('35600000049837'), 'La Poste’s head office: digits sum to 45, Luhn fails');
    assert.ok(!isValidSiret('35600000000048'), 'passes Luhn, but its digits sum to 26: not a La Poste SIRET');
  });

  test('shape: 14 digits, spaces ignored, nothing else', () => {
    assert.ok(isValidSiret('732 829 320 00074'));
    assert.equal(normalizeSiret('732 829 320\u00a000074'), '73282932000074');
    for (const bad of ['', '7328293200007', '732829320000740', '7328293200007a', '73282932000O74']) assert.ok(!isValidSiret(bad), bad);
  });
});
