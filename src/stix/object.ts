// The shape every STIX object shares. Specific object types are declared in types.ts; code that
// handles objects generically (store, import, validator entry points) works on this one.

/** Any STIX object as JSON: the common properties plus whatever its type defines. */
export interface StixObject {
  type: string;
  id: string;
  spec_version?: string;
  created?: string;
  modified?: string;
  revoked?: boolean;
  [property: string]: unknown;
}

/** A STIX object together with the JSON text it is stored and served as. */
export interface StixRecord {
  object: StixObject;
  json: string;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
