import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parsePattern } from '../parser.js';
import { evaluateBrackets } from './bracket.js';
import { WorkBudget } from './budget.js';
import { observationsOf, type Sighting } from './fixtures.js';
import { matchPattern } from './match.js';
import { type Plan, planPattern } from './plan.js';
import { PreparedObservations } from './prepared.js';
import { sweepPlan } from './sweep.js';

// The solver (plans, thresholds, flows, narrowing, the sweep) against the definition, spelled out
// as an exhaustive search over sets of sighting instances: small enough inputs to try every set.

type Tree =
  | { kind: 'leaf'; names: string[] }
  | { kind: 'AND' | 'OR' | 'FOLLOWEDBY'; left: Tree; right: Tree }
  | { kind: 'within'; seconds: number; inner: Tree }
  | { kind: 'repeats'; times: number; inner: Tree };

const NAMES = ['a', 'b', 'c'];

/** Runs of each property multiplied by this: SOLVE_TEST_SCALE=50 for a long local run. */
const SCALE = Number(process.env.SOLVE_TEST_SCALE ?? '1');

const leaf = fc.constantFrom(...NAMES.slice(0, 2)).map((name): Tree => ({ kind: 'leaf', names: [name] }));

/**
 * A bracket accepting one name or two: brackets outside a WITHIN that accept overlapping but
 * different observations (`a` and `a` or `b`) make tails of several types sharing a supply.
 */
const wideLeaf = fc
  .constantFrom(['a'], ['b'], ['a', 'b'])
  .map((names): Tree => ({ kind: 'leaf', names: [...names] }));

const tree: fc.Arbitrary<Tree> = fc.letrec<{ tree: Tree }>((self) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc
      .record({ kind: fc.constantFrom('AND', 'OR', 'FOLLOWEDBY'), left: self('tree'), right: self('tree') })
      .map((node) => node as Tree),
    fc.record({ kind: fc.constant('within'), seconds: fc.integer({ min: 1, max: 4 }), inner: self('tree') }),
    fc.record({ kind: fc.constant('repeats'), times: fc.integer({ min: 1, max: 3 }), inner: self('tree') }),
  ),
})).tree;

const windowed: fc.Arbitrary<Tree> = fc.record({
  kind: fc.constant('within'),
  seconds: fc.integer({ min: 1, max: 3 }),
  inner: fc.oneof(
    leaf,
    fc.record({ kind: fc.constantFrom('AND', 'FOLLOWEDBY'), left: leaf, right: leaf }),
    fc.record({
      kind: fc.constant('FOLLOWEDBY'),
      left: fc.record({ kind: fc.constant('FOLLOWEDBY'), left: leaf, right: leaf }),
      right: leaf,
    }),
  ),
});

/**
 * What follows a windowed part (or leads it) with no WITHIN around both: slots bounded only from
 * below (or above).
 */
const unwindowed: fc.Arbitrary<Tree> = fc.oneof(
  wideLeaf,
  fc.record({ kind: fc.constant('AND'), left: wideLeaf, right: wideLeaf }),
  fc.record({ kind: fc.constant('repeats'), times: fc.constant(2), inner: wideLeaf }),
);

/**
 * What sweep.ts decides: REPEATS over an AND of parts each under its own WITHIN, such as
 * `(((a FOLLOWEDBY b) WITHIN 2 SECONDS) AND (a WITHIN 1 SECONDS)) REPEATS 3 TIMES`, a part possibly
 * followed by a tail outside its WITHIN (`(a FOLLOWEDBY b) WITHIN 2 SECONDS FOLLOWEDBY b`) or led by
 * a head (`b FOLLOWEDBY (a FOLLOWEDBY b) WITHIN 2 SECONDS`), heads in some parts and tails in
 * others, the whole possibly beside a bracket without constraints.
 */
const windowedRepeats: fc.Arbitrary<Tree> = fc
  .record({
    parts: fc.array(
      fc.record({ core: windowed, bound: fc.option(unwindowed, { nil: undefined }), led: fc.boolean() }),
      { minLength: 1, maxLength: 2 },
    ),
    times: fc.integer({ min: 1, max: 3 }),
    beside: fc.option(leaf, { nil: undefined }),
  })
  .map(({ parts, times, beside }) => {
    const timed = parts.map(({ core, bound, led }): Tree => {
      if (bound === undefined) return core;
      return led
        ? { kind: 'FOLLOWEDBY', left: bound, right: core }
        : { kind: 'FOLLOWEDBY', left: core, right: bound };
    });
    const conjunction = timed.reduce((left, right): Tree => ({ kind: 'AND', left, right }));
    const repeated: Tree = { kind: 'repeats', times, inner: conjunction };
    return beside === undefined ? repeated : { kind: 'AND', left: repeated, right: beside };
  });

/**
 * REPEATS over timed parts followed (or led) by a chain of brackets outside their WITHIN, such as
 * `((a FOLLOWEDBY b) WITHIN 2 SECONDS FOLLOWEDBY a FOLLOWEDBY b) REPEATS 2 TIMES`, ANDed with a
 * windowed part or not. Over point sightings the sweep takes them (chain-sweep.ts); over intervals
 * the threshold search (solve.ts).
 */
const chainedRepeats: fc.Arbitrary<Tree> = fc
  .record({
    core: windowed,
    chain: fc.array(wideLeaf, { minLength: 2, maxLength: 2 }),
    led: fc.boolean(),
    beside: fc.option(windowed, { nil: undefined }),
    times: fc.integer({ min: 1, max: 2 }),
  })
  .map(({ core, chain, led, beside, times }) => {
    const [first, second] = chain as [Tree, Tree];
    const timed: Tree = led
      ? { kind: 'FOLLOWEDBY', left: { kind: 'FOLLOWEDBY', left: first, right: second }, right: core }
      : { kind: 'FOLLOWEDBY', left: { kind: 'FOLLOWEDBY', left: core, right: first }, right: second };
    const inner: Tree = beside === undefined ? timed : { kind: 'AND', left: timed, right: beside };
    return { kind: 'repeats', times, inner };
  });

function text(node: Tree): string {
  switch (node.kind) {
    case 'leaf':
      return `[${node.names.map((name) => `process:name = '${name}'`).join(' OR ')}]`;
    case 'within':
      return `(${text(node.inner)}) WITHIN ${node.seconds} SECONDS`;
    case 'repeats':
      return `(${text(node.inner)}) REPEATS ${node.times} TIMES`;
    default:
      return `(${text(node.left)} ${node.kind} ${text(node.right)})`;
  }
}

const sightings = fc.array(
  fc.record({
    name: fc.constantFrom(...NAMES),
    first: fc.integer({ min: 0, max: 8 }),
    length: fc.integer({ min: 0, max: 2 }),
    count: fc.integer({ min: 1, max: 2 }),
  }),
  { minLength: 1, maxLength: 5 },
);

/** Enough sightings for a few copies of timed parts to match, or only just not. */
const manySightings = fc.array(
  fc.record({
    name: fc.constantFrom(...NAMES.slice(0, 2)),
    first: fc.integer({ min: 0, max: 5 }),
    length: fc.integer({ min: 0, max: 1 }),
    count: fc.integer({ min: 1, max: 3 }),
  }),
  { minLength: 4, maxLength: 7 },
);

/**
 * Point sightings (first_observed == last_observed) crowded on few instants, several at each: the
 * chains' middles are decided per instant, among the instances there that nothing else took.
 */
const pointSightings = fc.array(
  fc.record({
    name: fc.constantFrom(...NAMES.slice(0, 2)),
    first: fc.integer({ min: 0, max: 3 }),
    length: fc.constant(0),
    count: fc.integer({ min: 1, max: 2 }),
  }),
  { minLength: 4, maxLength: 8 },
);

/** Every set of instances (bit i: instance i) that satisfies the tree. */
function satisfying(node: Tree, instances: readonly Sighting[]): Set<number> {
  const maxFirst = (set: number) =>
    Math.max(...instances.filter((_, i) => set & (1 << i)).map((s) => s.first));
  const minLast = (set: number) => Math.min(...instances.filter((_, i) => set & (1 << i)).map((s) => s.last));
  const disjointUnions = (left: Set<number>, right: Set<number>, keep: (a: number, b: number) => boolean) => {
    const result = new Set<number>();
    for (const a of left) for (const b of right) if ((a & b) === 0 && keep(a, b)) result.add(a | b);
    return result;
  };
  switch (node.kind) {
    case 'leaf':
      return new Set(instances.flatMap((s, i) => (node.names.includes(s.name) ? [1 << i] : [])));
    case 'OR':
      return new Set([...satisfying(node.left, instances), ...satisfying(node.right, instances)]);
    case 'AND':
      return disjointUnions(satisfying(node.left, instances), satisfying(node.right, instances), () => true);
    case 'FOLLOWEDBY':
      return disjointUnions(
        satisfying(node.left, instances),
        satisfying(node.right, instances),
        (a, b) => maxFirst(a) <= minLast(b),
      );
    case 'within':
      return new Set(
        [...satisfying(node.inner, instances)].filter((set) => maxFirst(set) <= minLast(set) + node.seconds),
      );
    case 'repeats': {
      const once = satisfying(node.inner, instances);
      let sets = once;
      for (let copy = 1; copy < node.times; copy++) sets = disjointUnions(sets, once, () => true);
      return sets;
    }
  }
}

function sightingsOf(drawn: ReadonlyArray<{ name: string; first: number; length: number; count: number }>) {
  const input = drawn.map(({ name, first, length, count }) => ({ name, first, last: first + length, count }));
  const instances = input.flatMap((s) => new Array<Sighting>(s.count).fill(s));
  return { input, instances };
}

/**
 * Draws patterns and sightings, and checks matchPattern's answer against the definition: some set of
 * distinct sighting instances satisfies the pattern.
 */
function agreesWithDefinition(
  trees: fc.Arbitrary<Tree>,
  drawnSightings: typeof sightings,
  runs: number,
): void {
  let matched = 0;
  let unmatched = 0;
  fc.assert(
    fc.property(trees, drawnSightings, (node, drawn) => {
      const { input, instances } = sightingsOf(drawn);
      const expected = satisfying(node, instances).size > 0;
      const parsed = parsePattern(text(node));
      assert.ok(parsed.ok, text(node));
      const found = matchPattern(parsed.pattern, observationsOf(input)) !== undefined;
      assert.equal(found, expected, text(node));
      if (expected) matched++;
      else unmatched++;
    }),
    { numRuns: runs },
  );
  // Both answers must be common, or the property would prove little.
  assert.ok(matched > runs / 10 && unmatched > runs / 10, `${matched} matched, ${unmatched} did not`);
}

describe('solvePlans', () => {
  it('matches exactly when some set of distinct sighting instances satisfies the definition', () => {
    agreesWithDefinition(tree, sightings, 600 * SCALE);
  });
});

/**
 * Draws REPEATS of two timed parts or more and sightings, and checks that sweepPlan decides them as
 * the definition does, with a witness that fits and satisfies the pattern by itself.
 */
function sweepAgrees(trees: fc.Arbitrary<Tree>, drawnSightings: typeof sightings, runs: number): void {
  let matched = 0;
  let unmatched = 0;
  fc.assert(
    fc.property(trees, drawnSightings, (node, drawn) => {
      // The sweep decides plans of two timed parts or more; solve.ts keeps the others.
      fc.pre(timedParts(node) >= 2);
      const { input, instances } = sightingsOf(drawn);
      const expected = satisfying(node, instances).size > 0;
      const parsed = parsePattern(text(node));
      assert.ok(parsed.ok, text(node));
      const observations = observationsOf(input);
      const table = evaluateBrackets(parsed.pattern, new PreparedObservations(observations));
      // No OR: one plan.
      const [plan] = planPattern(parsed.pattern.expression);
      const witness = sweepPlan(plan as Plan, table, new WorkBudget(parsed.pattern));
      assert.notEqual(witness, 'undecided', text(node));
      assert.equal(witness !== undefined, expected, text(node));
      if (expected) matched++;
      else unmatched++;
      if (witness === undefined || witness === 'undecided') return;
      const uses = new Map<number, number>();
      for (const { expression, indices } of witness) {
        for (const index of indices) {
          assert.equal(table.satisfied.get(expression)?.[index], 1, text(node));
          uses.set(index, (uses.get(index) ?? 0) + 1);
        }
      }
      for (const [index, count] of uses) assert.ok(count <= (input[index] as Sighting).count, text(node));
      // The instances the witness uses satisfy the pattern by themselves.
      const used = [...uses].flatMap(([index, count]) =>
        new Array<Sighting>(count).fill(input[index] as Sighting),
      );
      assert.ok(satisfying(node, used).size > 0, text(node));
    }),
    { numRuns: runs },
  );
  assert.ok(matched > runs / 10 && unmatched > runs / 10, `${matched} matched, ${unmatched} did not`);
}

describe('sweepPlan', () => {
  it('decides REPEATS over windowed parts as the definition does, with a witness that fits', () => {
    sweepAgrees(windowedRepeats, manySightings, 400 * SCALE);
  });

  it('decides chains outside the WITHIN over point sightings as the definition does', () => {
    sweepAgrees(chainedRepeats, pointSightings, 400 * SCALE);
  });
});

/** Parts with constraints the pattern unfolds into: a WITHIN over one bracket adds none. */
function timedParts(node: Tree): number {
  switch (node.kind) {
    case 'leaf':
      return 0;
    case 'within':
      return node.inner.kind === 'leaf' ? 0 : 1;
    case 'repeats':
      return node.times * timedParts(node.inner);
    case 'FOLLOWEDBY':
      // Its constraint links every slot under it.
      return 1;
    default:
      return timedParts(node.left) + timedParts(node.right);
  }
}

describe('chains outside the WITHIN', () => {
  it('decide as the definition does', () => {
    agreesWithDefinition(chainedRepeats, manySightings, 300 * SCALE);
  });

  it('decide as the definition does over point sightings, where the sweep takes them', () => {
    agreesWithDefinition(chainedRepeats, pointSightings, 300 * SCALE);
  });
});
