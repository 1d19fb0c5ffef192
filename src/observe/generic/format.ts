// Any JSON lines, through a mapping table the user writes (README.md): a SIEM export hunted without
// code. The table is compiled when the reader is made, so a mistake in it stops the run before the
// first line, with the place in the table it concerns (MappingError).

import { isPlainObject } from '../../stix/object.js';
import type { LineResult } from '../event.js';
import { EventBuilder, lineError, SKIP } from '../event-builder.js';
import type { Format, FormatReader, ReaderOptions } from '../format.js';
import { parseJsonLine } from '../format.js';
import { Mapper, MappingError } from '../mapping.js';

class GenericReader implements FormatReader {
  private readonly builder: EventBuilder;
  private readonly mapper: Mapper;

  constructor(options: ReaderOptions) {
    if (options.mapping === undefined) {
      throw new MappingError('$', 'the generic format reads JSON lines through a mapping table: give one');
    }
    this.mapper = new Mapper(options.mapping);
    this.builder = new EventBuilder('generic', options.source, options.random);
  }

  line(text: string, lineNumber: number): LineResult {
    const parsed = parseJsonLine(text);
    if ('error' in parsed) return lineError(lineNumber, parsed.error);
    if (!isPlainObject(parsed.value)) return lineError(lineNumber, 'expected a JSON object');
    const eventType = this.mapper.eventTypeOf(parsed.value);
    const mapped = this.mapper.map(parsed.value, eventType);
    if (mapped === undefined) return SKIP;
    if ('error' in mapped) return lineError(lineNumber, mapped.error);
    const type = eventType === undefined ? undefined : `generic:${eventType}`;
    return { kind: 'events', events: [this.builder.event(mapped, lineNumber, type)] };
  }
}

export const GENERIC: Format = {
  name: 'generic',
  // Any JSON could be meant for some table: the generic format is chosen, never guessed.
  detect: () => 0,
  reader: (options) => new GenericReader(options),
};
