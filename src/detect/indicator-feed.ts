// Keeps a Detector in step with the store: the first refresh loads every indicator the scopes let
// the organisation see; each later one reads only what was added since (new indicators, new
// versions, revocations), so intelligence arriving over TAXII or sync reaches detection without a
// rebuild and without pausing the events. A version stored later replaces the one watched.

import type { StixObject } from '../stix/object.js';
import { compareTimestamps } from '../stix/timestamp.js';
import type { Scope, Store } from '../store/store.js';
import type { Detector, Refusal } from './detector.js';

const PAGE = 1000;

export interface RefreshReport {
  /** Indicators now watched that were not, or were replaced by a newer version. */
  updated: number;
  /** Indicators no longer watched (revoked, or a version the engine cannot run). */
  removed: number;
  refused: Refusal[];
}

export class IndicatorFeed {
  private cursor: string | undefined;
  /** The version (modified) watched for each indicator, so an older version arriving late is ignored. */
  private readonly versions = new Map<string, string>();

  constructor(
    private readonly store: Store,
    private readonly detector: Detector,
    private readonly scopes: readonly Scope[],
  ) {}

  async refresh(): Promise<RefreshReport> {
    const report: RefreshReport = { updated: 0, removed: 0, refused: [] };
    for (;;) {
      const page = await this.store.list(
        {
          types: ['indicator'],
          scopes: this.scopes,
          // Every version added since, so a revocation or a new version is seen even between pages.
          versions: ['all'],
          ...(this.cursor === undefined ? {} : { addedAfter: this.cursor }),
        },
        { limit: PAGE },
      );
      for (const item of page.items) this.apply(JSON.parse(item.json) as StixObject, item.version, report);
      const last = page.items.at(-1);
      if (last !== undefined) this.cursor = last.dateAdded;
      if (page.next === undefined) break;
    }
    return report;
  }

  private apply(indicator: StixObject, version: string, report: RefreshReport): void {
    const id = String(indicator.id);
    const watched = this.versions.get(id);
    if (watched !== undefined && compareTimestamps(watched, version) > 0) return;
    this.versions.set(id, version);
    const refused = this.detector.upsert(indicator);
    if (refused === undefined) {
      report.updated += 1;
    } else {
      if (watched !== undefined) report.removed += 1;
      if (refused.reason !== 'revoked') report.refused.push(refused);
    }
  }
}
