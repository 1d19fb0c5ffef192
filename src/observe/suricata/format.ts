// Suricata EVE JSON lines, through the table of events.ts.

import { isPlainObject } from '../../stix/object.js';
import type { LineResult } from '../event.js';
import { EventBuilder, lineError, SKIP } from '../event-builder.js';
import type { DetectionSample, Format, FormatReader, ReaderOptions } from '../format.js';
import { parseJsonLine } from '../format.js';
import { Mapper } from '../mapping.js';
import { SURICATA_TABLE } from './events.js';

let mapper: Mapper | undefined;

class SuricataReader implements FormatReader {
  private readonly builder: EventBuilder;

  constructor(options: ReaderOptions) {
    this.builder = new EventBuilder('suricata', options.source, options.random);
  }

  line(text: string, lineNumber: number): LineResult {
    const parsed = parseJsonLine(text);
    if ('error' in parsed) return lineError(lineNumber, parsed.error);
    if (!isPlainObject(parsed.value)) return lineError(lineNumber, 'expected a JSON object: one EVE record');
    mapper ??= new Mapper(SURICATA_TABLE);
    const eventType = mapper.eventTypeOf(parsed.value);
    const mapped = mapper.map(parsed.value, eventType);
    if (mapped === undefined) return SKIP;
    if ('error' in mapped) return lineError(lineNumber, mapped.error);
    const type = eventType === undefined ? undefined : `suricata:${eventType}`;
    return { kind: 'events', events: [this.builder.event(mapped, lineNumber, type)] };
  }
}

function looksLikeEve(value: unknown): boolean {
  return isPlainObject(value) && typeof value.event_type === 'string' && typeof value.timestamp === 'string';
}

export const SURICATA: Format = {
  name: 'suricata',
  detect: (sample: DetectionSample) => sample.values.filter(looksLikeEve).length,
  reader: (options) => new SuricataReader(options),
};
