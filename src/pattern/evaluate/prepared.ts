// What every pattern reads from the observations it is evaluated against: their times as instants
// and their objects grouped by type. Both are computed at most once per PreparedObservations, so a
// caller that evaluates many patterns against the same observations (the compiled set confirming
// its candidates) pays for them once, not once per pattern. Each is computed on first use, at the
// point of the evaluation where matchPattern has always computed it.

import type { Observation } from '../observation.js';
import { type Instant, instantOfValid } from './time.js';

/** An observation's objects by object type: their keys (for references) and the objects. */
export type ObjectsByType = Map<string, [string, unknown][]>;

export interface ObservationInstants {
  first: Instant[];
  last: Instant[];
}

export class PreparedObservations {
  private times: ObservationInstants | undefined;
  private readonly groups: (ObjectsByType | undefined)[];

  constructor(readonly observations: readonly Observation[]) {
    this.groups = new Array<ObjectsByType | undefined>(observations.length);
  }

  /** first_observed and last_observed of each observation; throws if one is no STIX timestamp. */
  instants(): ObservationInstants {
    this.times ??= {
      first: this.observations.map((o) => instantOfValid(o.firstObserved)),
      last: this.observations.map((o) => instantOfValid(o.lastObserved)),
    };
    return this.times;
  }

  objectsByType(index: number): ObjectsByType {
    let byType = this.groups[index];
    if (byType === undefined) {
      byType = groupByType(this.observations[index] as Observation);
      this.groups[index] = byType;
    }
    return byType;
  }
}

function groupByType(observation: Observation): ObjectsByType {
  const byType: ObjectsByType = new Map();
  for (const [key, object] of Object.entries(observation.objects)) {
    const list = byType.get(object.type);
    if (list === undefined) byType.set(object.type, [[key, object]]);
    else list.push([key, object]);
  }
  return byType;
}
