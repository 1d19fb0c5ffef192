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
    // The sample reads every eighth digit from the end, so one that differs at the start collides.
    const near = `0${digest.slice(1)}`;
    assert.equal(set.candidateCount(fileWith(near)), 1);
    assert.deepEqual(set.match(fileWith(near)), []);
    assert.equal(set.candidateCount(fileWith(`${digest.slice(0, 63)}0`)), 0);
    assert.deepEqual(
      set.match(fileWith(digest)).map((m) => m.indicatorId),
      ['indicator--a'],
    );
  });

  it('reads every indexed path, whatever other properties, lists and references surround it', () => {
    const set = compile([
      { id: 'indicator--key', pattern: parsed("[windows-registry-key:key = 'HKEY_LOCAL_MACHINE\\\\Run']") },
      { id: 'indicator--serial', pattern: parsed("[x509-certificate:serial_number = '36:f7:d4']") },
      { id: 'indicator--to', pattern: parsed("[email-message:to_refs[*].value = 'b@x.org']") },
      { id: 'indicator--dst', pattern: parsed("[network-traffic:dst_ref.value = '10.0.0.1']") },
      { id: 'indicator--md5', pattern: parsed("[file:hashes.MD5 = 'd41d8cd98f00b204e9800998ecf8427e']") },
    ]);
    const seen = observation(
      {
        0: {
          type: 'windows-registry-key',
          id: 'windows-registry-key--0',
          values: [{ name: 'x', data: 'y' }],
          key: 'HKEY_LOCAL_MACHINE\\Run',
        },
        1: { type: 'x509-certificate', id: 'x509-certificate--1', version: '3', serial_number: '36:f7:d4' },
        2: { type: 'email-message', id: 'email-message--2', is_multipart: false, to_refs: ['5', '6'] },
        3: { type: 'network-traffic', id: 'network-traffic--3', protocols: ['tcp'], dst_ref: '7' },
        4: {
          type: 'file',
          id: 'file--4',
          size: 0,
          hashes: { 'SHA-1': 'da39', md5: 'D41D8CD98F00B204E9800998ECF8427E' },
        },
        5: { type: 'email-addr', id: 'email-addr--5', value: 'a@x.org' },
        6: { type: 'email-addr', id: 'email-addr--6', display_name: 'B', value: 'b@x.org' },
        7: { type: 'ipv4-addr', id: 'ipv4-addr--7', value: '10.0.0.1' },
      },
      0,
    );
    // The upper-case MD5 under a lower-case key is a candidate the evaluator rejects.
    assert.equal(set.candidateCount(seen), 5);
    assert.deepEqual(sorted(set.match(seen).map((m) => m.indicatorId)), [
      'indicator--dst',
      'indicator--key',
      'indicator--serial',
      'indicator--to',
    ]);
  });

  it('finds hashes under any number of algorithm spellings', () => {
    const digest = 'ab'.repeat(16);
    const set = compile([{ id: 'indicator--a', pattern: parsed(`[file:hashes.MD5 = '${digest}']`) }]);
    const fileWith = (spelling: string) =>
      observation({ 0: { type: 'file', id: 'file--0', hashes: { [spelling]: digest } } }, 0);
    // More spellings than the node remembers come first: the ones after are folded each time.
    for (let i = 1; i <= 40; i++) assert.equal(set.candidateCount(fileWith(`${'x'.repeat(i)}-MD5`)), 0);
    for (const spelling of ['md5', 'MD_5', 'md-5']) assert.equal(set.candidateCount(fileWith(spelling)), 1);
    assert.deepEqual(
      set.match(fileWith('MD5')).map((m) => m.indicatorId),
      ['indicator--a'],
    );
  });

  it('keys text values on all their characters, though misses read only a sample', () => {
    const urlOf = (n: number) => `http://evil.example.com/download/${String(n).padStart(6, '0')}/payload.exe`;
    // Enough indicators for the table and its bitset to be rebuilt several times over.
    const set = compile(
      Array.from({ length: 3000 }, (_, n) => ({
        id: `indicator--${n}`,
        pattern: parsed(`[url:value = '${urlOf(n)}']`),
      })),
    );
    const seen = (value: string) => observation({ 0: { type: 'url', id: 'url--0', value } }, 0);
    for (let n = 0; n < 3000; n += 7) {
      assert.deepEqual(
        set.match(seen(urlOf(n))).map((m) => m.indicatorId),
        [`indicator--${n}`],
      );
    }
    // Same length, same sampled characters, other digits: no candidate, not even by the sample.
    let candidates = 0;
    for (let n = 3000; n < 6000; n++) candidates += set.candidateCount(seen(urlOf(n)));
    assert.equal(candidates, 0);
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
    const file = (name: string) => observation({ 0: { type: 'file', id: 'file--0', name } }, 0);
    // The other file indicator needs its MD5; the LIKE-only one, '.scr' in the name.
    assert.equal(set.candidateCount(file('x.exe')), 0);
    assert.equal(set.candidateCount(file('x.scr')), 1);
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
