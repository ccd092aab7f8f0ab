/**
 * `npm run bench:hashes`: the hashes every participation makes, as sha256.ts makes them and as node:crypto
 * (OpenSSL) does: an address's HMAC-SHA-256 under a 32-byte key, and a participant id's SHA-256. Nanoseconds per
 * hash, the median of 7 runs of 200,000 each, alternating the two ways; last line one JSON object. A figure, not a
 * test: in a loaded server node:crypto costs more than here (its native objects and buffers go through the garbage
 * collector), see `BENCH_COMPARE` in bench.ts for what the server itself spends.
 *
 * @example
 * npm run bench:hashes
 */
import { createHmac, hash, randomBytes } from 'node:crypto';
import { HmacSha256, sha256 } from '../sha256.ts';
import { median } from './median.ts';

const RUNS = 7;
const PER_RUN = 200_000;
const key = randomBytes(32);
const mac = new HmacSha256(key);
const addresses = Array.from({ length: 1000 }, (_, i) => `ip:11.${i % 256}.${(i * 7) % 256}.${1 + (i % 250)}`);
const ids = Array.from({ length: 1000 }, (_, i) => `0194f3a2b1c0.${randomBytes(16).toString('base64url')}${i}`);

const ways: Record<string, (i: number) => unknown> = {
  hmacNode: (i) =>
    createHmac('sha256', key)
      .update(addresses[i % 1000])
      .digest(),
  hmacJs: (i) => mac.digest(addresses[i % 1000]),
  sha256Node: (i) => hash('sha256', ids[i % 1000], 'buffer'),
  sha256Js: (i) => sha256(ids[i % 1000]),
};
const runs: Record<string, number[]> = Object.fromEntries(Object.keys(ways).map((name) => [name, []]));
for (let run = 0; run < RUNS; run++) {
  for (const [name, way] of Object.entries(ways)) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < PER_RUN; i++) way(i);
    runs[name].push(Number(process.hrtime.bigint() - start) / PER_RUN);
  }
}
const ns = Object.fromEntries(Object.entries(runs).map(([name, values]) => [`${name}Ns`, Math.round(median(values))]));
console.log(`[bench] HMAC-SHA-256 of an address: node:crypto ${ns.hmacNodeNs} ns, sha256.ts ${ns.hmacJsNs} ns`);
console.log(`[bench] SHA-256 of a participant id: node:crypto ${ns.sha256NodeNs} ns, sha256.ts ${ns.sha256JsNs} ns`);
console.log(JSON.stringify(ns));
