// The alert a new or updated sighting raises: which indicator, what it indicates (campaign,
// malware, intrusion set), on which host, when, and the evidence down to the log line. The same
// shape is printed by `hunt --json`, posted to webhooks and sent to syslog.

import type { StixObject } from '../stix/object.js';
import type { Indicated } from './context.js';
import type { Detection } from './detector.js';

export interface Alert {
  time: string;
  host: string;
  indicator: { id: string; name?: string; pattern: string; indicator_types?: unknown };
  indicates: Indicated[];
  sighting?: { id: string; count: number; first_seen: string; last_seen: string; created: boolean };
  first_observed: string;
  last_observed: string;
  evidence: {
    time: string;
    source: string;
    line: number;
    format: string;
    event_type?: string;
    host?: string;
    sensor?: string;
  }[];
}

/** `indicator` is the object the detection is of, as stored (the detector keeps only its id). */
export function buildAlert(
  detection: Detection,
  indicator: StixObject,
  indicates: Indicated[],
  sighting?: { object: StixObject; created: boolean },
): Alert {
  return {
    time: detection.lastObserved,
    host: detection.entity,
    indicator: {
      id: detection.indicator.id,
      ...(typeof indicator.name === 'string' ? { name: indicator.name } : {}),
      // Empty only when the indicator was deleted from the store after it matched.
      pattern: typeof indicator.pattern === 'string' ? indicator.pattern : '',
      ...(indicator.indicator_types === undefined ? {} : { indicator_types: indicator.indicator_types }),
    },
    indicates,
    ...(sighting === undefined
      ? {}
      : {
          sighting: {
            id: String(sighting.object.id),
            count: Number(sighting.object.count),
            first_seen: String(sighting.object.first_seen),
            last_seen: String(sighting.object.last_seen),
            created: sighting.created,
          },
        }),
    first_observed: detection.firstObserved,
    last_observed: detection.lastObserved,
    evidence: detection.events.map(({ observation, provenance }) => ({
      time: observation.firstObserved,
      source: provenance.source,
      line: provenance.line,
      format: provenance.format,
      ...(provenance.eventType === undefined ? {} : { event_type: provenance.eventType }),
      ...(provenance.host === undefined ? {} : { host: provenance.host }),
      ...(provenance.sensor === undefined ? {} : { sensor: provenance.sensor }),
    })),
  };
}

/** One line for a person: what, where, pointing at. */
export function describeAlert(alert: Alert): string {
  const what = alert.indicator.name ?? alert.indicator.id;
  const behind = alert.indicates.map((item) => `${item.type} ${item.name ?? item.id}`).join(', ');
  const first = alert.evidence[0];
  const where = first === undefined ? '' : ` (${first.source}:${first.line})`;
  return `${alert.time} ${alert.host}: ${what}${behind === '' ? '' : ` -> ${behind}`}${where}`;
}
