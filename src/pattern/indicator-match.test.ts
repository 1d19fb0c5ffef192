// IndicatorMatcher against its definition: each indicator's pattern evaluated alone over all the
// observations. Random one-bracket and temporal patterns over random observations.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { Pattern } from './ast.js';
import { parsed, singleObservationPattern, streamArbitrary, temporalPattern } from './compile/arbitraries.js';
import { matchPattern } from './evaluate/match.js';
import { IndicatorMatcher } from './indicator-match.js';
import type { Observation } from './observation.js';
import { printPattern } from './print.js';

function indicatorOf(pattern: Pattern, n: number) {
  const time = '2026-01-01T00:00:00.000Z';
  return {
    type: 'indicator',
    spec_version: '2.1',
    id: `indicator--00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    created: time,
    modified: time,
    valid_from: time,
    pattern_type: 'stix',
    pattern: printPattern(pattern),
  };
}

describe('IndicatorMatcher', () => {
  it('matches each indicator as its pattern alone over all the observations, with a witness of its own', () => {
    let matched = 0;
    fc.assert(
      fc.property(
        fc.array(fc.oneof(singleObservationPattern, temporalPattern), { minLength: 1, maxLength: 12 }),
        streamArbitrary(20),
        (patterns, stream) => {
          const observations = stream.map(({ observation }) => observation);
          const matcher = new IndicatorMatcher<number>();
          for (const [n, pattern] of patterns.entries()) {
            assert.equal(matcher.add(indicatorOf(pattern, n), n), undefined);
          }
          const outcomes = [...matcher.match(observations)];
          assert.deepEqual(
            outcomes.map(({ tag }) => tag),
            patterns.map((_, n) => n),
          );
          for (const { outcome, tag } of outcomes) {
            const pattern = patterns[tag] as Pattern;
            const expected = matchPattern(pattern, observations);
            assert.equal(outcome.kind, expected === undefined ? 'no-match' : 'match', printPattern(pattern));
            if (outcome.kind !== 'match') continue;
            matched++;
            const witness = outcome.observedData.map(
              (id) => observations.find((o) => o.id === id) as Observation,
            );
            assert.notEqual(matchPattern(pattern, witness), undefined);
            if (pattern.expression.kind === 'observation') {
              const first = observations.find((o) => matchPattern(pattern, [o]) !== undefined);
              assert.deepEqual(outcome.observedData, [first?.id]);
            }
          }
        },
      ),
      { numRuns: 200 },
    );
    assert.ok(matched > 200, `only ${matched} matches`);
  });

  it('hands back at once what it cannot match: another language, a pattern that does not parse or run', () => {
    const matcher = new IndicatorMatcher<string>();
    const indicator = indicatorOf(parsed("[file:name = 'x']"), 1);
    assert.equal(
      matcher.add({ ...indicator, pattern_type: 'sigma', pattern: 'title: x' }, 'a')?.kind,
      'skipped',
    );
    const broken = matcher.add({ ...indicator, pattern: "[file:name = 'x'" }, 'b');
    assert.match(broken?.kind === 'error' ? broken.message : '', /invalid STIX 2\.1 pattern/);
    // A back reference the linear-time engine cannot run, though no observation would reach it.
    const unrunnable = matcher.add({ ...indicator, pattern: "[file:name MATCHES '(a)\\\\1']" }, 'c');
    assert.equal(unrunnable?.kind, 'error');
    // 2^14 ways to take the ORs, more than the evaluator unfolds.
    const choice =
      "([process:name = 'a'] FOLLOWEDBY [process:name = 'b'] OR [process:name = 'c'] AND [process:name = 'd'])";
    const unfolded = matcher.add({ ...indicator, pattern: Array(14).fill(choice).join(' AND ') }, 'd');
    assert.match(unfolded?.kind === 'error' ? unfolded.message : '', /alternatives/);
    assert.deepEqual([...matcher.match([])], []);
  });
});
