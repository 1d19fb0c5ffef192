// The URL query parameters of the TAXII read endpoints (sections 3.4 and 3.4.1), parsed into a store
// query. Anything malformed is a 400 (section 3.4): a repeated parameter (3.4 allows each once), an
// empty or ill-formed value, a duplicate or contradictory match[version] keyword, a limit that is not
// a positive integer. A parameter the endpoint does not define is refused too rather than ignored,
// which 3.4 permits, so that a misspelt filter never silently widens what a client receives.

import { isTypeName, parseId } from '../stix/id.js';
import { isTimestamp, sortKey, timestampPrecision } from '../stix/timestamp.js';
import type { VersionSelector } from '../store/store.js';
import { TaxiiError } from './errors.js';

export type FilterName =
  | 'added_after'
  | 'limit'
  | 'next'
  | 'match[id]'
  | 'match[type]'
  | 'match[version]'
  | 'match[spec_version]';

/** Get Objects and Get Object Manifests (sections 5.3, 5.4). */
export const COLLECTION_FILTERS: readonly FilterName[] = [
  'added_after',
  'limit',
  'next',
  'match[id]',
  'match[type]',
  'match[version]',
  'match[spec_version]',
];
/** Get an Object (section 5.6): the object id comes from the path. */
export const OBJECT_FILTERS: readonly FilterName[] = [
  'added_after',
  'limit',
  'next',
  'match[version]',
  'match[spec_version]',
];
/** Get Object Versions (section 5.8): every version is listed, so no match[version]. */
export const VERSIONS_FILTERS: readonly FilterName[] = [
  'added_after',
  'limit',
  'next',
  'match[spec_version]',
];

/** Delete an Object (section 5.7): which versions to delete. */
export const DELETE_FILTERS: readonly FilterName[] = ['match[version]', 'match[spec_version]'];

/** The most items one page holds, whatever limit the client asks for (section 3.4 lets it return fewer). */
export const SERVER_PAGE_LIMIT = 1000;
/** More comma-separated values than this in one match field is refused, to bound the query. */
const MAX_MATCH_VALUES = 1000;
const MAX_NEXT_LENGTH = 64;
const SPEC_VERSION = /^\d{1,3}\.\d{1,3}$/;

export interface Filters {
  ids?: string[];
  types?: string[];
  versions?: VersionSelector[];
  specVersions?: string[];
  addedAfter?: string;
  limit: number;
  next?: string;
}

function badFilter(message: string): TaxiiError {
  return new TaxiiError(400, 'bad-filter', message);
}

/** The values of a match field: comma-separated, none empty, with no spaces (section 3.4). */
function matchValues(name: string, text: string, isValid: (value: string) => boolean): string[] {
  const values = text.split(',');
  if (values.length > MAX_MATCH_VALUES) {
    throw badFilter(`${name}: more than ${MAX_MATCH_VALUES} values`);
  }
  for (const value of values) {
    if (value === '') throw badFilter(`${name}: empty value in '${text.slice(0, 100)}'`);
    if (!isValid(value)) throw badFilter(`${name}: '${value.slice(0, 100)}' is not a valid value`);
  }
  return values;
}

/**
 * match[version] (section 3.4.1): first, last, all or STIX timestamps; no keyword or version twice,
 * and all only on its own. Two timestamps naming the same instant count as the same version.
 */
export function parseVersionMatch(text: string): VersionSelector[] {
  const seen = new Set<string>();
  const selectors = matchValues(
    'match[version]',
    text,
    (value) => value === 'first' || value === 'last' || value === 'all' || isTimestamp(value),
  ).map((value): VersionSelector => {
    const key = isTimestamp(value) ? sortKey(value) : value;
    if (seen.has(key)) throw badFilter(`match[version]: '${value}' is given more than once`);
    seen.add(key);
    return value === 'first' || value === 'last' || value === 'all' ? value : { modified: value };
  });
  if (selectors.includes('all') && selectors.length > 1) {
    throw badFilter('match[version]: all cannot be combined with other versions');
  }
  return selectors;
}

/** limit (section 3.4): a positive integer within the 54-bit range of section 2, capped at the server's page. */
export function parseLimit(text: string): number {
  const value = /^\d{1,16}$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < 1) {
    throw badFilter(`limit: '${text.slice(0, 100)}' is not a positive integer`);
  }
  return Math.min(value, SERVER_PAGE_LIMIT);
}

function single(name: string, value: string | string[]): string {
  if (typeof value === 'string') return value;
  throw badFilter(`${name} may occur only once in a request`);
}

/** Parses a request's query against the filters one endpoint defines. */
export function parseFilters(
  query: Readonly<Record<string, string | string[] | undefined>>,
  allowed: readonly FilterName[],
): Filters {
  const filters: Filters = { limit: SERVER_PAGE_LIMIT };
  for (const [name, raw] of Object.entries(query)) {
    if (raw === undefined) continue;
    if (!(allowed as readonly string[]).includes(name)) {
      throw badFilter(`'${name.slice(0, 100)}' is not a filter of this endpoint`);
    }
    const text = single(name, raw);
    switch (name as FilterName) {
      case 'added_after':
        // timestampPrecision rather than the isTimestamp guard, which would narrow text to never here.
        if (timestampPrecision(text) < 0) {
          throw badFilter(`added_after: '${text.slice(0, 100)}' is not a timestamp`);
        }
        filters.addedAfter = text;
        break;
      case 'limit':
        filters.limit = parseLimit(text);
        break;
      case 'next':
        if (text === '' || text.length > MAX_NEXT_LENGTH)
          throw badFilter('next: not a value this server issued');
        filters.next = text;
        break;
      case 'match[id]':
        filters.ids = matchValues(name, text, (value) => parseId(value) !== undefined);
        break;
      case 'match[type]':
        filters.types = matchValues(name, text, isTypeName);
        break;
      case 'match[version]':
        filters.versions = parseVersionMatch(text);
        break;
      case 'match[spec_version]':
        filters.specVersions = matchValues(name, text, (value) => SPEC_VERSION.test(value));
        break;
    }
  }
  return filters;
}
