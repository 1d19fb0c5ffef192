import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { credentialsOf } from './http.js';

describe('credentialsOf', () => {
  it('reads Bearer, Token (taxii2-client) and Basic credentials', () => {
    assert.deepEqual(credentialsOf('Bearer abc'), { scheme: 'bearer', token: 'abc' });
    assert.deepEqual(credentialsOf('token abc'), { scheme: 'bearer', token: 'abc' });
    const basic = Buffer.from('ana:dct_x:y').toString('base64');
    assert.deepEqual(credentialsOf(`Basic ${basic}`), { scheme: 'basic', user: 'ana', token: 'dct_x:y' });
    assert.deepEqual(credentialsOf(undefined), { scheme: 'none' });
  });

  it('names what is wrong with malformed credentials', () => {
    for (const header of [
      'Bearer',
      'Basic !!!',
      `Basic ${Buffer.from('no-colon').toString('base64')}`,
      'Digest x',
      'x'.repeat(2000),
    ]) {
      const credentials = credentialsOf(header);
      assert.equal(credentials.scheme, 'malformed', header.slice(0, 20));
      assert.ok(credentials.scheme === 'malformed' && credentials.reason.length > 0);
    }
  });
});
