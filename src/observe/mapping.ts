// The one engine every telemetry format goes through: a declarative table says which objects an
// event type yields, which field becomes which STIX property, and how the objects reference each
// other; `Mapper` compiles the table once into closures and applies it to each parsed log record.
// The built-in formats are such tables (windows/, zeek/, suricata/); the generic format is a table
// the user writes as JSON. README.md describes the table for its users.
//
// Output follows the STIX 2.0 embedded form that Observation reads: objects keyed "0", "1", ... in
// the order the table lists them, references holding those keys. Nothing is validated per event:
// the transforms give each property its STIX type, and REQUIREMENTS leave out an object that would
// lack what STIX requires of it, so what an event yields materializes into valid STIX.

import { isPlainObject, type StixObject } from '../stix/object.js';
import { timestampPrecision } from '../stix/timestamp.js';
import { buildEvent } from './mapping/build.js';
import { Compiler } from './mapping/compile.js';
import type {
  CompiledEvent,
  Getter,
  MapperOptions,
  MappingContext,
  Producer,
  Rec,
} from './mapping/compiled.js';
import { MappingError } from './mapping/table.js';

export type { MapperOptions, MappingContext } from './mapping/compiled.js';
export {
  type EventMapping,
  MappingError,
  type MappingTable,
  type NestedSpec,
  type ObjectSpec,
  type PropertySpec,
  type RefSpec,
  type ValueSpec,
} from './mapping/table.js';

/** What a table makes of one record. */
export interface MappedEvent {
  /** Keyed "0", "1", ... with references holding those keys. */
  objects: Record<string, StixObject>;
  time: string;
  host?: string;
  sensor?: string;
  entity?: string;
  count: number;
}

/** A mapped event; an error for a record the table cannot place in time; undefined: nothing observable. */
export type MapResult = MappedEvent | { error: string } | undefined;

export interface GivenContext {
  time?: string | undefined;
  host?: string | undefined;
  sensor?: string | undefined;
}

const TABLE_KEYS = new Set([
  'name',
  'description',
  'eventType',
  'time',
  'host',
  'sensor',
  'entity',
  'count',
  'nullValues',
  'events',
]);

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A compiled mapping table. Compiling checks the whole table and throws MappingError on the first fault. */
export class Mapper {
  private readonly events = new Map<string, CompiledEvent>();
  private readonly eventType: Getter | undefined;
  private readonly time: Producer | undefined;
  private readonly host: Getter | undefined;
  private readonly sensor: Getter | undefined;
  private readonly entity: Getter | undefined;
  private readonly count: Getter | undefined;

  constructor(table: unknown, options: MapperOptions = {}) {
    if (!isPlainObject(table)) throw new MappingError('$', 'a mapping table is a JSON object');
    for (const key of Object.keys(table)) {
      if (!TABLE_KEYS.has(key)) throw new MappingError(`$.${key}`, 'unknown key');
    }
    const nullValues = table.nullValues ?? [];
    if (!Array.isArray(nullValues) || !nullValues.every((value) => typeof value === 'string')) {
      throw new MappingError('$.nullValues', 'expected a list of strings');
    }
    const compiler = new Compiler(options, nullValues);
    const optional = (key: string) =>
      table[key] === undefined ? undefined : compiler.value(table[key], `$.${key}`).produce;
    this.eventType = optional('eventType');
    this.time = table.time === undefined ? undefined : compiler.value(table.time, '$.time');
    this.host = optional('host');
    this.sensor = optional('sensor');
    this.entity = optional('entity');
    this.count = optional('count');
    if (!isPlainObject(table.events) || Object.keys(table.events).length === 0) {
      throw new MappingError('$.events', 'expected an object of event mappings, keyed by event type');
    }
    for (const [name, event] of Object.entries(table.events)) {
      this.events.set(name, compiler.event(event, `$.events.${name}`));
    }
  }

  /** The event type the table's `eventType` reads from the record. */
  eventTypeOf(record: Rec): string | undefined {
    const context: MappingContext = { time: undefined, host: undefined, item: undefined };
    return text(this.eventType?.(record, context));
  }

  /**
   * Applies the table to one record. `given` carries what the format's code found itself (the
   * Windows layouts place time and host differently; a given time is a STIX timestamp); the
   * table's own specs fill in the rest.
   */
  map(record: Rec, eventType: string | undefined, given: GivenContext = {}): MapResult {
    const event = (eventType === undefined ? undefined : this.events.get(eventType)) ?? this.events.get('*');
    if (event === undefined) return undefined;
    const context: MappingContext = { time: undefined, host: undefined, item: undefined };
    context.host = given.host ?? text((event.host ?? this.host)?.(record, context));
    let time: unknown = given.time;
    if (time === undefined) {
      const spec = event.time ?? this.time;
      time = spec?.produce(record, context);
      // A table's own time may be any field: it must be a STIX timestamp, or the pattern engine refuses it.
      if (typeof time === 'string' && spec?.timestamps !== true && timestampPrecision(time) < 0) {
        const objects = buildEvent(event, record, context);
        return objects === undefined
          ? undefined
          : { error: `event time ${JSON.stringify(time)} is no timestamp` };
      }
    }
    context.time = typeof time === 'string' ? time : undefined;
    const objects = buildEvent(event, record, context);
    if (objects === undefined) return undefined;
    if (context.time === undefined) {
      const raw = given.time === undefined ? (event.time ?? this.time)?.raw?.(record, context) : undefined;
      return { error: raw === undefined ? 'no event time' : `event time ${JSON.stringify(raw)} is no time` };
    }
    const mapped: MappedEvent = { objects, time: context.time, count: 1 };
    if (context.host !== undefined) mapped.host = context.host;
    const sensor = given.sensor ?? text((event.sensor ?? this.sensor)?.(record, context));
    if (sensor !== undefined) mapped.sensor = sensor;
    const entity = text((event.entity ?? this.entity)?.(record, context));
    if (entity !== undefined) mapped.entity = entity;
    const count = (event.count ?? this.count)?.(record, context);
    if (typeof count === 'number' && Number.isSafeInteger(count) && count >= 1) mapped.count = count;
    return mapped;
  }
}
