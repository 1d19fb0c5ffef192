// Observations for the evaluator's tests, written as sightings of process names over whole
// seconds: solve.test.ts, plain-chain.test.ts and others compare the solvers with searches of
// their own over the same sightings, and read the solvers' witnesses back as sightings.

import assert from 'node:assert/strict';
import { type Observation, observationsFrom20 } from '../observation.js';
import type { Assignment } from './assignment.js';
import type { BracketTable } from './bracket.js';

/** `count` sightings of a process named `name`, first and last seen `first` and `last` seconds into 2020. */
export interface Sighting {
  name: string;
  first: number;
  last: number;
  count: number;
}

/** The timestamp `second` seconds into 2020. */
export const at = (second: number) => new Date(Date.UTC(2020, 0, 1, 0, 0, second)).toISOString();

/** The sightings as STIX 2.0 observed-data, read as the evaluator reads observations. */
export function observationsOf(sightings: readonly Sighting[]): Observation[] {
  const read = observationsFrom20(
    sightings.map((s, i) => ({
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

/**
 * The sightings a witness uses, each with the count it uses of it: checked to satisfy the brackets
 * it is bound to and to be used no more often than it was seen, so a test can ask whether they
 * alone satisfy the pattern.
 */
export function witnessSightings(
  witness: Assignment,
  table: BracketTable,
  input: readonly Sighting[],
): Sighting[] {
  const uses = new Map<number, number>();
  for (const { expression, indices } of witness) {
    for (const index of indices) {
      assert.equal(table.satisfied.get(expression)?.[index], 1, `observation ${index} fits its bracket`);
      uses.set(index, (uses.get(index) ?? 0) + 1);
    }
  }
  return [...uses].map(([index, count]) => {
    const seen = input[index] as Sighting;
    assert.ok(count <= seen.count, `observation ${index} used ${count} times, seen ${seen.count}`);
    return { ...seen, count };
  });
}

/** What chainCopiesExist searches for: `times` copies of a chain of brackets by their names. */
export interface ChainCopies {
  /** Position i of the chain accepts sightings named names[i]. */
  names: ReadonlyArray<readonly string[]>;
  times: number;
  /** Every instance of every copy within this many seconds of one another (a WITHIN around them). */
  within?: number;
}

/**
 * The definition of `(P1 FOLLOWEDBY ... FOLLOWEDBY Pk) REPEATS times TIMES [WITHIN within
 * SECONDS]`, by trying every choice: whether the copies exist on distinct instances of the
 * sightings `admits` lets in, `left[i]` instances of sighting i free, each copy's earlier firsts
 * <= its later lasts.
 */
export function chainCopiesExist(
  { names, times, within }: ChainCopies,
  sightings: readonly Sighting[],
  left: number[] = sightings.map(({ count }) => count),
  admits: (sighting: Sighting) => boolean = () => true,
): boolean {
  const chosen: Sighting[] = [];
  const copy = (copies: number, position: number, earlier: readonly Sighting[]): boolean => {
    if (copies === 0)
      return (
        within === undefined ||
        Math.max(...chosen.map((s) => s.first)) <= Math.min(...chosen.map((s) => s.last)) + within
      );
    if (position === names.length) return copy(copies - 1, 0, []);
    for (const [i, s] of sightings.entries()) {
      if ((left[i] as number) === 0 || !(names[position] as string[]).includes(s.name) || !admits(s))
        continue;
      if (earlier.some((e) => e.first > s.last)) continue;
      left[i] = (left[i] as number) - 1;
      chosen.push(s);
      const found = copy(copies, position + 1, [...earlier, s]);
      chosen.pop();
      left[i] = (left[i] as number) + 1;
      if (found) return true;
    }
    return false;
  };
  return copy(times, 0, []);
}
