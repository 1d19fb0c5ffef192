// Stable identity for everything in the pack. SDO and SRO ids are normally random (UUIDv4), but a
// pack that got new ids on every build would add a second copy of itself on every load. So each id
// is a UUIDv5 over this pack's own namespace and a name that says what the object is about (the
// IoC value, the ATT&CK id, the family name), and every object carries the same fixed timestamps.

import { uuidv5 } from '../../stix/id.js';

/** The UUIDv5 namespace of the DreamJob pack; never change it, or every id changes. */
export const PACK_NAMESPACE = 'b3017d3b-fe8b-4f73-9617-4fa8a50a961c';

/**
 * `created` and `modified` of every object. The store keys versions by `modified`, so content
 * changed under the same timestamp would be refused as a conflict by a store holding the old one:
 * move this forward whenever the pack's content changes (build.test.ts holds a digest that
 * fails until you do).
 */
export const PACK_CREATED = '2026-11-27T00:00:00.000Z';
export const PACK_MODIFIED = '2026-11-27T00:00:00.000Z';

/** The id of the object of `type` the pack names `name`, e.g. packId('indicator', 'sha1:…'). */
export function packId(type: string, name: string): string {
  return `${type}--${uuidv5(PACK_NAMESPACE, `${type}:${name}`)}`;
}
