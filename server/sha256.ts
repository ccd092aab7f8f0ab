/**
 * SHA-256 (FIPS 180-4) and HMAC-SHA-256 (RFC 2104) of short texts, in JavaScript, for the hashes every
 * participation makes: the anonymous participant's key and the address's keyed hashes.
 *
 * Node's crypto calls OpenSSL, whose cost for a few dozen bytes is mostly per call, not per byte: an HMAC object,
 * the digest looked up by name, a new buffer for the result. Measured on this project's machine, `createHmac`
 * costs 2.1 µs for an address, and `crypto.hash` 0.7 µs for a participant id. Here an HMAC key's inner and outer
 * states are computed once per key (`HmacSha256`), so an HMAC is two compressions, 1.0 µs, and a hash one, 0.5 µs;
 * results go to pooled buffers. The bytes are the standard ones: sha256.test.ts checks them against node:crypto
 * for every length up to 300 bytes, multi-byte UTF-8 and long texts included, and against published vectors.
 *
 * Not for passwords or large inputs (use argon2 or node:crypto): it hashes one text held in memory.
 */

const ROUND_CONSTANTS = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74,
  0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d,
  0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e,
  0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5,
  0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

const INITIAL_STATE = new Int32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);

const BLOCK = 64;
const DIGEST = 32;

/** Scratch space, reused by every call (each call runs to its end before another starts: no await inside). */
const schedule = new Int32Array(64);
const state = new Int32Array(8);
const tail = new Uint8Array(2 * BLOCK);
const inner = new Uint8Array(DIGEST);
const encoder = new TextEncoder();
let textBytes = new Uint8Array(1024);

/** Mixes the 64-byte block at `offset` of `bytes` into `into`. */
function compress(into: Int32Array, bytes: Uint8Array, offset: number): void {
  const w = schedule;
  for (let i = 0; i < 16; i++) {
    const j = offset + 4 * i;
    w[i] = (bytes[j] << 24) | (bytes[j + 1] << 16) | (bytes[j + 2] << 8) | bytes[j + 3];
  }
  for (let i = 16; i < 64; i++) {
    const w15 = w[i - 15];
    const w2 = w[i - 2];
    const s0 = ((w15 >>> 7) | (w15 << 25)) ^ ((w15 >>> 18) | (w15 << 14)) ^ (w15 >>> 3);
    const s1 = ((w2 >>> 17) | (w2 << 15)) ^ ((w2 >>> 19) | (w2 << 13)) ^ (w2 >>> 10);
    w[i] = (w[i - 16] + s0 + w[i - 7] + s1) | 0;
  }
  let a = into[0];
  let b = into[1];
  let c = into[2];
  let d = into[3];
  let e = into[4];
  let f = into[5];
  let g = into[6];
  let h = into[7];
  for (let i = 0; i < 64; i++) {
    const s1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const t1 = (h + s1 + ((e & f) ^ (~e & g)) + ROUND_CONSTANTS[i] + w[i]) | 0;
    const s0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const t2 = (s0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  into[0] = (into[0] + a) | 0;
  into[1] = (into[1] + b) | 0;
  into[2] = (into[2] + c) | 0;
  into[3] = (into[3] + d) | 0;
  into[4] = (into[4] + e) | 0;
  into[5] = (into[5] + f) | 0;
  into[6] = (into[6] + g) | 0;
  into[7] = (into[7] + h) | 0;
}

/**
 * The digest of `length` bytes of `bytes`, hashed after `before` bytes already mixed into `from` (0 for a plain
 * hash, one block for an HMAC's keyed states), written to the first `out.length` bytes of the digest.
 */
function finish(from: Int32Array, before: number, bytes: Uint8Array, length: number, out: Uint8Array): void {
  state.set(from);
  let offset = 0;
  for (; length - offset >= BLOCK; offset += BLOCK) compress(state, bytes, offset);
  const rest = length - offset;
  const blocks = rest + 9 > BLOCK ? 2 : 1;
  tail.fill(0);
  // Copied byte by byte: a subarray would be one more object per hash for the garbage collector.
  for (let i = 0; i < rest; i++) tail[i] = bytes[offset + i];
  tail[rest] = 0x80;
  // The message length in bits, big-endian over the last 8 bytes (texts here are far below 2^53 bits).
  const bits = (before + length) * 8;
  const end = blocks * BLOCK;
  const high = Math.floor(bits / 0x100000000);
  tail[end - 8] = high >>> 24;
  tail[end - 7] = high >>> 16;
  tail[end - 6] = high >>> 8;
  tail[end - 5] = high;
  tail[end - 4] = bits >>> 24;
  tail[end - 3] = bits >>> 16;
  tail[end - 2] = bits >>> 8;
  tail[end - 1] = bits;
  compress(state, tail, 0);
  if (blocks === 2) compress(state, tail, BLOCK);
  for (let i = 0; i < out.length; i++) out[i] = state[i >> 2] >>> (24 - 8 * (i & 3));
}

/**
 * `text` as UTF-8 in the shared scratch buffer, grown when a text needs it: read `textBytes` only after this call.
 * Returns the byte length.
 */
function encode(text: string): number {
  // UTF-8 needs at most 3 bytes per UTF-16 code unit.
  if (textBytes.length < text.length * 3) textBytes = new Uint8Array(text.length * 3);
  return encoder.encodeInto(text, textBytes).written;
}

/**
 * SHA-256 of a text (UTF-8), as `crypto.hash('sha256', text, 'buffer')` gives it.
 *
 * @example sha256('abc').toString('hex') // 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
 */
export function sha256(text: string): Buffer {
  const length = encode(text);
  const out = Buffer.allocUnsafe(DIGEST);
  finish(INITIAL_STATE, 0, textBytes, length, out);
  return out;
}

/**
 * HMAC-SHA-256 under one key, its inner and outer states computed once: hold one per key.
 *
 * @example
 * const mac = new HmacSha256(secret);
 * mac.digest('ip:203.0.113.7');     // as createHmac('sha256', secret).update('ip:203.0.113.7').digest()
 * mac.digest('ip:203.0.113.7', 16); // its first 16 bytes
 */
export class HmacSha256 {
  readonly #inner = Int32Array.from(INITIAL_STATE);
  readonly #outer = Int32Array.from(INITIAL_STATE);

  constructor(key: Uint8Array) {
    const block = new Uint8Array(BLOCK);
    if (key.length > BLOCK) finish(INITIAL_STATE, 0, key, key.length, block.subarray(0, DIGEST));
    else block.set(key);
    const pad = new Uint8Array(BLOCK);
    for (let i = 0; i < BLOCK; i++) pad[i] = block[i] ^ 0x36;
    compress(this.#inner, pad, 0);
    for (let i = 0; i < BLOCK; i++) pad[i] = block[i] ^ 0x5c;
    compress(this.#outer, pad, 0);
    block.fill(0);
    pad.fill(0);
  }

  /** The MAC of `text` (UTF-8), or its first `bytes` bytes. */
  digest(text: string, bytes = DIGEST): Buffer {
    const length = encode(text);
    finish(this.#inner, BLOCK, textBytes, length, inner);
    const out = Buffer.allocUnsafe(bytes);
    finish(this.#outer, BLOCK, inner, DIGEST, out);
    return out;
  }
}
