/**
 * Sign-in timing (3 rounds per path by default, under the per-email sign-in limits): an unknown email and a wrong password must cost the same argon2id work, so that timing does
 * not tell whether an address has an account. Prints the durations of both paths and their ratio (≈ 1; well
 * under 3 on a quiet machine). A figure, not a test: timings on a shared machine are noisy.
 *
 * @example
 * npm run bench:sign-in
 */
import { createTestApp, TENANT } from '../testing/test-app.ts';

const ROUNDS = Number(process.env.SIGN_IN_ROUNDS ?? 3);
const t = await createTestApp();
const base = `/v1/tenants/${TENANT}`;
await t.signUp('known@example.fr');

const time = async (email: string) => {
  const start = performance.now();
  for (let i = 0; i < ROUNDS; i++) {
    await t.call('POST', `${base}/auth/sign-in`, { json: { email, password: `wrong-${i}-password` }, ip: `203.0.113.${10 + (i % 200)}` });
  }
  return (performance.now() - start) / ROUNDS;
};
// Warm-up, then both paths, interleaved in the same minute.
await time('nobody@example.fr');
const [unknownMs, wrongMs] = [await time('nobody2@example.fr'), await time('known@example.fr')];
console.log(
  JSON.stringify({
    unknownEmailMs: +unknownMs.toFixed(1),
    wrongPasswordMs: +wrongMs.toFixed(1),
    ratio: +(Math.max(unknownMs, wrongMs) / Math.min(unknownMs, wrongMs)).toFixed(2),
  }),
);
await t.close();
