// Detections become STIX Sightings (STIX 2.1 section 5.7): sighting_of_ref the indicator,
// observed_data_refs the observed-data that matched, where_sighted_refs the reporting
// organisation. Repeated hits of one indicator on one host within the window update one sighting
// (a new version, count and last_seen moved on) instead of flooding the collection. The
// observed-data and its SCOs are stored beside the sighting, with the provenance of each event, so
// an analyst can go from the sighting to the exact log line.

import { randomUUID } from 'node:crypto';
import type { ObservedEvent } from '../observe/event.js';
import type { StixObject } from '../stix/object.js';
import { compareTimestamps, formatMillis, toMicros } from '../stix/timestamp.js';
import type { Store } from '../store/store.js';
import type { Detection } from './detector.js';

export interface SightingOptions {
  store: Store;
  /** The collection sightings are stored in. */
  collection: string;
  /** The reporting organisation's STIX identity: where_sighted_refs and created_by_ref. */
  identity: StixObject;
  /** The TLP marking-definition id sightings carry. */
  marking: string;
  /** Hits of the same indicator on the same host closer than this update one sighting. */
  windowMs: number;
  clock?: () => number;
  /** Turns an event into its observed-data and SCOs with deterministic ids (observe/materialize). */
  materialize: (event: ObservedEvent) => StixObject[];
}

export interface RecordedSighting {
  sighting: StixObject;
  /** True for a new sighting, false for a new version of one already reported. */
  created: boolean;
}

/** The sighting a (indicator, host) pair is counting into, kept durably so a restart continues it. */
interface OpenSighting {
  id: string;
  created: string;
  modified: string;
  firstSeen: string;
  lastSeen: string;
  count: number;
  observedData: string[];
}

const STATE_KIND = 'sighting-state';
/** observed_data_refs kept per sighting: the first hits, which show how it started. */
const MAX_OBSERVED_DATA_REFS = 100;

function micros(timestamp: string): bigint {
  return toMicros(timestamp) ?? 0n;
}

export class SightingRecorder {
  private readonly clock: () => number;

  constructor(private readonly options: SightingOptions) {
    this.clock = options.clock ?? Date.now;
  }

  async record(detection: Detection): Promise<RecordedSighting> {
    const { store, collection, identity, marking, windowMs } = this.options;
    const key = `${detection.indicator.id}|${detection.entity}`;
    const open = (await store.getRecord(STATE_KIND, key)) as OpenSighting | undefined;
    const evidence = detection.events.flatMap((event) => this.options.materialize(event));
    const observedDataIds = evidence
      .filter((object) => object.type === 'observed-data')
      .map((object) => String(object.id));
    const windowMicros = BigInt(Math.round(windowMs * 1000));
    const continues =
      open !== undefined && micros(detection.firstObserved) - micros(open.lastSeen) <= windowMicros;

    let now = formatMillis(this.clock());
    if (continues && compareTimestamps(now, open.modified) <= 0) {
      // A version must be later than the last; two hits in one millisecond still make two versions.
      now = formatMillis(Number(micros(open.modified) / 1000n + 1n));
    }
    const state: OpenSighting = continues
      ? {
          ...open,
          modified: now,
          firstSeen:
            compareTimestamps(detection.firstObserved, open.firstSeen) < 0
              ? detection.firstObserved
              : open.firstSeen,
          lastSeen:
            compareTimestamps(detection.lastObserved, open.lastSeen) > 0
              ? detection.lastObserved
              : open.lastSeen,
          count: open.count + 1,
          observedData: [...open.observedData, ...observedDataIds].slice(0, MAX_OBSERVED_DATA_REFS),
        }
      : {
          id: `sighting--${randomUUID()}`,
          created: now,
          modified: now,
          firstSeen: detection.firstObserved,
          lastSeen: detection.lastObserved,
          count: 1,
          observedData: observedDataIds.slice(0, MAX_OBSERVED_DATA_REFS),
        };
    const indicatorName = detection.indicator.name ?? detection.indicator.id;
    const sighting: StixObject = {
      type: 'sighting',
      spec_version: '2.1',
      id: state.id,
      created: state.created,
      modified: state.modified,
      created_by_ref: identity.id,
      description: `${indicatorName} seen on ${detection.entity}`,
      first_seen: state.firstSeen,
      last_seen: state.lastSeen,
      count: state.count,
      sighting_of_ref: detection.indicator.id,
      ...(state.observedData.length === 0 ? {} : { observed_data_refs: state.observedData }),
      where_sighted_refs: [identity.id],
      object_marking_refs: [marking],
      x_dreamcatcher_host: detection.entity,
    };
    const marked = evidence.map((object) =>
      object.type === 'observed-data'
        ? { ...object, created_by_ref: identity.id, object_marking_refs: [marking] }
        : object,
    );
    const batch = [identity, ...marked, sighting];
    await store.put(
      collection,
      batch.map((object) => ({ object, json: JSON.stringify(object) })),
    );
    // The state moves only after the sighting is stored: a crash in between re-reports the hit.
    await store.putRecord(STATE_KIND, key, state);
    return { sighting, created: !continues };
  }
}
