/** La Poste's SIREN: its establishments' SIRETs do not pass the Luhn check and follow a rule of their own. */
const LA_POSTE_SIREN = '356000000';

/**
 * Whether a SIRET (an establishment's number, 14 digits) is well formed: the Luhn key, as INSEE computes it, or,
 * for La Poste's establishments, a sum of digits that is a multiple of 5. Spaces, as people copy them from an
 * invoice ("123 456 789 00012"), are ignored; use `normalizeSiret` to store it.
 *
 * @example
 * isValidSiret('732 829 320 00074'); // true
 * isValidSiret('35600000000048'); // true (La Poste)
 */
export function isValidSiret(input: string): boolean {
  const siret = normalizeSiret(input);
  if (!/^\d{14}$/.test(siret)) return false;
  const digits = [...siret].map(Number);
  if (siret.startsWith(LA_POSTE_SIREN)) return digits.reduce((sum, d) => sum + d, 0) % 5 === 0;
  return luhn(digits);
}

export const normalizeSiret = (input: string) => input.replace(/[\s\u00a0\u202f]/g, '');

/** The Luhn check: from the right, every second digit doubled (minus 9 past 9); the sum is a multiple of 10. */
function luhn(digits: number[]): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    const fromRight = digits.length - 1 - i;
    let d = digits[i];
    if (fromRight % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}
