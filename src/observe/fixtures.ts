// What the observe tests share: deterministic randomness, files read as line streams, the shared
// telemetry's location. Tests run from the repository root, so paths are relative to it.

import { createReadStream, readFileSync } from 'node:fs';
import type { RandomBytes } from '../stix/id.js';
import type { StixObject } from '../stix/object.js';
import type { LineResult, ObservedEvent } from './event.js';
import { linesOf, type ReadEventsOptions, readEvents } from './read-events.js';

export const TESTDATA = 'src/observe/testdata';
export const TELEMETRY = '../shared/telemetry';
/** The `now` golden materializations are made at. */
export const FIXED_NOW = Date.UTC(2024, 0, 1);

/** Bytes from a linear congruential generator: the same sequence for the same seed. */
export function seededRandom(seed = 1): RandomBytes {
  let state = seed >>> 0;
  return (size) => {
    const bytes = new Uint8Array(size);
    for (let index = 0; index < size; index++) {
      state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
      bytes[index] = state >>> 24;
    }
    return bytes;
  };
}

/** Every result of reading a file. */
export async function readFile(
  path: string,
  options: Omit<ReadEventsOptions, 'source'> = {},
): Promise<LineResult[]> {
  const results: LineResult[] = [];
  for await (const result of readEvents(linesOf(createReadStream(path)), { source: path, ...options })) {
    results.push(result);
  }
  return results;
}

export function eventsOf(results: readonly LineResult[]): ObservedEvent[] {
  return results.flatMap((result) => (result.kind === 'events' ? result.events : []));
}

export function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'));
}

/** An async iterable of the given lines, as a caller that split them itself would pass. */
export async function* linesFrom(lines: readonly string[]): AsyncGenerator<string> {
  yield* lines;
}

/** The n-th line of a Zeek dns.log: `entity` looked `domain` up, n seconds past 10:00 on 2026-03-01. */
export function dnsLookup(domain: string, n: number, entity = 'ws1'): ObservedEvent {
  const time = `2026-03-01T10:${String(Math.floor(n / 60) % 60).padStart(2, '0')}:${String(n % 60).padStart(2, '0')}Z`;
  return {
    observation: {
      id: `observed-data--44444444-0000-4000-8000-${String(n).padStart(12, '0')}`,
      firstObserved: time,
      lastObserved: time,
      numberObserved: 1,
      objects: { '0': { type: 'domain-name', value: domain } as unknown as StixObject },
    },
    provenance: { source: 'dns.log', line: n, format: 'zeek' },
    entity,
  };
}
