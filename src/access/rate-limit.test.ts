import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RateLimiter } from './rate-limit.js';

describe('RateLimiter', () => {
  it('allows a burst, then refuses with a Retry-After until the bucket refills', () => {
    let now = 0;
    const limiter = new RateLimiter({ perSecond: 2, burst: 3, clock: () => now });
    for (let i = 0; i < 3; i += 1) assert.deepEqual(limiter.take('a'), { allowed: true });
    assert.deepEqual(limiter.take('a'), { allowed: false, retryAfterSeconds: 1 });
    assert.deepEqual(limiter.take('b'), { allowed: true }, 'keys are limited apart');
    now += 500;
    assert.deepEqual(limiter.take('a'), { allowed: true });
    assert.equal(limiter.take('a').allowed, false);
  });

  it('forgets the idlest key when full, so memory stays bounded', () => {
    const now = 0;
    const limiter = new RateLimiter({ perSecond: 1, burst: 1, clock: () => now, maxKeys: 2 });
    limiter.take('a');
    limiter.take('b');
    limiter.take('c');
    assert.deepEqual(
      limiter.take('a'),
      { allowed: true },
      'a was forgotten, so it starts with a full bucket',
    );
    assert.equal(limiter.take('c').allowed, false);
  });

  it('refuses a limit that could never allow anything', () => {
    assert.throws(() => new RateLimiter({ perSecond: 0, burst: 1 }), RangeError);
  });
});
