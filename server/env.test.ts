import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { EnvError, parseEnv } from './env.ts';

describe('environment', () => {
  test('needs nothing: every variable has a default', () => {
    const env = parseEnv({});
    assert.equal(env.PORT, 8787);
    assert.equal(env.DATA_DIR, './data');
    assert.equal(env.DEMO_PORT, 8080);
    assert.equal(env.CIVIQUE_SEED_DEMO, true);
    assert.equal(env.SMTP_URL, undefined);
  });

  test('a bad value stops the start with one line that names the variable', () => {
    for (const [name, value] of [
      ['PORT', 'eighty'],
      ['PORT', '70000'],
      ['SMTP_URL', 'http://mail.example'],
      ['PUBLIC_URL', 'not a url'],
      ['CIVIQUE_DEMO_STAFF_PASSWORD', 'short'],
      ['LOG_LEVEL', 'verbose'],
    ]) {
      assert.throws(
        () => parseEnv({ [name]: value }),
        (error: Error) => error instanceof EnvError && error.message.includes(name) && !error.message.includes('\n'),
        `${name}=${value}`,
      );
    }
  });

  test('parses what it is given', () => {
    const env = parseEnv({ PORT: '9000', SMTP_URL: 'smtp://u:p@127.0.0.1:2525', CIVIQUE_SEED_DEMO: 'false', TRUSTED_PROXIES: 'cloudflare' });
    assert.equal(env.PORT, 9000);
    assert.equal(env.SMTP_URL, 'smtp://u:p@127.0.0.1:2525');
    assert.equal(env.CIVIQUE_SEED_DEMO, false);
  });
});
