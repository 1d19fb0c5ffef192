// chain-of-three.ts against the definition. The definition is spelled out as an exhaustive search
// for disjoint copies over sighting instances, on random small cases: its answer, its witness, and
// the plans it must leave to the general path, which must still answer them as the definition does.
// The search is written here for the chain alone. solve.test.ts has a general one, but importing a
// test file would run its tests a second time.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { Pattern } from '../ast.js';
import type { Observation } from '../observation.js';
import { parsePattern } from '../parser.js';
import type { Assignment } from './assignment.js';
import { type BracketTable, evaluateBrackets } from './bracket.js';
import { solveChainOfThree } from './chain-of-three.js';
import { at, observationsOf, type Sighting } from './fixtures.js';
import { matchPattern } from './match.js';
import { type Plan, planPattern } from './plan.js';
import { PreparedObservations } from './prepared.js';

/** `([a] FOLLOWEDBY [c] FOLLOWEDBY [d]) REPEATS times TIMES`, each bracket accepting these names. */
interface Chain {
  a: readonly string[];
  c: readonly string[];
  d: readonly string[];
  times: number;
  /** `[a] FOLLOWEDBY ([c] FOLLOWEDBY [d])` instead. */
  nested: boolean;
  within?: number;
}

function text(chain: Chain): string {
  const bracket = (names: readonly string[]) =>
    `[${names.map((name) => `process:name = '${name}'`).join(' OR ')}]`;
  const [a, c, d] = [bracket(chain.a), bracket(chain.c), bracket(chain.d)];
  const core = chain.nested
    ? `${a} FOLLOWEDBY (${c} FOLLOWEDBY ${d})`
    : `${a} FOLLOWEDBY ${c} FOLLOWEDBY ${d}`;
  const timed = chain.within === undefined ? `(${core})` : `(${core}) WITHIN ${chain.within} SECONDS`;
  return `(${timed}) REPEATS ${chain.times} TIMES`;
}

/** One copy (a, c, d) of the chain, as the definition of FOLLOWEDBY and WITHIN reads it. */
function copyHolds(chain: Chain, a: Sighting, c: Sighting, d: Sighting): boolean {
  const ordered = chain.nested
    ? c.first <= d.last && a.first <= Math.min(c.last, d.last)
    : a.first <= c.last && Math.max(a.first, c.first) <= d.last;
  const within =
    chain.within === undefined ||
    Math.max(a.first, c.first, d.first) <= Math.min(a.last, c.last, d.last) + chain.within;
  return ordered && within;
}

/** Whether `chain.times` copies on distinct instances exist: every choice tried, failures remembered. */
function definitionHolds(chain: Chain, sightings: readonly Sighting[]): boolean {
  const left = sightings.map(({ count }) => count);
  const fitting = (names: readonly string[]) =>
    sightings.flatMap((s, i) => (names.includes(s.name) ? [i] : []));
  const [as, cs, ds] = [fitting(chain.a), fitting(chain.c), fitting(chain.d)];
  const failed = new Set<string>();
  const at = (i: number) => sightings[i] as Sighting;
  const tryTaking = (indices: number[], rest: () => boolean): boolean => {
    if (indices.some((i) => (left[i] as number) < indices.filter((j) => j === i).length)) return false;
    for (const i of indices) left[i] = (left[i] as number) - 1;
    const found = rest();
    for (const i of indices) left[i] = (left[i] as number) + 1;
    return found;
  };
  // Copies are interchangeable: they are drawn in order of their a's position.
  const place = (copies: number, fromA: number): boolean => {
    if (copies === 0) return true;
    const key = `${copies} ${fromA} ${left.join(',')}`;
    if (failed.has(key)) return false;
    for (const a of as.filter((i) => i >= fromA)) {
      for (const c of cs) {
        for (const d of ds) {
          if (!copyHolds(chain, at(a), at(c), at(d))) continue;
          if (tryTaking([a, c, d], () => place(copies - 1, a))) return true;
        }
      }
    }
    failed.add(key);
    return false;
  };
  return place(chain.times, 0);
}

interface Case {
  pattern: Pattern;
  plan: Plan;
  table: BracketTable;
  observations: Observation[];
}

function caseOf(patternText: string, observations: Observation[]): Case {
  const parsed = parsePattern(patternText);
  assert.ok(parsed.ok, patternText);
  const table = evaluateBrackets(parsed.pattern, new PreparedObservations(observations));
  // No OR between brackets: one plan.
  const [plan] = planPattern(parsed.pattern.expression);
  return { pattern: parsed.pattern, plan: plan as Plan, table, observations };
}

/** The witness uses each instance once, each for a bracket it satisfies, and is a match by itself. */
function assertWitness(
  chain: Chain,
  sightings: readonly Sighting[],
  { table }: Case,
  witness: Assignment,
): void {
  const uses = new Map<number, number>();
  for (const { expression, indices } of witness) {
    for (const index of indices) {
      assert.equal(table.satisfied.get(expression)?.[index], 1);
      uses.set(index, (uses.get(index) ?? 0) + 1);
    }
  }
  for (const [index, count] of uses) assert.ok(count <= (sightings[index] as Sighting).count);
  assert.equal(
    [...uses.values()].reduce((sum, count) => sum + count, 0),
    3 * chain.times,
  );
  const used = [...uses].map(([index, count]) => ({ ...(sightings[index] as Sighting), count }));
  assert.ok(definitionHolds(chain, used));
}

const sighting = (names: string[]) =>
  fc
    .record({
      name: fc.constantFrom(...names),
      first: fc.integer({ min: 0, max: 8 }),
      length: fc.constantFrom(0, 0, 1, 3, 6),
      count: fc.integer({ min: 1, max: 2 }),
    })
    .map(({ name, first, length, count }): Sighting => ({ name, first, last: first + length, count }));

const sightings = (names: string[]) => fc.array(sighting(names), { minLength: 3, maxLength: 12 });

const distinctChain = fc.record({
  a: fc.constant(['a']),
  c: fc.constant(['c']),
  d: fc.constant(['d']),
  times: fc.integer({ min: 1, max: 4 }),
  nested: fc.boolean(),
});

/** Runs `check` on drawn cases, and requires both answers of the definition to be common. */
function acrossCases(
  chains: fc.Arbitrary<Chain>,
  drawn: fc.Arbitrary<Sighting[]>,
  runs: number,
  check: (chain: Chain, input: Sighting[], expected: boolean) => void,
): void {
  let matched = 0;
  let unmatched = 0;
  fc.assert(
    fc.property(chains, drawn, (chain, input) => {
      const expected = definitionHolds(chain, input);
      check(chain, input, expected);
      if (expected) matched++;
      else unmatched++;
    }),
    { numRuns: runs },
  );
  assert.ok(matched > runs / 10 && unmatched > runs / 10, `${matched} matched, ${unmatched} did not`);
}

describe('solveChainOfThree', () => {
  it('decides chains of distinct brackets as the definition does, with a witness that fits', () => {
    acrossCases(distinctChain, sightings(['a', 'c', 'd']), 1500, (chain, input, expected) => {
      const taken = caseOf(text(chain), observationsOf(input));
      const witness = solveChainOfThree(taken.plan, taken.table);
      assert.notEqual(witness, 'undecided', text(chain));
      assert.equal(witness !== undefined, expected, text(chain));
      if (witness !== undefined && witness !== 'undecided') assertWitness(chain, input, taken, witness);
      assert.equal(matchPattern(taken.pattern, taken.observations) !== undefined, expected, text(chain));
    });
  });

  it('leaves an observation that fits two brackets to the general path, which decides it', () => {
    // `e` fits both [c] and [d]; every case has one.
    const overlapping = distinctChain.map((chain): Chain => ({ ...chain, c: ['c', 'e'], d: ['d', 'e'] }));
    const withE = fc
      .tuple(sightings(['a', 'c', 'd', 'e']), sighting(['e']))
      .map(([input, e]) => [...input, e]);
    acrossCases(overlapping, withE, 400, (chain, input, expected) => {
      const taken = caseOf(text(chain), observationsOf(input));
      assert.equal(solveChainOfThree(taken.plan, taken.table), 'undecided', text(chain));
      assert.equal(matchPattern(taken.pattern, taken.observations) !== undefined, expected, text(chain));
    });
  });

  it('leaves a chain under a WITHIN to the general path, which decides it', () => {
    const windowed = fc
      .tuple(distinctChain, fc.integer({ min: 1, max: 4 }))
      .map(([chain, within]): Chain => ({ ...chain, within }));
    acrossCases(windowed, sightings(['a', 'c', 'd']), 400, (chain, input, expected) => {
      const taken = caseOf(text(chain), observationsOf(input));
      assert.equal(solveChainOfThree(taken.plan, taken.table), 'undecided', text(chain));
      assert.equal(matchPattern(taken.pattern, taken.observations) !== undefined, expected, text(chain));
    });
  });

  it('leaves plans of other shapes to the general path', () => {
    const input = ['a', 'c', 'd', 'e'].map((name, i): Sighting => ({ name, first: i, last: i, count: 2 }));
    const [a, c, d, e] = ['a', 'c', 'd', 'e'].map((name) => `[process:name = '${name}']`);
    for (const pattern of [
      `(${a} FOLLOWEDBY ${c} FOLLOWEDBY ${d}) REPEATS 2 TIMES AND ${e}`,
      `${a} FOLLOWEDBY (${c}) REPEATS 2 TIMES FOLLOWEDBY ${d}`,
      `${a} FOLLOWEDBY ${c} FOLLOWEDBY ${d} FOLLOWEDBY ${e}`,
      `(${a} AND ${c}) FOLLOWEDBY ${d}`,
      `(${a} FOLLOWEDBY ${c}) REPEATS 2 TIMES`,
      `(${a} FOLLOWEDBY ${c} FOLLOWEDBY ${d}) AND (${a} FOLLOWEDBY ${e} FOLLOWEDBY ${d})`,
    ]) {
      const taken = caseOf(pattern, observationsOf(input));
      assert.equal(solveChainOfThree(taken.plan, taken.table), 'undecided', pattern);
    }
  });

  it('leaves a c that ends before it starts to the general path, which decides it', () => {
    // observationsFrom20 refuses such times, matchPattern does not. With f_c > l_c a c needs a
    // window reaching from before l_c to after f_c, not one meeting [f_c, l_c]: the only match
    // gives the reversed c to the earliest a and the latest d, which are not in one window.
    const input: Sighting[] = [
      { name: 'a', first: 0, last: 0, count: 1 },
      { name: 'a', first: 2, last: 2, count: 1 },
      { name: 'c', first: 1, last: 1, count: 1 },
      { name: 'c', first: 3, last: 3, count: 1 },
      { name: 'd', first: 4, last: 4, count: 1 },
      { name: 'd', first: 20, last: 20, count: 1 },
    ];
    const observations = observationsOf(input);
    observations[2] = { ...(observations[2] as Observation), firstObserved: at(15) };
    const chain: Chain = { a: ['a'], c: ['c'], d: ['d'], times: 2, nested: false };
    const taken = caseOf(text(chain), observations);
    assert.equal(solveChainOfThree(taken.plan, taken.table), 'undecided');
    assert.ok(matchPattern(taken.pattern, taken.observations) !== undefined);
  });

  it('matches a case the threshold search gave up on (too-complex before this path)', () => {
    // Synthetic: 32 observations, REPEATS 9, distinct roles; an integer program finds 9 copies.
    const seen: Array<[first: number, last: number, name: string]> = [
      [22, 22, 'd'],
      [21, 29, 'a'],
      [21, 24, 'a'],
      [14, 22, 'c'],
      [21, 21, 'c'],
      [30, 33, 'a'],
      [13, 13, 'a'],
      [17, 25, 'c'],
      [30, 30, 'd'],
      [7, 10, 'd'],
      [22, 25, 'c'],
      [21, 29, 'c'],
      [4, 4, 'd'],
      [6, 9, 'a'],
      [1, 16, 'a'],
      [28, 36, 'd'],
      [13, 13, 'c'],
      [18, 26, 'c'],
      [18, 33, 'c'],
      [11, 19, 'c'],
      [5, 13, 'd'],
      [0, 0, 'c'],
      [11, 11, 'd'],
      [24, 27, 'd'],
      [20, 20, 'd'],
      [7, 22, 'a'],
      [11, 14, 'd'],
      [8, 8, 'a'],
      [19, 27, 'd'],
      [28, 43, 'a'],
      [6, 6, 'd'],
      [17, 25, 'd'],
    ];
    const input = seen.map(([first, last, name]): Sighting => ({ name, first, last, count: 1 }));
    const chain: Chain = { a: ['a'], c: ['c'], d: ['d'], times: 9, nested: false };
    const taken = caseOf(text(chain), observationsOf(input));
    const witness = solveChainOfThree(taken.plan, taken.table);
    assert.ok(witness !== undefined && witness !== 'undecided');
    assertWitness(chain, input, taken, witness);
    assert.ok(matchPattern(taken.pattern, taken.observations) !== undefined);
  });
});
