import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { issueToken, parseToken, secretMatches } from './tokens.js';

describe('tokens', () => {
  it('issues a token whose secret matches its stored digest and nothing else', () => {
    const token = issueToken(randomBytes);
    const parsed = parseToken(token.text);
    assert.ok(parsed);
    assert.equal(parsed.id, token.id);
    assert.ok(secretMatches(parsed.secret, token.hash));
    assert.ok(!token.hash.includes(parsed.secret));
    const other = issueToken(randomBytes);
    assert.ok(!secretMatches(parsed.secret, other.hash));
  });

  it('derives id and secret from the random bytes, so tests can fix them', () => {
    const token = issueToken((size) => new Uint8Array(size).fill(1));
    assert.equal(token.text, `dct_${'AQEBAQEBAQEBAQEB'}_${Buffer.alloc(32, 1).toString('base64url')}`);
  });

  it('never issues an id that a command line would read as an option', () => {
    // 0xf8 is 111110 in its first six bits: "-" in base64url.
    const token = issueToken((size) => new Uint8Array(size).fill(0xf8));
    assert.ok(!token.id.startsWith('-'), token.id);
    assert.equal(parseToken(token.text)?.id, token.id);
  });

  it('refuses text that is not shaped as a token', () => {
    for (const text of [
      '',
      'dct_',
      'Bearer x',
      `dct_${'a'.repeat(16)}_${'b'.repeat(42)}`,
      `xx_${'a'.repeat(16)}_${'b'.repeat(43)}`,
    ]) {
      assert.equal(parseToken(text), undefined, text);
    }
  });

  it('refuses a digest of the wrong length rather than throwing', () => {
    assert.equal(secretMatches('x', 'abcd'), false);
  });
});
