import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { observationsFrom20 } from '../observation.js';
import { parsePattern } from '../parser.js';
import { matchPattern } from './match.js';
import { compileMatches, SearchCache, searches } from './regex.js';

const SPAN = { start: 0, end: 0 };
const SOURCES = ['^a', 'b$', '(?i)A.B', 'é', '^$', 'a|\\.', '[^a]{2}'];
const REGEXES = SOURCES.map((source) => compileMatches(source, SPAN));
/** Few characters, so that values recur; "é" both composed and decomposed, as NFC matters. */
const character = fc.constantFrom('a', 'b', 'A', '.', '\n', 'é', 'e\u0301', '😀');
const value = fc.array(character, { maxLength: 6 }).map((cs) => cs.join(''));
const lookups = fc.array(fc.tuple(fc.nat(REGEXES.length - 1), value), { maxLength: 200 });

/** What MATCHES answers without any cache. */
function uncached(regex: number, text: string): boolean {
  return searches(REGEXES[regex] as (typeof REGEXES)[number], text.normalize('NFC'));
}

describe('SearchCache', () => {
  it('answers as an uncached search does, across evictions', () => {
    let found = 0;
    fc.assert(
      fc.property(lookups, fc.integer({ min: 2, max: 40 }), (sequence, entries) => {
        const cache = new SearchCache({ entries, chars: 4 * entries, longestValue: 4 });
        for (const [regex, text] of [...sequence, ...sequence]) {
          const expected = uncached(regex, text);
          if (expected) found++;
          assert.equal(cache.searches(REGEXES[regex] as (typeof REGEXES)[number], text), expected);
        }
      }),
      { numRuns: 500 },
    );
    assert.ok(found > 1000, `only ${found} found`);
  });

  it('never holds more entries or characters than its limits', () => {
    fc.assert(
      fc.property(
        lookups,
        fc.integer({ min: 2, max: 20 }),
        fc.integer({ min: 0, max: 30 }),
        (sequence, entries, chars) => {
          const cache = new SearchCache({ entries, chars, longestValue: 6 });
          for (const [regex, text] of sequence) {
            cache.searches(REGEXES[regex] as (typeof REGEXES)[number], text);
            const size = cache.size();
            assert.ok(size.entries <= entries, `${size.entries} entries, limit ${entries}`);
            assert.ok(size.chars <= chars, `${size.chars} characters, limit ${chars}`);
          }
        },
      ),
    );
  });

  it('stays within its bound under a flood of distinct values, and never holds long ones', () => {
    const limits = { entries: 1_000, chars: 30_000, longestValue: 64 };
    const cache = new SearchCache(limits);
    const regex = compileMatches('(?i)\\\\temp\\\\', SPAN);
    let largest = 0;
    for (let i = 0; i < 100_000; i++) {
      const text = `C:\\Users\\u${i}\\AppData\\Local\\Temp\\x${i}.tmp`;
      assert.equal(cache.searches(regex, text), true);
      // A value seen all the time, between the distinct ones.
      assert.equal(cache.searches(regex, 'C:\\Windows\\System32'), false);
      largest = Math.max(largest, cache.size().entries);
    }
    assert.ok(largest <= limits.entries);
    assert.ok(cache.size().chars <= limits.chars);
    const empty = new SearchCache(limits);
    for (let i = 0; i < 1_000; i++) empty.searches(regex, `${'x'.repeat(limits.longestValue)}\\temp\\${i}`);
    assert.deepEqual(empty.size(), { entries: 0, chars: 0 });
  });

  it('gives MATCHES in patterns the uncached answers, asked again and again', () => {
    const names = ['a.b', 'Ab', 'é', 'e\u0301', '', 'b', 'xa.b'];
    const observations = observationsFrom20(
      names.map((name, i) => ({
        type: 'observed-data',
        id: `observed-data--${i}`,
        first_observed: '2020-01-01T00:00:00Z',
        last_observed: '2020-01-01T00:00:00Z',
        number_observed: 1,
        objects: { '0': { type: 'file', name } },
      })),
    ).observations;
    for (let round = 0; round < 3; round++) {
      for (const [r, source] of SOURCES.entries()) {
        const parsed = parsePattern(`[file:name MATCHES '${source.replaceAll('\\', '\\\\')}']`);
        assert.ok(parsed.ok, source);
        for (const [i, observation] of observations.entries()) {
          const matched: boolean = matchPattern(parsed.pattern, [observation]) !== undefined;
          assert.equal(matched, uncached(r, names[i] as string), `${source} on ${names[i]}`);
        }
      }
    }
  });
});
