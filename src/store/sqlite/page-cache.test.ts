import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PageCache } from './page-cache.js';

const page = (text: string) => ({ objects: Buffer.from(text), count: 1 });

describe('PageCache', () => {
  it('keeps pages while the state holds, forgets them all when it moves', () => {
    const cache = new PageCache(1000);
    assert.equal(cache.get('a', 's1'), undefined);
    const kept = page('x');
    cache.offer('a', page('x'), 's1');
    assert.equal(cache.get('a', 's1'), undefined, 'a page is kept when asked for a second time');
    cache.offer('a', kept, 's1');
    assert.equal(cache.get('a', 's1'), kept);
    assert.equal(cache.get('b', 's1'), undefined);
    assert.equal(cache.get('a', 's2'), undefined);
    assert.equal(cache.get('a', 's2'), undefined);
  });

  it('knows the keys asked for or kept, and keeps which keys were asked for when the state moves', () => {
    const cache = new PageCache(1000);
    assert.equal(cache.known('a'), false);
    cache.note('a');
    assert.equal(cache.known('a'), true);
    assert.equal(cache.get('a', 's1'), undefined);
    const kept = page('x');
    cache.offer('a', kept, 's1');
    assert.equal(cache.get('a', 's1'), kept, 'noted, then offered: kept');
    assert.equal(cache.known('a'), true, 'kept');
    assert.equal(cache.get('a', 's2'), undefined, 'forgotten with its state');
    assert.equal(cache.known('a'), false, 'kept, not asked for since');
    cache.note('b');
    assert.equal(cache.get('b', 's3'), undefined);
    assert.equal(cache.known('b'), true, 'asked for before the state moved');
    cache.offer('b', kept, 's3');
    assert.equal(cache.get('b', 's3'), kept);
  });

  it('drops the least recently used pages past its size, and never keeps a page too big for it', () => {
    const cache = new PageCache(100);
    cache.get('', 's');
    const keep = (key: string, kept: ReturnType<typeof page>) => {
      cache.offer(key, kept, 's');
      cache.offer(key, kept, 's');
    };
    for (const key of ['a', 'b', 'c']) keep(key, page('x'.repeat(11)));
    assert.ok(cache.get('a', 's'));
    keep('d', page('x'.repeat(11)));
    keep('e', page('x'.repeat(11)));
    keep('f', page('x'.repeat(11)));
    keep('g', page('x'.repeat(11)));
    keep('h', page('x'.repeat(11)));
    keep('i', page('x'.repeat(11)));
    keep('j', page('x'.repeat(11)));
    // Key and text, 12 characters a page: eight fit in 100. b and c, the least recently used, went.
    assert.equal(cache.get('b', 's'), undefined);
    assert.equal(cache.get('c', 's'), undefined);
    assert.ok(cache.get('a', 's'));
    assert.ok(cache.get('i', 's'));
    keep('big', page('x'.repeat(13)));
    assert.equal(cache.get('big', 's'), undefined);
  });

  it('does not keep a page read before a change that a later get has seen', () => {
    const cache = new PageCache(1000);
    cache.get('a', 's1');
    cache.offer('a', page('old'), 's1');
    // A read started in s1 (on a reader thread) ends after a get saw s2.
    assert.equal(cache.get('a', 's2'), undefined);
    cache.offer('a', page('old'), 's1');
    cache.offer('a', page('old'), 's1');
    assert.equal(cache.get('a', 's2'), undefined, 'pages offered from s1 are not kept in s2');
    const fresh = page('new');
    cache.offer('a', fresh, 's2');
    cache.offer('a', fresh, 's2');
    assert.equal(cache.get('a', 's2'), fresh);
  });
});
