import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pattern } from '../ast.js';
import { type Observation, observationsFrom20 } from '../observation.js';
import { parsePattern } from '../parser.js';
import { PatternEvaluationError } from './errors.js';
import { matchPattern } from './match.js';

function pattern(text: string): Pattern {
  const result = parsePattern(text);
  assert.ok(result.ok, text);
  return result.pattern;
}

/** One observed-data per name, a second apart from 2020-01-01T00:00:00Z. */
function observations(names: string[], spacingMs = 1000, numberObserved = 1): Observation[] {
  const read = observationsFrom20(
    names.map((name, i) => {
      const time = new Date(Date.UTC(2020, 0, 1) + i * spacingMs).toISOString();
      return {
        type: 'observed-data',
        id: `observed-data--${i}`,
        first_observed: time,
        last_observed: time,
        number_observed: numberObserved,
        objects: { '0': { type: 'process', name } },
      };
    }),
  );
  assert.deepEqual(read.errors, []);
  return read.observations;
}

describe('matchPattern', () => {
  it('says which observations satisfied which bracket, and the time range', () => {
    const text = "[process:name = 'a'] FOLLOWEDBY ([process:name = 'b'] OR [process:name = 'z'])";
    const input = observations(['x', 'b', 'a', 'b']);
    const found = matchPattern(pattern(text), input);
    assert.ok(found !== undefined);
    assert.deepEqual(
      found.bindings.map((b) => [
        text.slice(b.expression.start, b.expression.end),
        b.observations.map((o) => o.id),
      ]),
      [
        ["[process:name = 'a']", ['observed-data--2']],
        ["[process:name = 'b']", ['observed-data--3']],
      ],
    );
    assert.deepEqual(
      found.observations.map((o) => o.id),
      ['observed-data--2', 'observed-data--3'],
    );
    assert.equal(found.firstObserved, '2020-01-01T00:00:02.000Z');
    assert.equal(found.lastObserved, '2020-01-01T00:00:03.000Z');
  });

  it('lists an observation once per sighting used when number_observed allows it', () => {
    const found = matchPattern(
      pattern("[process:name = 'a'] REPEATS 3 TIMES"),
      observations(['a', 'a'], 1000, 2),
    );
    assert.ok(found !== undefined);
    assert.equal(found.bindings[0]?.observations.length, 3);
    assert.equal(found.observations.length, 2);
  });

  it('rejects a regular expression the linear-time engine cannot run, even with no observations', () => {
    assert.throws(
      () => matchPattern(pattern("[process:name MATCHES '(a)\\\\1']"), []),
      (error: unknown) =>
        error instanceof PatternEvaluationError &&
        error.code === 'unsupported-regex' &&
        error.span.start === 22 &&
        /back|escape/.test(error.message),
    );
  });

  it('decides REPEATS 10 TIMES WITHIN 5 SECONDS over 2,000 observations that never complete it', {
    timeout: 20_000,
  }, () => {
    // Every observation satisfies the bracket, but at most 6 fall within any 5 seconds, so the
    // reference matcher's combinations of 10 among 2,000 (about 10^26) would never end.
    const input = observations(new Array<string>(2000).fill('a'));
    assert.equal(
      matchPattern(pattern("[process:name = 'a'] REPEATS 10 TIMES WITHIN 5 SECONDS"), input),
      undefined,
    );
    const found = matchPattern(pattern("[process:name = 'a'] REPEATS 6 TIMES WITHIN 5 SECONDS"), input);
    assert.equal(found?.observations.length, 6);
  });

  it('decides AND and FOLLOWEDBY chains over many candidates without enumerating them', {
    timeout: 20_000,
  }, () => {
    const names = Array.from({ length: 3000 }, (_, i) => (i % 3 === 0 ? 'a' : i % 3 === 1 ? 'b' : 'c'));
    const input = observations(names);
    const chain = "[process:name = 'c'] FOLLOWEDBY [process:name = 'b'] FOLLOWEDBY [process:name = 'a']";
    assert.ok(matchPattern(pattern(`(${chain}) WITHIN 2 SECONDS`), input) === undefined);
    assert.ok(matchPattern(pattern(`(${chain}) WITHIN 4 SECONDS`), input) !== undefined);
    const pairs = "([process:name = 'a'] AND [process:name = 'b']) REPEATS 1000 TIMES";
    assert.ok(matchPattern(pattern(pairs), input) !== undefined);
    assert.ok(matchPattern(pattern(pairs.replace('1000', '1001')), input) === undefined);
  });
});
