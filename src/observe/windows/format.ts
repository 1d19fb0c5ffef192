// Windows event logs as JSON lines, in any of the layouts of layouts.ts: Sysmon and Security events
// through the tables of sysmon.ts and security.ts. The entity is the computer the event happened on.

import { isPlainObject } from '../../stix/object.js';
import type { LineResult } from '../event.js';
import { EventBuilder, lineError, SKIP } from '../event-builder.js';
import type { DetectionSample, Format, FormatReader, ReaderOptions } from '../format.js';
import { parseJsonLine } from '../format.js';
import { Mapper, type MappingTable } from '../mapping.js';
import { ecsNames } from './ecs.js';
import { looksLikeWindowsEvent, readWindowsEvent } from './layouts.js';
import { SECURITY_EVENTS } from './security.js';
import { SYSMON_EVENTS } from './sysmon.js';

export const WINDOWS_TABLE: MappingTable = {
  name: 'windows',
  // "-" is Windows' empty field, 0x0 its empty process id, S-1-0-0 the SID of nobody; Sysmon names
  // what it cannot see.
  nullValues: ['-', '0x0', 'S-1-0-0', '<unknown process>', '&lt;unknown process&gt;', '<Anonymous Pipe>'],
  events: { ...SYSMON_EVENTS, ...SECURITY_EVENTS },
};

let plainMapper: Mapper | undefined;
let ecsMapper: Mapper | undefined;

/** The Windows table compiled once for each way of finding fields: by name, or in an ECS document. */
function mapperFor(ecs: boolean): Mapper {
  if (ecs) {
    ecsMapper ??= new Mapper(WINDOWS_TABLE, { alternateNames: ecsNames });
    return ecsMapper;
  }
  plainMapper ??= new Mapper(WINDOWS_TABLE);
  return plainMapper;
}

class WindowsReader implements FormatReader {
  private readonly builder: EventBuilder;

  constructor(options: ReaderOptions) {
    this.builder = new EventBuilder('windows', options.source, options.random);
  }

  line(text: string, lineNumber: number): LineResult {
    const parsed = parseJsonLine(text);
    if ('error' in parsed) return lineError(lineNumber, parsed.error);
    if (!isPlainObject(parsed.value))
      return lineError(lineNumber, 'expected a JSON object: one Windows event');
    const event = readWindowsEvent(parsed.value);
    if (typeof event === 'string') return lineError(lineNumber, event);
    const mapped = mapperFor(event.ecs).map(event.data, event.eventType, event);
    if (mapped === undefined) return SKIP;
    if ('error' in mapped) {
      const problem =
        event.time === undefined && event.rawTime !== undefined
          ? `event time ${JSON.stringify(event.rawTime)} is no time`
          : mapped.error;
      return lineError(lineNumber, `${event.eventType}: ${problem}`);
    }
    return { kind: 'events' as const, events: [this.builder.event(mapped, lineNumber, event.eventType)] };
  }
}

export const WINDOWS: Format = {
  name: 'windows',
  detect: (sample: DetectionSample) => sample.values.filter(looksLikeWindowsEvent).length,
  reader: (options) => new WindowsReader(options),
};
