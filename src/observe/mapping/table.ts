// The mapping table: what a format's table, or the table a user writes for the generic format, is
// made of. One table per format; per event type, the objects it yields, each property a field of
// the record (with transforms), a constant, a nested object, a list or a reference to another
// object of the event. README.md describes it for the people who write tables.

/** A field path ("Image", "tls.subject", "id.orig_h"), or a value read from fields and transformed. */
export type ValueSpec =
  | string
  | { readonly field: string | readonly string[]; readonly as?: string | readonly string[] }
  | { readonly fields: readonly string[]; readonly as: string | readonly string[] }
  | { readonly value: string | number | boolean };

/** A reference to other objects of the same event, by their names in `objects`. */
export interface RefSpec {
  readonly ref: string | readonly string[];
}

/** What a property holds: a value, a reference, a nested object (extensions, hashes) or a list. */
export type PropertySpec = ValueSpec | RefSpec | NestedSpec | readonly PropertySpec[];

export interface NestedSpec {
  readonly [property: string]: PropertySpec;
}

/** One object an event yields: its SCO type ("ip-addr" picks ipv4-addr or ipv6-addr by value). */
export interface ObjectSpec {
  readonly type: string;
  /** One object per item of this list; "$item" in a field path reads the item. */
  readonly each?: ValueSpec;
  readonly [property: string]: PropertySpec | undefined;
}

export interface EventMapping {
  readonly objects: Readonly<Record<string, ObjectSpec>>;
  /** Override the table's own for this event type. */
  readonly time?: ValueSpec;
  readonly host?: ValueSpec;
  readonly sensor?: ValueSpec;
  readonly entity?: ValueSpec;
  readonly count?: ValueSpec;
}

export interface MappingTable {
  /** Free text for the people who read the table. */
  readonly name?: string;
  readonly description?: string;
  /** The value that picks an entry of `events`; "*" is used for event types without their own. */
  readonly eventType?: ValueSpec;
  /** The event's time; it must come out as a STIX timestamp (use a time transform). */
  readonly time?: ValueSpec;
  readonly host?: ValueSpec;
  readonly sensor?: ValueSpec;
  /** What temporal patterns are evaluated per; the host unless given. */
  readonly entity?: ValueSpec;
  /** number_observed, when one record stands for several sightings; 1 unless given. */
  readonly count?: ValueSpec;
  /** Field values that mean "no value" ("-" in Windows events); "" always does. */
  readonly nullValues?: readonly string[];
  readonly events: Readonly<Record<string, EventMapping>>;
}

/** A table that cannot be compiled; `path` says where in it. */
export class MappingError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
    this.name = 'MappingError';
  }
}
