// The TAXII 2.1 resources as a client receives them from any server, and their shapes as data: one
// checker reads the shape table, so a peer's malformed answer is refused with the JSON path of the
// first wrong property rather than failing later inside the sync. Properties a shape does not name,
// such as custom properties, are kept as they are.

/** Discovery (section 4.1.1). api_roots and default may be relative to the discovery URL. */
export interface DiscoveryResource {
  title: string;
  description?: string;
  contact?: string;
  default?: string;
  api_roots?: string[];
}

/** API root information (section 4.2.1). */
export interface ApiRootResource {
  title: string;
  description?: string;
  versions: string[];
  /** The largest request body the API root accepts, in bytes: what an Add Objects batch must fit. */
  max_content_length: number;
}

/** A collection (section 5.2.1). */
export interface CollectionResource {
  id: string;
  title: string;
  description?: string;
  alias?: string;
  can_read: boolean;
  can_write: boolean;
  media_types?: string[];
}

/** One manifest record (section 5.3.1). */
export interface ManifestRecord {
  id: string;
  date_added: string;
  version: string;
  media_type?: string;
}

export interface StatusDetail {
  id: string;
  version: string;
  message?: string;
}

/**
 * The status of an Add Objects request (section 4.3.1) as any server may send it: request_timestamp
 * is optional there, and status may be a value this client does not know yet.
 */
export interface StatusResource {
  id: string;
  status: string;
  request_timestamp?: string;
  total_count: number;
  success_count: number;
  successes?: StatusDetail[];
  failure_count: number;
  failures?: StatusDetail[];
  pending_count: number;
  pendings?: StatusDetail[];
}

type Kind = 'string' | 'boolean' | 'integer' | 'list' | 'strings' | 'records';

interface Property {
  kind: Kind;
  required: boolean;
  /** The shape of each item of a `records` list. */
  items?: Shape;
}

export type Shape = Readonly<Record<string, Property>>;

const required = (kind: Kind, items?: Shape): Property => ({ kind, required: true, items });
const optional = (kind: Kind, items?: Shape): Property => ({ kind, required: false, items });

export const DISCOVERY: Shape = {
  title: required('string'),
  description: optional('string'),
  contact: optional('string'),
  default: optional('string'),
  api_roots: optional('strings'),
};

export const API_ROOT: Shape = {
  title: required('string'),
  description: optional('string'),
  versions: required('strings'),
  max_content_length: required('integer'),
};

export const COLLECTION: Shape = {
  id: required('string'),
  title: required('string'),
  description: optional('string'),
  alias: optional('string'),
  can_read: required('boolean'),
  can_write: required('boolean'),
  media_types: optional('strings'),
};

export const COLLECTIONS: Shape = { collections: optional('records', COLLECTION) };

const PAGING: Shape = { more: optional('boolean'), next: optional('string') };

/** The envelope (section 3.7): the objects are checked by the caller's validator, not here. */
export const ENVELOPE: Shape = { ...PAGING, objects: optional('list') };

/** The manifest carries next as the envelope does on servers that page it by next (ours among them). */
export const MANIFEST: Shape = {
  ...PAGING,
  objects: optional('records', {
    id: required('string'),
    date_added: required('string'),
    version: required('string'),
    media_type: optional('string'),
  }),
};

export const VERSIONS: Shape = { ...PAGING, versions: optional('strings') };

const STATUS_DETAIL: Shape = {
  id: required('string'),
  version: required('string'),
  message: optional('string'),
};

export const STATUS: Shape = {
  id: required('string'),
  status: required('string'),
  request_timestamp: optional('string'),
  total_count: required('integer'),
  success_count: required('integer'),
  successes: optional('records', STATUS_DETAIL),
  failure_count: required('integer'),
  failures: optional('records', STATUS_DETAIL),
  pending_count: required('integer'),
  pendings: optional('records', STATUS_DETAIL),
};

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function kindProblem(value: unknown, property: Property, path: string): string | undefined {
  switch (property.kind) {
    case 'string':
    case 'boolean':
      return typeof value === property.kind ? undefined : `${path} is not a ${property.kind}`;
    case 'integer':
      return Number.isSafeInteger(value) ? undefined : `${path} is not an integer`;
    case 'list':
      return Array.isArray(value) ? undefined : `${path} is not a list`;
    case 'strings':
      if (!Array.isArray(value)) return `${path} is not a list`;
      return value.every((item) => typeof item === 'string')
        ? undefined
        : `${path} holds a value that is not a string`;
    case 'records': {
      if (!Array.isArray(value)) return `${path} is not a list`;
      for (const [index, item] of value.entries()) {
        const problem = shapeProblem(item, property.items ?? {}, `${path}[${index}]`);
        if (problem !== undefined) return problem;
      }
      return undefined;
    }
  }
}

/** The first way `value` differs from `shape`, as a sentence naming its JSON path; undefined when none. */
export function shapeProblem(value: unknown, shape: Shape, path = '$'): string | undefined {
  if (!isObject(value)) return `${path} is not a JSON object`;
  for (const [name, property] of Object.entries(shape)) {
    const item = value[name];
    const at = `${path}.${name}`;
    if (item === undefined) {
      if (property.required) return `${at} is missing`;
      continue;
    }
    const problem = kindProblem(item, property, at);
    if (problem !== undefined) return problem;
  }
  return undefined;
}
