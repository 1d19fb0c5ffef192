// An event as STIX 2.1 objects to store and share, for the few events that match: the observed-data
// (keeping the observation's id, with the provenance as x_dreamcatcher_provenance) and its SCOs with
// the ids STIX 2.1 section 2.9 gives them: UUIDv5 over the ID contributing properties, so the same
// file or address is one object whoever saw it. References are rewritten from the event's keys to
// those ids. Keys that already are ids (events read from STIX 2.1) stay.

import { randomBytes } from 'node:crypto';
import {
  ID_CONTRIBUTING_PROPERTIES,
  isScoType,
  isTypeName,
  newId,
  parseId,
  type RandomBytes,
  scoId,
} from '../stix/id.js';
import { isPlainObject, type StixObject } from '../stix/object.js';
import { formatMillis } from '../stix/timestamp.js';
import type { ObservedEvent } from './event.js';

export interface MaterializeOptions {
  /** The time the objects are created at (their created and modified); now unless given. */
  now?: () => number;
  /** For the UUIDv4 of processes (they have no ID contributing properties) and of custom types. */
  random?: RandomBytes;
}

type Rec = Record<string, unknown>;

function isReference(key: string): 'one' | 'many' | undefined {
  if (key.endsWith('_ref')) return 'one';
  if (key.endsWith('_refs')) return 'many';
  return undefined;
}

type Resolve = (ref: string) => string | undefined;

/**
 * A deep copy of the value of property `key` with every reference mapped; undefined when it was
 * a reference to nothing known (a dangling 2.0 key), which then goes.
 */
function rewriteProperty(key: string, value: unknown, resolve: Resolve): unknown {
  const reference = isReference(key);
  if (reference === 'one' && typeof value === 'string') return resolve(value);
  if (reference === 'many' && Array.isArray(value)) {
    const ids = value.flatMap((ref) => (typeof ref === 'string' ? (resolve(ref) ?? []) : []));
    return ids.length > 0 ? ids : undefined;
  }
  if (Array.isArray(value)) return value.map((item) => rewriteProperty('', item, resolve));
  if (!isPlainObject(value)) return value;
  const out: Rec = {};
  for (const [inner, innerValue] of Object.entries(value)) {
    const rewritten = rewriteProperty(inner, innerValue, resolve);
    if (rewritten !== undefined) out[inner] = rewritten;
  }
  return out;
}

/** Whether an event's key is already the id of its object (content read from STIX 2.1). */
function isOwnId(key: string, type: string): boolean {
  return parseId(key)?.type === type;
}

export function materialize(event: ObservedEvent, options: MaterializeOptions = {}): StixObject[] {
  const random = options.random ?? randomBytes;
  const { observation, provenance } = event;
  const objects = observation.objects;
  const ids = new Map<string, string>();
  const inProgress = new Set<string>();

  /** The id of the object under `key`, computing those its ID contributing references need first. */
  const idOf = (key: string): string | undefined => {
    const known = ids.get(key);
    if (known !== undefined) return known;
    const object = Object.hasOwn(objects, key) ? objects[key] : undefined;
    if (object === undefined) return parseId(key) === undefined ? undefined : key;
    // STIX 2.0 content may hold types 2.1 cannot name; they are left out.
    if (!isTypeName(object.type)) return undefined;
    let id: string;
    if (isOwnId(key, object.type)) {
      id = key;
    } else if (!isScoType(object.type) || inProgress.has(key)) {
      // A custom type has no contributing properties to hash; a reference circle has no order to
      // hash in. Both get a random id, which STIX allows.
      id = newId(object.type, random);
    } else {
      inProgress.add(key);
      const contributing: Rec = { type: object.type };
      for (const property of ID_CONTRIBUTING_PROPERTIES[object.type] ?? []) {
        const value = rewriteProperty(property, object[property], idOf);
        if (value !== undefined) contributing[property] = value;
      }
      inProgress.delete(key);
      id = scoId(contributing as StixObject, random);
    }
    ids.set(key, id);
    return id;
  };

  const scos: StixObject[] = [];
  for (const key of Object.keys(objects)) {
    const object = objects[key] as StixObject;
    const id = idOf(key);
    if (id === undefined) continue;
    const { type, id: _id, spec_version: _version, ...properties } = object;
    scos.push({ type, spec_version: '2.1', id, ...(rewriteProperty('', properties, idOf) as Rec) });
  }
  const created = formatMillis((options.now ?? Date.now)());
  const observedId =
    parseId(observation.id)?.type === 'observed-data' ? observation.id : newId('observed-data', random);
  const record: Rec = { source: provenance.source, line: provenance.line, format: provenance.format };
  if (provenance.eventType !== undefined) record.event_type = provenance.eventType;
  if (provenance.host !== undefined) record.host = provenance.host;
  if (provenance.sensor !== undefined) record.sensor = provenance.sensor;
  record.entity = event.entity;
  const observedData: StixObject = {
    type: 'observed-data',
    spec_version: '2.1',
    id: observedId,
    created,
    modified: created,
    first_observed: observation.firstObserved,
    last_observed: observation.lastObserved,
    number_observed: observation.numberObserved,
    object_refs: scos.map((sco) => sco.id),
    x_dreamcatcher_provenance: record,
  };
  return [observedData, ...scos];
}
