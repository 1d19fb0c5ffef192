// Turns what a mapping made of one log record into an ObservedEvent: an observation with a cheap
// id, the provenance, the entity. Ids are minted per reader from one random UUIDv4 whose last 48
// bits count up: unique within the reader, random across readers, and a string concatenation per
// event instead of a call into the random source. They are RFC 4122 version 4 in form, so
// materialize can keep an observation's id for its observed-data.

import { randomBytes } from 'node:crypto';
import type { RandomBytes } from '../stix/id.js';
import type { LineResult, ObservedEvent } from './event.js';
import type { MappedEvent } from './mapping.js';

export const SKIP: LineResult = Object.freeze({ kind: 'skip' });

export function lineError(line: number, message: string): LineResult {
  return { kind: 'error', line, message };
}

const BYTES = Array.from({ length: 256 }, (_, value) => value.toString(16).padStart(2, '0'));

export class EventBuilder {
  private readonly prefix: string;
  private counter: number;
  /** The id without its last two hex digits, formatted once per 256 ids. */
  private head = '';

  constructor(
    private readonly format: string,
    private readonly source: string,
    random: RandomBytes = randomBytes,
  ) {
    const bytes = random(16);
    if (bytes.length < 16) throw new Error(`observation ids need 16 random bytes, got ${bytes.length}`);
    const hex = Buffer.from(bytes.subarray(0, 16)).toString('hex');
    const version = `4${hex.slice(13, 16)}`;
    const variant = (8 + (Number.parseInt(hex.slice(16, 17), 16) & 3)).toString(16) + hex.slice(17, 20);
    this.prefix = `observed-data--${hex.slice(0, 8)}-${hex.slice(8, 12)}-${version}-${variant}-`;
    // The top bit cleared leaves 2^47 ids before the counter could carry out of its 48 bits.
    this.counter = Number.parseInt(hex.slice(20, 32), 16) % 2 ** 47;
  }

  /** A new observed-data id. */
  nextId(): string {
    const low = this.counter % 256;
    if (low === 0 || this.head === '') {
      this.head =
        this.prefix +
        Math.floor(this.counter / 256)
          .toString(16)
          .padStart(10, '0');
    }
    this.counter++;
    return this.head + (BYTES[low] as string);
  }

  /** The event for a mapped record read from `line`; `eventType` names it within the format. */
  event(mapped: MappedEvent, line: number, eventType: string | undefined): ObservedEvent {
    const event: ObservedEvent = {
      observation: {
        id: this.nextId(),
        firstObserved: mapped.time,
        lastObserved: mapped.time,
        numberObserved: mapped.count,
        objects: mapped.objects,
      },
      provenance: { source: this.source, line, format: this.format },
      entity: (mapped.entity ?? mapped.host ?? mapped.sensor)?.toLowerCase() ?? this.source,
    };
    if (eventType !== undefined) event.provenance.eventType = eventType;
    if (mapped.host !== undefined) event.provenance.host = mapped.host;
    if (mapped.sensor !== undefined) event.provenance.sensor = mapped.sensor;
    return event;
  }
}
