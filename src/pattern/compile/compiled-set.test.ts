import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { matchPattern } from '../evaluate/match.js';
import type { Observation } from '../observation.js';
import { observation, observationArbitrary, parsed, singleObservationPattern } from './arbitraries.js';
import { compile } from './compiled-set.js';

/** The ids of the patterns that match the observation when each is evaluated alone. */
function evaluatedAlone(
  patterns: ReadonlyMap<string, ReturnType<typeof parsed>>,
  seen: Observation,
): string[] {
  return [...patterns].filter(([, pattern]) => matchPattern(pattern, [seen]) !== undefined).map(([id]) => id);
}

const sorted = (ids: Iterable<string>) => [...ids].sort();

describe('CompiledSet', () => {
  it('reports exactly the indicators that match when each pattern is evaluated alone', () => {
    let matched = 0;
    fc.assert(
      fc.property(
        fc.array(singleObservationPattern, { minLength: 1, maxLength: 25 }),
        fc.array(observationArbitrary, { minLength: 1, maxLength: 8 }),
        (patterns, observations) => {
          const byId = new Map(patterns.map((pattern, i) => [`indicator--${i}`, pattern]));
          const set = compile([...byId].map(([id, pattern]) => ({ id, pattern })));
          for (const seen of observations) {
            const expected = evaluatedAlone(byId, seen);
            matched += expected.length;
            assert.deepEqual(sorted(set.match(seen).map((m) => m.indicatorId)), sorted(expected));
          }
        },
      ),
      { numRuns: 400 },
    );
    // The alphabet is small so that matches happen: a run without them would prove nothing.
    assert.ok(matched > 100, `only ${matched} matches`);
  });

  it('stays exact while indicators are added, replaced and removed', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(9), fc.option(singleObservationPattern, { nil: undefined })), {
          minLength: 1,
          maxLength: 40,
        }),
        fc.array(observationArbitrary, { minLength: 1, maxLength: 4 }),
        (operations, observations) => {
          const live = new Map<string, ReturnType<typeof parsed>>();
          const set = compile([]);
          for (const [n, pattern] of operations) {
            const id = `indicator--${n}`;
            if (pattern === undefined) {
              assert.equal(set.remove(id), live.delete(id));
            } else {
              set.add({ id, pattern });
              live.set(id, pattern);
            }
          }
          assert.equal(set.size, live.size);
          for (const seen of observations) {
            assert.deepEqual(
              sorted(set.match(seen).map((m) => m.indicatorId)),
              sorted(evaluatedAlone(live, seen)),
            );
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('confirms candidates even when trees no longer fit in the cache', () => {
    const hashes = Array.from({ length: 50 }, (_, i) => createHash('sha256').update(String(i)).digest('hex'));
    const set = compile(
      hashes.map((hash, i) => ({
        id: `indicator--${i}`,
        pattern: parsed(`[file:hashes.'SHA-256' = '${hash}']`),
      })),
      { treeCacheSize: 2 },
    );
    for (const [i, hash] of hashes.entries()) {
      const seen = observation(
        { 0: { type: 'file', id: 'file--0', hashes: { 'SHA-256': hash.toUpperCase() } } },
        0,
      );
      // The evaluator compares hash text exactly: the upper-case value is a candidate, not a match.
      assert.equal(set.candidateCount(seen), 1);
      assert.deepEqual(set.match(seen), []);
      const exact = observation({ 0: { type: 'file', id: 'file--0', hashes: { 'SHA-256': hash } } }, 0);
      assert.deepEqual(
        set.match(exact).map((m) => m.indicatorId),
        [`indicator--${i}`],
      );
    }
  });

  it('keys digests on a sample of their characters and leaves near misses to the evaluator', () => {
    const digest = 'f'.repeat(64);
    const set = compile([{ id: 'indicator--a', pattern: parsed(`[file:hashes.'SHA-256' = '${digest}']`) }]);
    const fileWith = (sha256: string) =>
      observation({ 0: { type: 'file', id: 'file--0', hashes: { 'SHA-256': sha256 } } }, 0);
    // The sample reads every fourth digit from the end, so one that differs at the start collides.
    const near = `0${digest.slice(1)}`;
    assert.equal(set.candidateCount(fileWith(near)), 1);
    assert.deepEqual(set.match(fileWith(near)), []);
    assert.equal(set.candidateCount(fileWith(`${digest.slice(0, 63)}0`)), 0);
    assert.deepEqual(
      set.match(fileWith(digest)).map((m) => m.indicatorId),
      ['indicator--a'],
    );
  });

  it('finds indicators by value without evaluating the others', () => {
    const set = compile([
      { id: 'indicator--a', pattern: parsed("[domain-name:value = 'evil.com']") },
      { id: 'indicator--b', pattern: parsed("[ipv4-addr:value ISSUBSET '10.0.0.0/8']") },
      { id: 'indicator--c', pattern: parsed("[network-traffic:dst_ref.value = '192.168.0.9']") },
      {
        id: 'indicator--d',
        pattern: parsed("[file:name LIKE '%.exe' AND file:hashes.MD5 = 'd41d8cd98f00b204e9800998ecf8427e']"),
      },
      { id: 'indicator--e', pattern: parsed("[file:name LIKE '%.scr']") },
    ]);
    const seen = observation(
      {
        0: { type: 'network-traffic', id: 'nt--0', dst_ref: '1' },
        1: { type: 'ipv4-addr', id: 'ipv4-addr--1', value: '192.168.0.9' },
        2: { type: 'domain-name', id: 'domain-name--2', value: 'good.org' },
      },
      0,
    );
    assert.equal(set.candidateCount(seen), 1);
    assert.deepEqual(
      set.match(seen).map((m) => m.indicatorId),
      ['indicator--c'],
    );
    const file = observation({ 0: { type: 'file', id: 'file--0', name: 'x.exe' } }, 0);
    // Only the LIKE-only indicator is a candidate: the other file indicator needs its MD5.
    assert.equal(set.candidateCount(file), 1);
  });

  it('reports an indicator the evaluator cannot run and still matches the others', () => {
    const failures: string[] = [];
    const indicators = [
      {
        id: 'indicator--backreference',
        pattern: parsed("[file:name MATCHES '(a)\\\\1' OR file:name = 'a.exe']"),
      },
      { id: 'indicator--plain', pattern: parsed("[file:name = 'a.exe']") },
    ];
    const seen = observation({ 0: { type: 'file', id: 'file--0', name: 'a.exe' } }, 0);
    assert.throws(() => compile(indicators).match(seen), { name: 'PatternEvaluationError' });
    const set = compile(indicators, {
      onEvaluationError: (id, error) => failures.push(`${id} ${error.code}`),
    });
    assert.deepEqual(
      set.match(seen).map((m) => m.indicatorId),
      ['indicator--plain'],
    );
    assert.deepEqual(failures, ['indicator--backreference unsupported-regex']);
  });
});
