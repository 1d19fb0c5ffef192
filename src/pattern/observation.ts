// An observation: what one observed-data object saw, in the shape every later stage of the pattern
// engine uses (evaluate/, compile/, detect/). STIX 2.1 section 4.14: observed-data says that the
// cyber-observable objects it names were seen `number_observed` times between `first_observed` and
// `last_observed`. STIX 2.0 embedded those objects in a dictionary keyed "0", "1", ...; STIX 2.1
// points at SCOs by id with `object_refs` (and deprecates, but still allows, the embedded form).
// Either way `objects` is keyed by the string other objects use to reference them, so `_ref` and
// `_refs` properties resolve by a plain lookup.

import { isPlainObject, type StixObject } from '../stix/object.js';
import { compareTimestamps, isTimestamp } from '../stix/timestamp.js';

export interface Observation {
  /** The id of the observed-data object. */
  id: string;
  firstObserved: string;
  lastObserved: string;
  /** At least 1: the observation stands for this many sightings of the same objects (9.7). */
  numberObserved: number;
  /** Keyed by reference: the 2.0 dictionary key, or the 2.1 SCO id. */
  objects: Record<string, StixObject>;
}

/** A problem with one observed-data object (or with the input around it). */
export interface ObservationError {
  /** The observed-data id when there is one. */
  id?: string;
  message: string;
}

export interface ObservationsResult {
  observations: Observation[];
  errors: ObservationError[];
}

/**
 * Reads STIX 2.0 observed-data objects, each holding its cyber-observable objects in `objects`.
 * Accepts one observed-data object or an array of them; anything else in the array is an error.
 */
export function observationsFrom20(observedData: unknown): ObservationsResult {
  const result: ObservationsResult = { observations: [], errors: [] };
  for (const candidate of Array.isArray(observedData) ? observedData : [observedData]) {
    const read = readObservedData(candidate, () => undefined);
    if ('message' in read) result.errors.push(read);
    else result.observations.push(read);
  }
  return result;
}

/**
 * Reads STIX 2.1 content: a bundle, an array of STIX objects, or an array of bundles. Every
 * observed-data object becomes an observation; its `object_refs` are resolved against the SCOs of
 * the same bundle (loose objects outside any bundle form one pool together). An observed-data
 * with the deprecated embedded `objects` is read as in 2.0. Other objects (SCOs, SDOs) are only
 * material for the references.
 */
export function observationsFrom21(bundleOrObjects: unknown): ObservationsResult {
  const result: ObservationsResult = { observations: [], errors: [] };
  const loose: unknown[] = [];
  const pools: unknown[][] = [];
  const top = Array.isArray(bundleOrObjects) ? bundleOrObjects : [bundleOrObjects];
  for (const item of top) {
    if (isPlainObject(item) && Array.isArray(item.objects) && item.type !== 'observed-data') {
      pools.push(item.objects);
    } else {
      loose.push(item);
    }
  }
  if (loose.length > 0) pools.unshift(loose);
  for (const pool of pools) readPool(pool, result);
  return result;
}

function readPool(pool: readonly unknown[], result: ObservationsResult): void {
  const byId = new Map<string, StixObject>();
  for (const object of pool) {
    if (isPlainObject(object) && typeof object.id === 'string' && typeof object.type === 'string') {
      byId.set(object.id, object as StixObject);
    }
  }
  for (const object of pool) {
    if (!isPlainObject(object) || typeof object.type !== 'string') {
      result.errors.push({ message: 'expected a STIX object (a JSON object with a "type")' });
      continue;
    }
    if (object.type !== 'observed-data') continue;
    const read = readObservedData(object, (id) => byId.get(id));
    if ('message' in read) result.errors.push(read);
    else result.observations.push(read);
  }
}

/**
 * One observed-data object to an observation. `resolve` finds an SCO by id for `object_refs`;
 * SCOs that the listed ones reference (a network-traffic's `src_ref`, an email's `from_ref`) are
 * taken in as well when the pool holds them, since a pattern follows those references (9.4) and
 * producers often list only the root objects.
 */
function readObservedData(
  candidate: unknown,
  resolve: (id: string) => StixObject | undefined,
): Observation | ObservationError {
  if (!isPlainObject(candidate)) return { message: 'expected an observed-data object' };
  const id = typeof candidate.id === 'string' ? candidate.id : undefined;
  const fail = (message: string): ObservationError => (id === undefined ? { message } : { id, message });
  if (candidate.type !== 'observed-data') {
    return fail(`expected type "observed-data", found ${JSON.stringify(candidate.type)}`);
  }
  if (id === undefined) return fail('observed-data has no "id"');
  const { first_observed: first, last_observed: last, number_observed: count } = candidate;
  if (!isTimestamp(first))
    return fail(`${id}: first_observed is not a STIX timestamp: ${JSON.stringify(first)}`);
  if (!isTimestamp(last))
    return fail(`${id}: last_observed is not a STIX timestamp: ${JSON.stringify(last)}`);
  if (compareTimestamps(first, last) > 0) return fail(`${id}: first_observed is after last_observed`);
  if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 1) {
    return fail(`${id}: number_observed must be an integer of at least 1, found ${JSON.stringify(count)}`);
  }
  const refs = candidate.object_refs;
  // Some producers (the reference matcher's own STIX 2.1 tests among them) write an empty
  // "objects" beside "object_refs"; only a non-empty one conflicts with the references.
  const embedded = refs !== undefined && isEmptyDictionary(candidate.objects) ? undefined : candidate.objects;
  if (embedded !== undefined && refs !== undefined)
    return fail(`${id}: has both "objects" and "object_refs"`);
  let objects: Record<string, StixObject>;
  if (embedded !== undefined) {
    const read = embeddedObjects(embedded);
    if (typeof read === 'string') return fail(`${id}: ${read}`);
    objects = read;
  } else if (refs !== undefined) {
    const read = referencedObjects(refs, resolve);
    if (typeof read === 'string') return fail(`${id}: ${read}`);
    objects = read;
  } else {
    return fail(`${id}: has neither "objects" nor "object_refs"`);
  }
  return { id, firstObserved: first, lastObserved: last, numberObserved: count, objects };
}

function isEmptyDictionary(value: unknown): boolean {
  return isPlainObject(value) && Object.keys(value).length === 0;
}

function embeddedObjects(embedded: unknown): Record<string, StixObject> | string {
  if (!isPlainObject(embedded)) return '"objects" must be a dictionary of cyber-observable objects';
  const objects: Record<string, StixObject> = {};
  const keys = Object.keys(embedded);
  if (keys.length === 0) return '"objects" is empty';
  for (const key of keys) {
    const object = embedded[key];
    if (!isPlainObject(object) || typeof object.type !== 'string') {
      return `objects[${JSON.stringify(key)}] is not a cyber-observable object with a "type"`;
    }
    objects[key] = object as StixObject;
  }
  return objects;
}

function referencedObjects(
  refs: unknown,
  resolve: (id: string) => StixObject | undefined,
): Record<string, StixObject> | string {
  if (!Array.isArray(refs) || refs.length === 0) return '"object_refs" must be a non-empty list of ids';
  const objects: Record<string, StixObject> = {};
  for (const ref of refs) {
    if (typeof ref !== 'string') return `"object_refs" holds a non-string: ${JSON.stringify(ref)}`;
    const object = resolve(ref);
    if (object === undefined) return `object_refs names ${ref}, which is not in the same bundle`;
    objects[ref] = object;
  }
  for (const object of Object.values(objects)) addReferenced(object, objects, resolve);
  return objects;
}

/** Takes in, transitively, the objects an object references that the pool holds. */
function addReferenced(
  value: unknown,
  objects: Record<string, StixObject>,
  resolve: (id: string) => StixObject | undefined,
): void {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (Array.isArray(next)) {
      pending.push(...next);
    } else if (isPlainObject(next)) {
      for (const [key, inner] of Object.entries(next)) {
        if (key.endsWith('_ref') || key.endsWith('_refs')) {
          for (const ref of Array.isArray(inner) ? inner : [inner]) {
            if (typeof ref !== 'string' || ref in objects) continue;
            const referenced = resolve(ref);
            if (referenced === undefined) continue;
            objects[ref] = referenced;
            pending.push(referenced);
          }
        } else if (typeof inner === 'object' && inner !== null) {
          pending.push(inner);
        }
      }
    }
  }
}
