import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { type Observation, observationsFrom20 } from '../observation.js';
import { parsePattern } from '../parser.js';
import { matchPattern } from './match.js';

// The solver (plans, thresholds, flows, narrowing) against the definition, spelled out as an
// exhaustive search over sets of sighting instances: small enough inputs to try every set.

type Tree =
  | { kind: 'leaf'; name: string }
  | { kind: 'AND' | 'OR' | 'FOLLOWEDBY'; left: Tree; right: Tree }
  | { kind: 'within'; seconds: number; inner: Tree }
  | { kind: 'repeats'; times: number; inner: Tree };

const NAMES = ['a', 'b', 'c'];

const tree: fc.Arbitrary<Tree> = fc.letrec<{ tree: Tree }>((self) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...NAMES.slice(0, 2)).map((name): Tree => ({ kind: 'leaf', name })),
    fc
      .record({ kind: fc.constantFrom('AND', 'OR', 'FOLLOWEDBY'), left: self('tree'), right: self('tree') })
      .map((node) => node as Tree),
    fc.record({ kind: fc.constant('within'), seconds: fc.integer({ min: 1, max: 4 }), inner: self('tree') }),
    fc.record({ kind: fc.constant('repeats'), times: fc.integer({ min: 1, max: 3 }), inner: self('tree') }),
  ),
})).tree;

function text(node: Tree): string {
  switch (node.kind) {
    case 'leaf':
      return `[process:name = '${node.name}']`;
    case 'within':
      return `(${text(node.inner)}) WITHIN ${node.seconds} SECONDS`;
    case 'repeats':
      return `(${text(node.inner)}) REPEATS ${node.times} TIMES`;
    default:
      return `(${text(node.left)} ${node.kind} ${text(node.right)})`;
  }
}

interface Sighting {
  name: string;
  first: number;
  last: number;
  count: number;
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
      return new Set(instances.flatMap((s, i) => (s.name === node.name ? [1 << i] : [])));
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

function observationsOf(input: readonly Sighting[]): Observation[] {
  const at = (second: number) => new Date(Date.UTC(2020, 0, 1, 0, 0, second)).toISOString();
  const read = observationsFrom20(
    input.map((s, i) => ({
      type: 'observed-data',
      id: `observed-data--${i}`,
      first_observed: at(s.first),
      last_observed: at(s.last),
      number_observed: s.count,
      objects: { '0': { type: 'process', name: s.name } },
    })),
  );
  assert.deepEqual(read.errors, []);
  return read.observations;
}

describe('solvePlans', () => {
  it('matches exactly when some set of distinct sighting instances satisfies the definition', () => {
    let matched = 0;
    let unmatched = 0;
    fc.assert(
      fc.property(tree, sightings, (node, drawn) => {
        const input = drawn.map(({ name, first, length, count }) => ({
          name,
          first,
          last: first + length,
          count,
        }));
        const instances = input.flatMap((s) => new Array<Sighting>(s.count).fill(s));
        const expected = satisfying(node, instances).size > 0;
        const parsed = parsePattern(text(node));
        assert.ok(parsed.ok, text(node));
        const found = matchPattern(parsed.pattern, observationsOf(input)) !== undefined;
        assert.equal(found, expected, text(node));
        if (expected) matched++;
        else unmatched++;
      }),
      { numRuns: 600 },
    );
    // Both answers must be common, or the property would prove little.
    assert.ok(matched > 60 && unmatched > 60, `${matched} matched, ${unmatched} did not`);
  });
});
