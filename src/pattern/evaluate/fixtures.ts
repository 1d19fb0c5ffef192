// Observations for the evaluator's tests, written as sightings of process names over whole
// seconds: solve.test.ts and plain-chain.test.ts compare the solver with searches of their own
// over the same sightings.

import assert from 'node:assert/strict';
import { type Observation, observationsFrom20 } from '../observation.js';

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
