import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parsePattern } from '../parser.js';
import { slotMasksOf } from './assignment.js';
import { type BracketTable, evaluateBrackets } from './bracket.js';
import { WorkBudget } from './budget.js';
import { chainCopiesExist, observationsOf, type Sighting, witnessSightings } from './fixtures.js';
import { matchPattern } from './match.js';
import { type Plan, planPattern } from './plan.js';
import { PreparedObservations } from './prepared.js';
import { solveWithinAround } from './within-around.js';

// within-around.ts against the definition, spelled out for these patterns alone: `times` copies
// of a chain (or of a windowed part) on distinct sighting instances, every instance of every copy
// within the WITHIN of one another, found by trying every choice on small cases.

/** `(P1 FOLLOWEDBY ... FOLLOWEDBY Pk) REPEATS times TIMES WITHIN within SECONDS`, Pi accepting names[i]. */
interface WindowedChain {
  names: ReadonlyArray<readonly string[]>;
  times: number;
  within: number;
}

function text({ names, times, within }: WindowedChain): string {
  const chain = names
    .map((accepted) => `[${accepted.map((name) => `process:name = '${name}'`).join(' OR ')}]`)
    .join(' FOLLOWEDBY ');
  return times === 1
    ? `(${chain}) WITHIN ${within} SECONDS`
    : `(${chain}) REPEATS ${times} TIMES WITHIN ${within} SECONDS`;
}

/** Whether `times` copies exist: each a sighting instance per position, earlier firsts <= later lasts. */
const definitionHolds = (p: WindowedChain, sightings: readonly Sighting[]) => chainCopiesExist(p, sightings);

/** Positions accepting one name each, distinct (roles apart), or one of them two (roles shared). */
const windowedChain: fc.Arbitrary<WindowedChain> = fc.record({
  names: fc
    .tuple(
      fc.shuffledSubarray(['a', 'b', 'c', 'd'], { minLength: 2, maxLength: 4 }),
      // Random sightings rarely match a chain of four: two in three are cut to three.
      fc.nat(2),
      fc.option(fc.nat(3), { freq: 4, nil: undefined }),
    )
    .map(([drawn, cut, widened]) => {
      const order = drawn.length === 4 && cut > 0 ? drawn.slice(1) : drawn;
      return order.map((name, i) =>
        i === widened ? [name, order[(i + 1) % order.length] as string] : [name],
      );
    }),
  times: fc.constantFrom(1, 1, 2, 2, 3),
  within: fc.integer({ min: 2, max: 16 }),
});

/** 4 to 11 sightings over 8 seconds: mostly points, some intervals, a few seen twice. */
const sightings = fc.array(
  fc
    .record({
      name: fc.constantFrom('a', 'b', 'c', 'd'),
      first: fc.integer({ min: 0, max: 7 }),
      length: fc.constantFrom(0, 0, 0, 2, 5),
      count: fc.constantFrom(1, 1, 1, 2),
    })
    .map(({ name, first, length, count }): Sighting => ({ name, first, last: first + length, count })),
  { minLength: 4, maxLength: 11 },
);

/** `((P1 op P2 [op P3]) WITHIN within SECONDS) REPEATS times TIMES WITHIN around SECONDS`. */
interface WindowedRepeats {
  op: 'AND' | 'FOLLOWEDBY';
  names: ReadonlyArray<readonly string[]>;
  within: number;
  times: number;
  around: number;
}

function repeatsText({ op, names, within, times, around }: WindowedRepeats): string {
  const part = names
    .map((accepted) => `[${accepted.map((name) => `process:name = '${name}'`).join(' OR ')}]`)
    .join(` ${op} `);
  return `((${part}) WITHIN ${within} SECONDS) REPEATS ${times} TIMES WITHIN ${around} SECONDS`;
}

/** Whether `times` copies exist on distinct instances, each within its WITHIN, all within the one around. */
function repeatsHold(p: WindowedRepeats, sightings: readonly Sighting[]): boolean {
  const instances = sightings.flatMap((s) => new Array<Sighting>(s.count).fill(s));
  const used = new Array<boolean>(instances.length).fill(false);
  const chosen: Sighting[] = [];
  const spans = (group: readonly Sighting[], w: number) =>
    Math.max(...group.map((s) => s.first)) <= Math.min(...group.map((s) => s.last)) + w;
  // Copies drawn in order of their first unit's instance, since they are interchangeable.
  const search = (copies: number, unit: number, from: number, copy: Sighting[]): boolean => {
    if (copies === 0) return spans(chosen, p.around);
    if (unit === p.names.length) return spans(copy, p.within) && search(copies - 1, 0, 0, []);
    for (let i = unit === 0 ? from : 0; i < instances.length; i++) {
      const s = instances[i] as Sighting;
      if (used[i] || !(p.names[unit] as string[]).includes(s.name)) continue;
      if (p.op === 'FOLLOWEDBY' && copy.some((e) => e.first > s.last)) continue;
      used[i] = true;
      chosen.push(s);
      const found = search(copies, unit + 1, unit === 0 ? i + 1 : from, [...copy, s]);
      chosen.pop();
      used[i] = false;
      if (found) return true;
    }
    return false;
  };
  return search(p.times, 0, 0, []);
}

const windowedRepeats: fc.Arbitrary<WindowedRepeats> = fc.record({
  op: fc.constantFrom('AND', 'FOLLOWEDBY'),
  names: fc.array(fc.constantFrom(['a'], ['b'], ['c'], ['a', 'b']), { minLength: 2, maxLength: 3 }),
  within: fc.integer({ min: 1, max: 3 }),
  times: fc.constantFrom(2, 2, 3),
  around: fc.integer({ min: 3, max: 10 }),
});

/** 4 to 9 sightings over 7 seconds, for the exhaustive search over copies of three. */
const fewSightings = fc.array(
  fc
    .record({
      name: fc.constantFrom('a', 'a', 'b', 'b', 'c'),
      first: fc.integer({ min: 0, max: 6 }),
      length: fc.constantFrom(0, 0, 0, 1, 3),
      count: fc.constantFrom(1, 1, 1, 2),
    })
    .map(({ name, first, length, count }): Sighting => ({ name, first, last: first + length, count })),
  { minLength: 4, maxLength: 9 },
);

function planOf(pattern: string, input: readonly Sighting[]): { plan: Plan; table: BracketTable } {
  const parsed = parsePattern(pattern);
  assert.ok(parsed.ok, pattern);
  const table = evaluateBrackets(parsed.pattern, new PreparedObservations(observationsOf(input)));
  const [plan] = planPattern(parsed.pattern.expression) as [Plan];
  return { plan, table };
}

const budgetOf = (pattern: string) => {
  const parsed = parsePattern(pattern);
  assert.ok(parsed.ok, pattern);
  return new WorkBudget(parsed.pattern);
};

describe('solveWithinAround', () => {
  it('decides chains inside a WITHIN as the definition does, with a witness that fits', () => {
    const decided = { matched: 0, unmatched: 0, left: 0 };
    fc.assert(
      fc.property(windowedChain, sightings, (p, input) => {
        const pattern = text(p);
        const { plan, table } = planOf(pattern, input);
        const expected = definitionHolds(p, input);
        const witness = solveWithinAround(plan, table, slotMasksOf(plan, table), budgetOf(pattern));
        if (witness === 'undecided') {
          decided.left++;
        } else {
          assert.equal(witness !== undefined, expected, pattern);
          if (witness === undefined) decided.unmatched++;
          else {
            decided.matched++;
            const used = witnessSightings(witness, table, input);
            assert.ok(definitionHolds(p, used), `${pattern}: the witness alone`);
          }
        }
        // What it leaves, the rest of the evaluator answers.
        const parsed = parsePattern(pattern);
        assert.ok(parsed.ok);
        assert.equal(matchPattern(parsed.pattern, observationsOf(input)) !== undefined, expected, pattern);
      }),
      { numRuns: 3000 },
    );
    const { matched, unmatched, left } = decided;
    assert.ok(matched > 300 && unmatched > 300 && left < matched + unmatched, JSON.stringify(decided));
  });

  it('decides alike from the first_observed of an observation every match must use', () => {
    // As a stream asks: the observations before the last one have no match.
    let checked = 0;
    fc.assert(
      fc.property(windowedChain, sightings, (p, input) => {
        fc.pre(!definitionHolds(p, input.slice(0, -1)));
        const pattern = text(p);
        const { plan, table } = planOf(pattern, input);
        const floor = table.first[input.length - 1];
        const witness = solveWithinAround(plan, table, slotMasksOf(plan, table), budgetOf(pattern), floor);
        if (witness === 'undecided') return;
        checked++;
        assert.equal(witness !== undefined, definitionHolds(p, input), pattern);
      }),
      { numRuns: 2000 },
    );
    assert.ok(checked > 1000, `${checked} decided`);
  });

  it('decides windowed parts repeated inside a WITHIN (the sweep) as the definition does', () => {
    const decided = { matched: 0, unmatched: 0, left: 0 };
    fc.assert(
      fc.property(windowedRepeats, fewSightings, (p, input) => {
        const pattern = repeatsText(p);
        const { plan, table } = planOf(pattern, input);
        const expected = repeatsHold(p, input);
        const witness = solveWithinAround(plan, table, slotMasksOf(plan, table), budgetOf(pattern));
        if (witness === 'undecided') decided.left++;
        else {
          assert.equal(witness !== undefined, expected, pattern);
          if (witness === undefined) decided.unmatched++;
          else {
            decided.matched++;
            assert.ok(
              repeatsHold(p, witnessSightings(witness, table, input)),
              `${pattern}: the witness alone`,
            );
          }
        }
        const parsed = parsePattern(pattern);
        assert.ok(parsed.ok);
        assert.equal(matchPattern(parsed.pattern, observationsOf(input)) !== undefined, expected, pattern);
      }),
      { numRuns: 1000 },
    );
    const { matched, unmatched, left } = decided;
    assert.ok(matched > 200 && unmatched > 200 && left < (matched + unmatched) / 4, JSON.stringify(decided));
  });

  it('leaves plans that are not a plain chain inside a WITHIN around it all', () => {
    const input: Sighting[] = [
      { name: 'a', first: 0, last: 0, count: 2 },
      { name: 'b', first: 1, last: 1, count: 2 },
    ];
    for (const pattern of [
      // No FOLLOWEDBY.
      "[process:name = 'a'] REPEATS 2 TIMES WITHIN 5 SECONDS",
      // A WITHIN per copy, not around them all: the sweep's.
      "(([process:name = 'a'] FOLLOWEDBY [process:name = 'b']) WITHIN 5 SECONDS) REPEATS 2 TIMES",
      // No WITHIN: plain-chain.ts's.
      "([process:name = 'a'] FOLLOWEDBY [process:name = 'b']) REPEATS 2 TIMES",
    ]) {
      const { plan, table } = planOf(pattern, input);
      assert.equal(
        solveWithinAround(plan, table, slotMasksOf(plan, table), budgetOf(pattern)),
        'undecided',
        pattern,
      );
    }
  });
});
