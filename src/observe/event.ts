// What every telemetry adapter produces: one ObservedEvent per event that holds something
// observable, with the provenance an analyst follows from an alert back to the exact log line.
// Adapters stay cheap on the hot path: objects are keyed "0", "1", ... and refer to each other by
// those keys (the STIX 2.0 embedded form, which Observation reads as 2.1 does), and no SCO id is
// derived until a match needs the event stored (materialize.ts).

import type { Observation } from '../pattern/observation.js';

/** Where an event came from. */
export interface Provenance {
  /** The file path, or the name of the stream (e.g. 'http:POST /api/v1/telemetry'). */
  source: string;
  /** 1-based line number in the source (for JSON lines and TSV). */
  line: number;
  /** The adapter that read it, e.g. 'sysmon', 'zeek', 'suricata', 'generic', 'stix'. */
  format: string;
  /** The event type within the format, e.g. 'sysmon:1', 'security:4688', 'zeek:dns', 'suricata:alert'. */
  eventType?: string;
  /** The host the event is about (computer name, sensor name or address), when the event names one. */
  host?: string;
  /** The sensor that wrote it, when the event names one (Zeek/Suricata sensor, collector). */
  sensor?: string;
}

export interface ObservedEvent {
  observation: Observation;
  provenance: Provenance;
  /**
   * The entity temporal patterns are evaluated per (state for FOLLOWEDBY/WITHIN/REPEATS is kept
   * per entity): the host for host telemetry; for network telemetry what the adapter chooses (the
   * originating address, say). Never empty: adapters fall back to the source.
   */
  entity: string;
}

/** What reading one input line gives: events (often one), nothing (a line without observables), or an error. */
export type LineResult =
  | {
      kind: 'events';
      events: ObservedEvent[];
      /** What could not be read beside the events (a STIX bundle with one bad observed-data among good ones). */
      problems?: string[];
    }
  | { kind: 'skip' }
  | { kind: 'error'; line: number; message: string };
