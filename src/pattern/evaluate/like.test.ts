import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { likeTest } from './like.js';
import { compileLike, matchesWhole } from './regex.js';

/** Few characters, so that pieces recur: wildcards, a line break, a surrogate pair, a lone one. */
const character = fc.constantFrom('a', 'b', '.', '%', '_', '\n', '😀', '\uD83D', 'é', 'e\u0301');
const text = fc.array(character, { maxLength: 8 }).map((cs) => cs.join(''));

describe('likeTest', () => {
  it('agrees with the RE2 form of the pattern', () => {
    let matched = 0;
    fc.assert(
      fc.property(text, text, (pattern, input) => {
        const value = input.normalize('NFC');
        const expected = matchesWhole(compileLike(pattern), value);
        if (expected) matched++;
        assert.equal(
          likeTest(pattern)(value),
          expected,
          `${JSON.stringify(pattern)} on ${JSON.stringify(value)}`,
        );
      }),
      { numRuns: 20_000 },
    );
    assert.ok(matched > 500, `only ${matched} matches`);
  });

  it('reads "%" as any run of characters, line breaks included', () => {
    assert.ok(likeTest('%.com')('evil.com'));
    assert.ok(likeTest('a%b%c')('a\nxbyc'));
    assert.ok(!likeTest('a%b%c')('acb'));
    assert.ok(!likeTest('ab%ba')('aba'));
    assert.ok(likeTest('ab')('ab'));
  });
});
