// dominated.ts against what it claims: with the observations it lets go taken out, every future
// (observations no earlier than the newest) completes a match exactly when it did before. Small
// random patterns over three names, times on a few whole seconds so that ties, the newest time
// and WITHIN's offsets all come up.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { Pattern } from '../ast.js';
import { parsePattern } from '../parser.js';
import { dominated } from './dominated.js';
import { at, observationsOf, type Sighting } from './fixtures.js';
import { matchPattern } from './match.js';
import { PreparedObservations } from './prepared.js';
import { instantOfValid } from './time.js';

const bracket = fc.constantFrom(
  "[process:name = 'a']",
  "[process:name = 'b']",
  "[process:name IN ('a', 'b')]",
  "[process:name = 'c']",
);

const patternText: fc.Arbitrary<string> = fc.letrec<{ expression: string }>((tie) => ({
  expression: fc.oneof(
    { depthSize: 'small', maxDepth: 3 },
    bracket,
    fc
      .tuple(tie('expression'), fc.constantFrom('AND', 'OR', 'FOLLOWEDBY'), tie('expression'))
      .map(([x, operator, y]) => `(${x} ${operator} ${y})`),
    fc
      .tuple(
        tie('expression'),
        fc.constantFrom(
          'WITHIN 1 SECONDS',
          'WITHIN 3 SECONDS',
          'REPEATS 2 TIMES',
          'REPEATS 3 TIMES',
          `START t'${at(2)}' STOP t'${at(9)}'`,
        ),
      )
      .map(([x, qualifier]) => `(${x} ${qualifier})`),
  ),
})).expression;

const sighting = (from: number) =>
  fc
    .record({
      name: fc.constantFrom('a', 'b', 'c'),
      first: fc.integer({ min: from, max: from + 6 }),
      length: fc.constantFrom(0, 0, 0, 1, 3),
      count: fc.constantFrom(1, 1, 2, 3),
    })
    .map(({ name, first, length, count }): Sighting => ({ name, first, last: first + length, count }));

const byFirst = (sightings: Sighting[]) => [...sightings].sort((x, y) => x.first - y.first);

function parsed(text: string): Pattern {
  const result = parsePattern(text);
  assert.ok(result.ok, text);
  return result.pattern;
}

/** What dominated() lets go of among the sightings, with the newest first_observed as it is. */
function letGo(text: string, sightings: Sighting[]): boolean[] {
  const newest = Math.max(...sightings.map(({ first }) => first));
  return dominated(
    parsed(text),
    new PreparedObservations(observationsOf(sightings)),
    instantOfValid(at(newest)),
  );
}

const name = (letter: string) => `[process:name = '${letter}']`;

describe('dominated', () => {
  // Observations are looked at in input order: each case puts first the one a wrong threshold
  // would let go, while the ones that must not stand in for it are still there.
  it('keeps an observation an earlier start of the chain reaches and the ones standing in for it do not', () => {
    // c at 2 follows the a at 2 (a tie); the c's at 1 cannot, and the one at 2 stands in for
    // them. The b fits no bracket.
    const gone = letGo(`${name('a')} FOLLOWEDBY ${name('c')} FOLLOWEDBY ${name('d')}`, [
      { name: 'c', first: 2, last: 2, count: 1 },
      { name: 'c', first: 1, last: 1, count: 3 },
      { name: 'a', first: 2, last: 2, count: 1 },
      { name: 'b', first: 4, last: 4, count: 1 },
    ]);
    assert.deepEqual(gone, [false, true, false, true]);
  });

  it("reads WITHIN's offset into the thresholds", () => {
    // The c seen from 1 to 3 is within 2 seconds of the a at 5, and stands in for the c's at 2,
    // which are not.
    const gone = letGo(`(${name('a')} AND ${name('c')}) WITHIN 2 SECONDS AND ${name('e')}`, [
      { name: 'c', first: 1, last: 3, count: 1 },
      { name: 'c', first: 2, last: 2, count: 3 },
      { name: 'a', first: 5, last: 5, count: 1 },
      { name: 'b', first: 9, last: 9, count: 1 },
    ]);
    assert.deepEqual(gone, [false, true, false, true]);
    // On the early side too: the c from 3 starts within 2 seconds of the a that ended at 1, the
    // c's at 4 do not.
    const early = letGo(`(${name('a')} AND ${name('c')}) WITHIN 2 SECONDS AND ${name('e')}`, [
      { name: 'c', first: 3, last: 10, count: 1 },
      { name: 'a', first: 1, last: 1, count: 1 },
      { name: 'c', first: 4, last: 4, count: 3 },
      { name: 'b', first: 13, last: 13, count: 1 },
    ]);
    assert.deepEqual(early, [false, false, true, true]);
  });

  it('counts what a match gives the other slots the stand-ins fit', () => {
    // The a could stand in for the b in the first bracket, but a match needs it in the second.
    const gone = letGo(`[process:name IN ('a', 'b')] AND ${name('a')} AND ${name('e')}`, [
      { name: 'b', first: 1, last: 1, count: 1 },
      { name: 'a', first: 1, last: 1, count: 1 },
    ]);
    assert.deepEqual(gone, [false, false]);
  });

  it('lets go only of observations no future match needs', () => {
    let letGo = 0;
    fc.assert(
      fc.property(
        patternText,
        fc.array(sighting(0), { minLength: 1, maxLength: 9 }).map(byFirst),
        // Futures as seconds after the stream's newest first_observed: none starts earlier.
        fc.array(fc.array(sighting(0), { maxLength: 3 }).map(byFirst), { minLength: 8, maxLength: 8 }),
        // The newest first_observed of the stream may be later than any pending one.
        fc.constantFrom(0, 0, 1, 3),
        (text, pendingSightings, futures, later) => {
          const pattern = parsed(text);
          const newest = Math.max(...pendingSightings.map(({ first }) => first)) + later;
          const laters = futures.map((future) =>
            future.map((s) => ({ ...s, first: newest + s.first, last: newest + s.last })),
          );
          // One list, so that every observation has an id of its own.
          const observations = observationsOf([...pendingSightings, ...laters.flat()]);
          const pending = observations.slice(0, pendingSightings.length);
          // A stream holds only what has not matched yet.
          fc.pre(matchPattern(pattern, pending) === undefined);
          const gone = dominated(pattern, new PreparedObservations(pending), instantOfValid(at(newest)));
          const kept = pending.filter((_, i) => !gone[i]);
          letGo += pending.length - kept.length;
          let from = pendingSightings.length;
          for (const future of laters) {
            const later = observations.slice(from, from + future.length);
            from += future.length;
            const all = matchPattern(pattern, [...pending, ...later]) !== undefined;
            const reduced = matchPattern(pattern, [...kept, ...later]) !== undefined;
            assert.equal(reduced, all, `${text}: ${JSON.stringify({ pendingSightings, gone, future })}`);
          }
        },
      ),
      { numRuns: 600 },
    );
    assert.ok(letGo > 300, `only ${letGo} let go`);
  });
});
