import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parsePattern } from '../parser.js';
import { slotMasksOf } from './assignment.js';
import { type BracketTable, evaluateBrackets } from './bracket.js';
import { WorkBudget } from './budget.js';
import { observationsOf, type Sighting, witnessSightings } from './fixtures.js';
import { solvePairCopies } from './pair-copies.js';
import { type Plan, planPattern } from './plan.js';
import { PreparedObservations } from './prepared.js';

// pair-copies.ts against the definition, spelled out for these shapes alone: n disjoint pairs of
// sighting instances, each pair one of the shape's copies, found by trying every set of pairs.

/** `((X op Y) WITHIN w SECONDS) REPEATS n TIMES`, or `([x]) REPEATS 2 TIMES` for op 'twice'. */
interface PairRepeats {
  op: 'AND' | 'FOLLOWEDBY' | 'twice';
  x: readonly string[];
  y: readonly string[];
  /** The copy's WITHIN; none for a bare FOLLOWEDBY. */
  within?: number;
  times: number;
  /** A WITHIN around all the copies. */
  around?: number;
}

const bracket = (names: readonly string[]) =>
  `[${names.map((name) => `process:name = '${name}'`).join(' OR ')}]`;

function text(p: PairRepeats): string {
  const core =
    p.op === 'twice' ? `(${bracket(p.x)}) REPEATS 2 TIMES` : `${bracket(p.x)} ${p.op} ${bracket(p.y)}`;
  const copy = p.within === undefined ? `(${core})` : `((${core}) WITHIN ${p.within} SECONDS)`;
  return `${copy} REPEATS ${p.times} TIMES${p.around === undefined ? '' : ` WITHIN ${p.around} SECONDS`}`;
}

/** Whether instance s fills X (or the repeated bracket) and t fills Y, as the pattern's text says. */
function pairs(p: PairRepeats, s: Sighting, t: Sighting): boolean {
  const roles =
    p.op === 'twice'
      ? p.x.includes(s.name) && p.x.includes(t.name)
      : p.x.includes(s.name) && p.y.includes(t.name);
  if (!roles) return false;
  if (p.op === 'FOLLOWEDBY' && s.first > t.last) return false;
  return p.within === undefined || Math.max(s.first, t.first) <= Math.min(s.last, t.last) + p.within;
}

/** Whether `times` disjoint pairs of instances exist, all inside the WITHIN around them if any. */
function definitionHolds(p: PairRepeats, sightings: readonly Sighting[]): boolean {
  const instances = sightings.flatMap((s) => new Array<Sighting>(s.count).fill(s));
  const used = new Array<boolean>(instances.length).fill(false);
  const chosen: Sighting[] = [];
  const aroundHolds = () =>
    p.around === undefined ||
    Math.max(...chosen.map((s) => s.first)) <= Math.min(...chosen.map((s) => s.last)) + p.around;
  const search = (from: number, left: number): boolean => {
    if (left === 0) return aroundHolds();
    for (let i = from; i < instances.length; i++) {
      if (used[i]) continue;
      used[i] = true;
      for (let j = i + 1; j < instances.length; j++) {
        const [s, t] = [instances[i] as Sighting, instances[j] as Sighting];
        if (used[j] || !(pairs(p, s, t) || pairs(p, t, s))) continue;
        used[j] = true;
        chosen.push(s, t);
        const found = search(i + 1, left - 1);
        chosen.length -= 2;
        used[j] = false;
        if (found) return true;
      }
      used[i] = false;
    }
    return false;
  };
  return search(0, p.times);
}

const names = fc.constantFrom(['a'], ['b'], ['a', 'b']);

const pairRepeats: fc.Arbitrary<PairRepeats> = fc
  .record({
    op: fc.constantFrom('AND', 'FOLLOWEDBY', 'twice'),
    x: names,
    y: names,
    within: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
    times: fc.integer({ min: 2, max: 4 }),
    around: fc.option(fc.integer({ min: 3, max: 12 }), { nil: undefined }),
  })
  // Only a FOLLOWEDBY gives a copy a constraint without a WITHIN.
  .map((p) => (p.op === 'FOLLOWEDBY' || p.within !== undefined ? p : { ...p, within: 2 }));

/** Up to 9 sightings over 16 seconds: points, short intervals, a few seen more than once. */
const sightings = fc.array(
  fc
    .record({
      name: fc.constantFrom('a', 'b', 'c'),
      first: fc.integer({ min: 0, max: 15 }),
      length: fc.constantFrom(0, 0, 0, 1, 3),
      count: fc.constantFrom(1, 1, 1, 1, 2, 3),
    })
    .map(({ name, first, length, count }): Sighting => ({ name, first, last: first + length, count })),
  { minLength: 2, maxLength: 9 },
);

function tableOf(
  pattern: string,
  input: readonly Sighting[],
): { plan: Plan; table: BracketTable; budget: WorkBudget } {
  const parsed = parsePattern(pattern);
  assert.ok(parsed.ok, pattern);
  const table = evaluateBrackets(parsed.pattern, new PreparedObservations(observationsOf(input)));
  const [plan] = planPattern(parsed.pattern.expression) as [Plan];
  return { plan, table, budget: new WorkBudget(parsed.pattern) };
}

describe('solvePairCopies', () => {
  it('decides REPEATS of two-instance copies as the definition does, with a witness that fits', () => {
    let matched = 0;
    let unmatched = 0;
    fc.assert(
      fc.property(pairRepeats, sightings, (p, input) => {
        const pattern = text(p);
        const { plan, table, budget } = tableOf(pattern, input);
        const witness = solvePairCopies(plan, table, slotMasksOf(plan, table), budget);
        assert.notEqual(witness, 'undecided', pattern);
        const expected = definitionHolds(p, input);
        assert.equal(witness !== undefined, expected, pattern);
        if (witness === undefined || witness === 'undecided') {
          unmatched++;
          return;
        }
        matched++;
        // The instances the witness names are enough by themselves.
        const used = witnessSightings(witness, table, input);
        assert.equal(
          used.reduce((sum, { count }) => sum + count, 0),
          2 * p.times,
          pattern,
        );
        assert.ok(definitionHolds(p, used), pattern);
      }),
      { numRuns: 3000 },
    );
    assert.ok(matched > 300 && unmatched > 300, `${matched} matched, ${unmatched} did not`);
  });

  it('decides alike from the first_observed of an observation every match must use', () => {
    // As a stream asks: the observations before the last one have no match.
    let matched = 0;
    fc.assert(
      fc.property(pairRepeats, sightings, (p, input) => {
        fc.pre(!definitionHolds(p, input.slice(0, -1)));
        const pattern = text(p);
        const { plan, table, budget } = tableOf(pattern, input);
        const witness = solvePairCopies(
          plan,
          table,
          slotMasksOf(plan, table),
          budget,
          table.first[input.length - 1],
        );
        assert.equal(witness !== undefined, definitionHolds(p, input), pattern);
        if (witness !== undefined) matched++;
      }),
      { numRuns: 2000 },
    );
    assert.ok(matched > 40, `${matched} matched`);
  });

  it('leaves plans that are not made of alike two-instance copies to the other searches', () => {
    const input: Sighting[] = [
      { name: 'a', first: 0, last: 0, count: 3 },
      { name: 'b', first: 1, last: 1, count: 3 },
    ];
    for (const pattern of [
      // Three instances a copy.
      "(([process:name = 'a'] AND [process:name = 'b'] AND [process:name = 'a']) WITHIN 5 SECONDS) REPEATS 2 TIMES",
      // Copies of two shapes.
      "(([process:name = 'a'] AND [process:name = 'b']) WITHIN 5 SECONDS) AND (([process:name = 'a'] AND [process:name = 'b']) WITHIN 4 SECONDS)",
      // One copy: nothing to match.
      "([process:name = 'a'] AND [process:name = 'b']) WITHIN 5 SECONDS",
      // A bracket beside the copies.
      "(([process:name = 'a'] AND [process:name = 'b']) WITHIN 5 SECONDS) REPEATS 2 TIMES AND [process:name = 'a']",
    ]) {
      const { plan, table, budget } = tableOf(pattern, input);
      assert.equal(solvePairCopies(plan, table, slotMasksOf(plan, table), budget), 'undecided', pattern);
    }
  });
});
