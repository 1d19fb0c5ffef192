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
import { fixedFollowUp } from '../store/fixed-follow-up.js';
import type { Store } from '../store/store.js';
import type { Detection } from './detector.js';

export interface SightingOptions {
  store: Store;
  /** The collection sightings are stored in. */
  collection: string;
  /** The reporting organisation's STIX identity: where_sighted_refs and created_by_ref. */
  identity: StixObject;
  /** Hits of the same indicator on the same host closer than this update one sighting. */
  windowMs: number;
  clock?: () => number;
  /** Turns an event into its observed-data and SCOs with deterministic ids (observe/materialize). */
  materialize: (event: ObservedEvent) => StixObject[];
}

/** A detection to record, with what the detector does not keep. */
export interface SightingInput {
  detection: Detection;
  /** The indicator object, as stored: its name describes the sighting. */
  indicator: StixObject;
  /** The TLP marking-definition id of the sighting and its observed-data, chosen by the reporter. */
  marking: string;
}

export interface RecordedSighting {
  sighting: StixObject;
  /** True for a new sighting, false for a new version of one already reported. */
  created: boolean;
}

/** The sighting a (indicator, host, marking) is counting into, kept durably so a restart continues it. */
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

  /**
   * Records detections as sightings, in one store commit for all their objects (the identity once,
   * every observed-data and SCO, every sighting version), then their states. Hits of one key in
   * the batch count into one sighting, a version each. Answers in the order of the input.
   */
  async record(inputs: readonly SightingInput[]): Promise<RecordedSighting[]> {
    const { store, collection, identity } = this.options;
    const states = new Map<string, OpenSighting | undefined>();
    // Keyed by id and version: one event that sets off two indicators, or two events naming one
    // file, bring the same object twice, and a batch holds each once.
    const objects = new Map<string, StixObject>([[String(identity.id), identity]]);
    const recorded: RecordedSighting[] = [];
    for (const input of inputs) {
      // The marking is part of the key: a sighting shared at GREEN never counts hits reported at RED.
      const key = `${input.detection.indicator.id}|${input.detection.entity}|${input.marking}`;
      if (!states.has(key))
        states.set(key, (await store.getRecord(STATE_KIND, key)) as OpenSighting | undefined);
      const evidence = input.detection.events.flatMap((event) => this.options.materialize(event));
      const { state, created } = this.next(states.get(key), input.detection, evidence);
      states.set(key, state);
      const sighting = this.sightingOf(state, input);
      for (const object of evidence) {
        const objectKey = `${String(object.id)}|${String(object.modified ?? '')}`;
        if (objects.has(objectKey)) continue;
        objects.set(
          objectKey,
          object.type === 'observed-data'
            ? { ...object, created_by_ref: identity.id, object_marking_refs: [input.marking] }
            : object,
        );
      }
      objects.set(`${String(sighting.id)}|${String(sighting.modified)}`, sighting);
      recorded.push({ sighting, created });
    }
    // The states move in the sightings' own transaction: both are stored, or neither.
    const records = [...states].flatMap(([key, value]) =>
      value === undefined ? [] : [{ kind: STATE_KIND, key, value }],
    );
    await store.put(
      collection,
      [...objects.values()].map((object) => ({ object, json: JSON.stringify(object) })),
      { followUp: fixedFollowUp({ records }) },
    );
    return recorded;
  }

  /** The state after one more hit: the open sighting continued within the window, else a new one. */
  private next(
    open: OpenSighting | undefined,
    detection: Detection,
    evidence: readonly StixObject[],
  ): { state: OpenSighting; created: boolean } {
    const observedDataIds = evidence
      .filter((object) => object.type === 'observed-data')
      .map((object) => String(object.id));
    const windowMicros = BigInt(Math.round(this.options.windowMs * 1000));
    const continues =
      open !== undefined && micros(detection.firstObserved) - micros(open.lastSeen) <= windowMicros;
    let now = formatMillis(this.clock());
    if (continues && compareTimestamps(now, open.modified) <= 0) {
      // A version must be later than the last; two hits in one millisecond still make two versions.
      now = formatMillis(Number(micros(open.modified) / 1000n + 1n));
    }
    if (!continues) {
      return {
        created: true,
        state: {
          id: `sighting--${randomUUID()}`,
          created: now,
          modified: now,
          firstSeen: detection.firstObserved,
          lastSeen: detection.lastObserved,
          count: 1,
          observedData: observedDataIds.slice(0, MAX_OBSERVED_DATA_REFS),
        },
      };
    }
    return {
      created: false,
      state: {
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
      },
    };
  }

  private sightingOf(state: OpenSighting, { detection, indicator, marking }: SightingInput): StixObject {
    const { identity } = this.options;
    const indicatorName = typeof indicator.name === 'string' ? indicator.name : detection.indicator.id;
    return {
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
  }
}
