// STIX identifiers (STIX 2.1 section 2.9): "object-type--UUID" with an RFC 4122 UUID. SDOs, SROs and
// meta objects get a random UUIDv4; SCOs get a UUIDv5 derived from their ID contributing properties,
// so that every producer who sees the same observable names it with the same id.

import { createHash, randomBytes } from 'node:crypto';
import { canonicalize } from './jcs.js';
import { isPlainObject } from './object.js';

/** Returns `size` random bytes. Injected so that tests can fix the UUIDv4s they get. */
export type RandomBytes = (size: number) => Uint8Array;

/** The UUIDv5 namespace STIX 2.1 section 2.9 reserves for deterministic SCO ids. */
export const SCO_ID_NAMESPACE = '00abedb4-aa42-466c-9c01-fed23315a9b7';

/**
 * The ID contributing properties of each SCO type, from the "ID Contributing Properties" row of
 * each object's table in STIX 2.1 section 6. Process has none: all its properties are optional and
 * section 6.13 says to use a UUIDv4.
 */
export const ID_CONTRIBUTING_PROPERTIES: Readonly<Record<string, readonly string[]>> = Object.freeze({
  artifact: ['hashes', 'payload_bin'],
  'autonomous-system': ['number'],
  directory: ['path'],
  'domain-name': ['value'],
  'email-addr': ['value'],
  'email-message': ['from_ref', 'subject', 'body'],
  file: ['hashes', 'name', 'extensions', 'parent_directory_ref'],
  'ipv4-addr': ['value'],
  'ipv6-addr': ['value'],
  'mac-addr': ['value'],
  mutex: ['name'],
  'network-traffic': [
    'start',
    'end',
    'src_ref',
    'dst_ref',
    'src_port',
    'dst_port',
    'protocols',
    'extensions',
  ],
  process: [],
  software: ['name', 'cpe', 'swid', 'vendor', 'version'],
  url: ['value'],
  'user-account': ['account_type', 'user_id', 'account_login'],
  'windows-registry-key': ['key', 'values'],
  'x509-certificate': ['hashes', 'serial_number'],
});

/** Whether the type is one of the cyber-observable object types STIX 2.1 section 6 defines. */
export function isScoType(type: string): boolean {
  return Object.hasOwn(ID_CONTRIBUTING_PROPERTIES, type);
}

/**
 * The hash algorithms an SCO's id prefers, in order: the "hashes" rows of artifact (6.1), file (6.7)
 * and x509-certificate (6.18) say to include only one hash and that it SHOULD come from this list.
 */
const PREFERRED_HASHES = ['MD5', 'SHA-1', 'SHA-256', 'SHA-512'];

// Type names: lowercase ASCII letters, digits and hyphens, starting with a letter (section 3.1), 3 to
// 250 characters (section 3.1), never two hyphens in a row (sections 7.3.2 and 11.2) since "--"
// separates the type from the UUID, and not ending in a hyphen (the identifier JSON schema).
const TYPE_NAME = /^[a-z][a-z0-9-]{1,248}[a-z0-9]$/;
// RFC 4122: version 1 to 5 in the 13th digit, variant 10xx in the 17th; case-insensitive on input.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-([1-5])[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

export function isTypeName(type: string): boolean {
  return TYPE_NAME.test(type) && !type.includes('--');
}

export interface ParsedId {
  type: string;
  /** The UUID as written in the id. */
  uuid: string;
  /** The RFC 4122 version: 4 for random ids, 5 for deterministic SCO ids. */
  version: number;
}

/** Splits an identifier into its type and UUID; undefined when it is not a STIX 2.1 identifier. */
export function parseId(id: string): ParsedId | undefined {
  const separator = id.indexOf('--');
  if (separator === -1) return undefined;
  const type = id.slice(0, separator);
  const uuid = id.slice(separator + 2);
  const match = UUID.exec(uuid);
  if (match === null || !isTypeName(type)) return undefined;
  return { type, uuid, version: Number(match[1]) };
}

function formatUuid(bytes: Uint8Array): string {
  const hex = Buffer.from(bytes.subarray(0, 16)).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** Stamps the RFC 4122 version into byte 6 and the variant (binary 10) into byte 8. */
function stampVersion(bytes: Uint8Array, version: number): Uint8Array {
  const stamped = Uint8Array.from(bytes.subarray(0, 16));
  stamped[6] = ((stamped[6] ?? 0) & 0x0f) | (version << 4);
  stamped[8] = ((stamped[8] ?? 0) & 0x3f) | 0x80;
  return stamped;
}

/** A random (version 4) UUID, RFC 4122 section 4.4. */
export function uuidv4(random: RandomBytes = randomBytes): string {
  const bytes = random(16);
  if (bytes.length < 16) throw new Error(`a UUIDv4 needs 16 random bytes, got ${bytes.length}`);
  return formatUuid(stampVersion(bytes, 4));
}

/** A name-based (version 5, SHA-1) UUID, RFC 4122 section 4.3: the name is hashed as UTF-8. */
export function uuidv5(namespace: string, name: string): string {
  if (!UUID.test(namespace)) throw new Error(`namespace "${namespace}" is not a UUID`);
  const digest = createHash('sha1')
    .update(Buffer.from(namespace.replaceAll('-', ''), 'hex'))
    .update(name, 'utf8')
    .digest();
  return formatUuid(stampVersion(digest, 5));
}

/** A new random identifier for an object of the given type, as SDOs, SROs and meta objects use. */
export function newId(type: string, random: RandomBytes = randomBytes): string {
  if (!isTypeName(type)) throw new Error(`"${type}" is not a STIX type name`);
  return `${type}--${uuidv4(random)}`;
}

/**
 * The one hash an SCO id includes: the first of MD5, SHA-1, SHA-256, SHA-512 that is present. The
 * spec only says the hash SHOULD come from that list; when none is, the algorithm whose name sorts
 * first is taken so that the choice does not depend on the order the producer wrote the keys in.
 */
function chooseHash(hashes: Record<string, unknown>): Record<string, unknown> | undefined {
  const algorithm =
    PREFERRED_HASHES.find((name) => Object.hasOwn(hashes, name)) ?? Object.keys(hashes).sort()[0];
  return algorithm === undefined ? undefined : { [algorithm]: hashes[algorithm] };
}

/**
 * The identifier STIX 2.1 section 2.9 gives an SCO: a UUIDv5 in the SCO namespace over the RFC 8785
 * canonical JSON of its present ID contributing properties, or a UUIDv4 when none is present (always
 * the case for process). Values are used as written: references as the ids they hold, timestamps as
 * their exact text. Throws for types that section 6 does not define, whose contributing properties
 * are unknown, and (a CanonicalizationError) for contributing values JSON cannot hold.
 */
export function scoId(
  object: { type: string; [property: string]: unknown },
  random: RandomBytes = randomBytes,
): string {
  const properties = isScoType(object.type) ? ID_CONTRIBUTING_PROPERTIES[object.type] : undefined;
  if (properties === undefined) {
    throw new Error(
      `"${object.type}" is not a STIX 2.1 cyber-observable type with ID contributing properties`,
    );
  }
  const contributing: Record<string, unknown> = {};
  for (const property of properties) {
    const value = object[property];
    if (value === undefined) continue;
    const contribution = property === 'hashes' && isPlainObject(value) ? chooseHash(value) : value;
    if (contribution !== undefined) contributing[property] = contribution;
  }
  const uuid =
    Object.keys(contributing).length === 0
      ? uuidv4(random)
      : uuidv5(SCO_ID_NAMESPACE, canonicalize(contributing));
  return `${object.type}--${uuid}`;
}
