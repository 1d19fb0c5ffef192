import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsed, timestampAt } from './arbitraries.js';
import { horizonOf } from './horizon.js';

const SECOND = 1_000_000_000n;
const horizon = (text: string) => horizonOf(parsed(text).expression);

describe('horizonOf', () => {
  it('bounds a pattern by its tightest time qualifier', () => {
    assert.equal(horizon("[abc:b = 'c']"), 0n);
    assert.equal(horizon("([abc:b = 'c'] AND [abc:b = 'd']) WITHIN 2.5 SECONDS"), (5n * SECOND) / 2n);
    assert.equal(horizon("[abc:b = 'c'] REPEATS 3 TIMES WITHIN 10 SECONDS"), 10n * SECOND);
    assert.equal(
      horizon(`([abc:b = 'c'] FOLLOWEDBY [abc:b = 'd']) START ${timestampAt(0)} STOP ${timestampAt(60)}`),
      60n * SECOND,
    );
    const pair = "([abc:b = 'c'] AND [abc:b = 'd'])";
    assert.equal(horizon(`(${pair} WITHIN 5 SECONDS) OR (${pair} WITHIN 9 SECONDS)`), 9n * SECOND);
    // One bracket is one observation, whatever window surrounds it.
    assert.equal(horizon("[abc:b = 'c'] WITHIN 5 SECONDS"), 0n);
  });

  it('is unbounded where operands or repetitions may lie any distance apart', () => {
    assert.equal(horizon("[abc:b = 'c'] AND [abc:b = 'd']"), undefined);
    assert.equal(horizon("[abc:b = 'c'] FOLLOWEDBY [abc:b = 'd']"), undefined);
    assert.equal(horizon("([abc:b = 'c'] WITHIN 5 SECONDS) REPEATS 2 TIMES"), undefined);
    assert.equal(horizon("[abc:b = 'c'] OR ([abc:b = 'c'] AND [abc:b = 'd'])"), undefined);
  });
});
