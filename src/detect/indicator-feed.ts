// Keeps a Detector in step with the store: it is handed every version the hunter's StoreTail reads
// (the first read loads every indicator the scopes let the organisation see; each later one only
// what was added since: new indicators, new versions, revocations), so intelligence arriving over
// TAXII or sync reaches detection without a rebuild and without pausing the events. The detector
// keeps the version watched, so an older version stored later is ignored.

import type { StixObject } from '../stix/object.js';
import type { StoredVersion } from '../store/store.js';
import type { Detector, Refusal } from './detector.js';

export interface RefreshReport {
  /** Indicators now watched that were not, or were replaced by a newer version. */
  updated: number;
  /** Indicators no longer watched (revoked, or a version the engine cannot run). */
  removed: number;
  refused: Refusal[];
}

export function emptyReport(): RefreshReport {
  return { updated: 0, removed: 0, refused: [] };
}

export class IndicatorFeed {
  constructor(private readonly detector: Detector) {}

  /** Stops running the indicator with this id, whatever version it had (its versions were deleted). */
  forget(id: string, report: RefreshReport): void {
    if (this.detector.remove(id)) report.removed += 1;
  }

  /** One stored version of any type; only indicators are parsed. */
  apply(item: StoredVersion, report: RefreshReport): void {
    if (item.type !== 'indicator') return;
    const indicator = JSON.parse(item.json) as StixObject;
    const wasWatched = this.detector.has(item.id);
    const refused = this.detector.upsert(indicator);
    if (refused === undefined) {
      report.updated += 1;
    } else if (refused.code !== 'stale') {
      if (wasWatched) report.removed += 1;
      if (refused.code !== 'revoked') report.refused.push(refused);
    }
  }
}
