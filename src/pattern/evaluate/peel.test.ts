import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parsePattern } from '../parser.js';
import { slotMasksOf } from './assignment.js';
import { evaluateBrackets } from './bracket.js';
import { WorkBudget } from './budget.js';
import { chainCopiesExist, observationsOf, type Sighting, witnessSightings } from './fixtures.js';
import { matchPattern } from './match.js';
import { solvePeeled } from './peel.js';
import { type Plan, planPattern } from './plan.js';
import { PreparedObservations } from './prepared.js';

// peel.ts against the definition, spelled out for these patterns alone: a bracket beside, after or
// before `times` copies of a chain, on distinct sighting instances, found by trying every choice.

/** `[x] AND (chain) REPEATS n TIMES`, `(chain) REPEATS n TIMES FOLLOWEDBY [x]`, `[x] FOLLOWEDBY (...)`. */
interface Peeled {
  side: 'beside' | 'after' | 'before';
  bracket: readonly string[];
  chain: ReadonlyArray<readonly string[]>;
  times: number;
  /** A WITHIN around the copies of the chain. */
  within?: number;
}

const bracketText = (names: readonly string[]) =>
  `[${names.map((name) => `process:name = '${name}'`).join(' OR ')}]`;

function text(p: Peeled): string {
  const chain = `(${p.chain.map(bracketText).join(' FOLLOWEDBY ')}) REPEATS ${p.times} TIMES`;
  const copies = `(${chain}${p.within === undefined ? '' : ` WITHIN ${p.within} SECONDS`})`;
  const x = bracketText(p.bracket);
  return p.side === 'beside'
    ? `${x} AND ${copies}`
    : p.side === 'after'
      ? `${copies} FOLLOWEDBY ${x}`
      : `${x} FOLLOWEDBY ${copies}`;
}

/** Whether the pattern's instances exist: the bracket's, then the copies', every choice tried. */
function definitionHolds(p: Peeled, sightings: readonly Sighting[]): boolean {
  const left = sightings.map(({ count }) => count);
  return sightings.some((x, i) => {
    if (!p.bracket.includes(x.name)) return false;
    left[i] = (left[i] as number) - 1;
    const bound = (s: Sighting) =>
      p.side === 'after' ? s.first <= x.last : p.side === 'before' ? s.last >= x.first : true;
    const found = chainCopiesExist({ ...p, names: p.chain }, sightings, left, bound);
    left[i] = (left[i] as number) + 1;
    return found;
  });
}

const names = fc.constantFrom(['a'], ['b'], ['c'], ['a'], ['b'], ['c'], ['a', 'c']);

const peeled: fc.Arbitrary<Peeled> = fc.record({
  side: fc.constantFrom('beside', 'after', 'before'),
  bracket: names,
  chain: fc.array(names, { minLength: 2, maxLength: 3 }),
  times: fc.constantFrom(1, 1, 2, 3),
  within: fc.option(fc.integer({ min: 2, max: 10 }), { freq: 3, nil: undefined }),
});

/** 4 to 10 sightings over 8 seconds, mostly points. */
const sightings = fc.array(
  fc
    .record({
      name: fc.constantFrom('a', 'b', 'c'),
      first: fc.integer({ min: 0, max: 7 }),
      length: fc.constantFrom(0, 0, 0, 2),
      count: fc.constantFrom(1, 1, 1, 2),
    })
    .map(({ name, first, length, count }): Sighting => ({ name, first, last: first + length, count })),
  { minLength: 4, maxLength: 10 },
);

describe('solvePeeled', () => {
  it('decides a bracket beside, after or before a chain as the definition does', () => {
    const decided = { matched: 0, unmatched: 0, left: 0 };
    fc.assert(
      fc.property(peeled, sightings, (p, input) => {
        const pattern = text(p);
        const parsed = parsePattern(pattern);
        assert.ok(parsed.ok, pattern);
        const observations = observationsOf(input);
        const table = evaluateBrackets(parsed.pattern, new PreparedObservations(observations));
        const [plan] = planPattern(parsed.pattern.expression) as [Plan];
        const expected = definitionHolds(p, input);
        const witness = solvePeeled(plan, table, slotMasksOf(plan, table), new WorkBudget(parsed.pattern));
        if (witness === 'undecided') decided.left++;
        else {
          assert.equal(witness !== undefined, expected, pattern);
          if (witness === undefined) decided.unmatched++;
          else {
            decided.matched++;
            const used = witnessSightings(witness, table, input);
            assert.ok(definitionHolds(p, used), `${pattern}: the witness alone`);
          }
        }
        assert.equal(matchPattern(parsed.pattern, observations) !== undefined, expected, pattern);
      }),
      { numRuns: 2000 },
    );
    const { matched, unmatched, left } = decided;
    assert.ok(matched > 300 && unmatched > 300 && left < matched + unmatched, JSON.stringify(decided));
  });
});
