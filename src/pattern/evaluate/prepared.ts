// What every pattern reads from the observations it is evaluated against: their times as instants
// and their objects grouped by type. Both are computed at most once per observation, on first use,
// and kept as long as the observation is: a detector confirms many candidate patterns against one
// observation, and a temporal pattern is evaluated again over the same pending observations each
// time a new one advances it, so parsing per evaluation would repeat the same work many times.
// An observation must therefore not change once it has been evaluated (none does: observations
// are read from observed-data or telemetry and only ever passed along).

import type { Observation } from '../observation.js';
import { type Instant, instantOfValid } from './time.js';

/** An observation's objects by object type. */
export type ObjectsByType = Map<string, unknown[]>;

export interface ObservationInstants {
  first: Instant[];
  last: Instant[];
}

/** first_observed and last_observed of one observation. */
export interface ObservationTimes {
  first: Instant;
  last: Instant;
}

interface Derived {
  times?: ObservationTimes;
  byType?: ObjectsByType;
}

/** One entry per observation for both, so that the collector tracks one weak entry, not two. */
const derived = new WeakMap<Observation, Derived>();

function derivedOf(observation: Observation): Derived {
  let entry = derived.get(observation);
  if (entry === undefined) {
    entry = {};
    derived.set(observation, entry);
  }
  return entry;
}

/** The observation's times as instants; throws if one is no STIX timestamp. */
export function timesOf(observation: Observation): ObservationTimes {
  const entry = derivedOf(observation);
  if (entry.times === undefined) {
    const first = instantOfValid(observation.firstObserved);
    // A single event's observation (all telemetry) has one time for both.
    const same = observation.lastObserved === observation.firstObserved;
    entry.times = { first, last: same ? first : instantOfValid(observation.lastObserved) };
  }
  return entry.times;
}

export class PreparedObservations {
  private times: ObservationInstants | undefined;
  /** What the observations' entries hold, at hand without a WeakMap lookup per bracket. */
  private readonly groups: (ObjectsByType | undefined)[];

  constructor(readonly observations: readonly Observation[]) {
    this.groups = new Array<ObjectsByType | undefined>(observations.length);
  }

  /** first_observed and last_observed of each observation; throws if one is no STIX timestamp. */
  instants(): ObservationInstants {
    if (this.times === undefined) {
      const first: Instant[] = [];
      const last: Instant[] = [];
      for (const observation of this.observations) {
        const times = timesOf(observation);
        first.push(times.first);
        last.push(times.last);
      }
      this.times = { first, last };
    }
    return this.times;
  }

  objectsByType(index: number): ObjectsByType {
    let byType = this.groups[index];
    if (byType === undefined) {
      const observation = this.observations[index] as Observation;
      const entry = derivedOf(observation);
      entry.byType ??= groupByType(observation);
      byType = entry.byType;
      this.groups[index] = byType;
    }
    return byType;
  }
}

function groupByType(observation: Observation): ObjectsByType {
  const byType: ObjectsByType = new Map();
  // Values alone: the keys of STIX 2.0 observations are integer-like, and listing them makes a
  // string of each, which no evaluation needs (references resolve through `objects` itself).
  for (const object of Object.values(observation.objects)) {
    const list = byType.get(object.type);
    if (list === undefined) byType.set(object.type, [object]);
    else list.push(object);
  }
  return byType;
}
