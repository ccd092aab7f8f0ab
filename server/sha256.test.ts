import assert from 'node:assert/strict';
import { createHmac, hash, randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { HmacSha256, sha256 } from './sha256.ts';

/** Texts of every byte length from 0 to 300, ASCII and multi-byte UTF-8, and two past the scratch buffer's first size. */
const texts = [
  ...Array.from({ length: 301 }, (_, n) => 'a1-'.repeat(101).slice(0, n)),
  ...Array.from({ length: 80 }, (_, n) => `é€𝄞${n}`.repeat(n % 9) + 'x'.repeat(n)),
  '0194f3a2b1c0.q3Xk9vL2mN8pR4tW7yZ1aB',
  'ip:2001:db8:1:2:3:4:5:6',
  'z'.repeat(10_000),
  '€'.repeat(4_000),
];

describe('SHA-256 and HMAC-SHA-256 of texts', () => {
  test('published vectors (FIPS 180-4 examples, RFC 4231 cases 2 and 6)', () => {
    assert.equal(sha256('').toString('hex'), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    assert.equal(sha256('abc').toString('hex'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    assert.equal(
      sha256('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq').toString('hex'),
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
    assert.equal(
      new HmacSha256(Buffer.from('Jefe')).digest('what do ya want for nothing?').toString('hex'),
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
    assert.equal(
      new HmacSha256(Buffer.alloc(131, 0xaa)).digest('Test Using Larger Than Block-Size Key - Hash Key First').toString('hex'),
      '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54',
    );
  });

  test('the same bytes as node:crypto, for every length up to 300 bytes, multi-byte UTF-8 and long texts', () => {
    for (const text of texts) assert.deepEqual(sha256(text), hash('sha256', text, 'buffer'), `sha256 of ${text.length} code units`);
  });

  test('HMACs as createHmac gives them, for keys shorter, as long as and longer than a block, two keys in turn', () => {
    // First a text longer than any before, in this process: the scratch buffer grows during this very call.
    const longest = '€'.repeat(30_000);
    assert.deepEqual(new HmacSha256(Buffer.from('k')).digest(longest), createHmac('sha256', 'k').update(longest).digest());
    const keys = [1, 16, 32, 64, 65, 200].map((length) => randomBytes(length));
    const macs = keys.map((key) => new HmacSha256(key));
    for (const text of texts) {
      keys.forEach((key, i) => {
        const expected = createHmac('sha256', key).update(text).digest();
        assert.deepEqual(macs[i].digest(text), expected, `HMAC with a ${key.length}-byte key of ${text.length} code units`);
        assert.deepEqual(macs[i].digest(text, 16), expected.subarray(0, 16), 'truncated to its first 16 bytes');
      });
    }
  });
});
