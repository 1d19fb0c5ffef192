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
