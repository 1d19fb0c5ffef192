// Logic every Store backend shares, so that SQLite and PostgreSQL agree to the byte on what a
// version is, when two contents are the same, how date_added is assigned, what a cursor looks like,
// how a revocation is built and what a text search matches. Nothing here touches a database.
//
// Defaults, the same on every backend:
// - get() and delete() select ALL versions when no selector is given; get() returns them oldest
//   version first (ties between collections broken by date_added).
// - list() and count() select the LAST version per (collection, id) when no selector is given.
//
// Schema contract for buildWhere(): the objects table has the columns id, type, spec_version,
// version_key (sortKey of the version, '' when unversioned), is_first, is_latest (flags per
// (collection, id); INTEGER 0/1 on SQLite, BOOLEAN on PostgreSQL), date_added (integer
// microseconds since the epoch) and search_text (searchTextOf the object). The collection is the
// column collection_id on PostgreSQL, and on SQLite collection_key, the `key` of its row in the
// collections table (which has `id`).
//
// date_added must be assigned inside the write transaction from the last value the database holds
// (SQLite: BEGIN IMMEDIATE; PostgreSQL: a transaction-scoped advisory lock, then a counter row), so that commit order equals
// date_added order and a reader paging with `date_added > cursor` never skips a row committed later.

import { isDeepStrictEqual } from 'node:util';
import type { StixObject, StixRecord } from '../stix/object.js';
import {
  formatMicros,
  formatMillis,
  isTimestamp,
  parseTimestamp,
  sortKey,
  toMicros,
} from '../stix/timestamp.js';
import type { Collection, ListQuery, Page, PutOutcome, StoredVersion, VersionSelector } from './store.js';
import { StoreError, StoreInputError } from './store.js';

/** get() and delete() select every version when the caller names none. */
export const DEFAULT_GET_VERSIONS: readonly VersionSelector[] = ['all'];
/** list() and count() select the latest version of each object when the caller names none. */
export const DEFAULT_LIST_VERSIONS: readonly VersionSelector[] = ['last'];

// ---------------------------------------------------------------------------------------------
// date_added and cursors

/**
 * The date_added of the next row: the clock in microseconds, but always past the last one given,
 * so values stay unique and strictly increasing even when the clock stalls or steps back.
 */
export function nextDateAdded(lastMicros: bigint, clockMs: number): bigint {
  const now = BigInt(Math.floor(clockMs * 1000));
  return now > lastMicros ? now : lastMicros + 1n;
}

/** The opaque cursor that resumes paging strictly after the row whose date_added is given. */
export function encodeCursor(dateAddedMicros: bigint): string {
  return Buffer.from(dateAddedMicros.toString(), 'utf8').toString('base64url');
}

/** The date_added a cursor resumes after; StoreInputError('bad-cursor') for anything encodeCursor did not make. */
export function decodeCursor(cursor: string): bigint {
  const invalid = () =>
    new StoreInputError(
      `invalid paging cursor ${JSON.stringify(cursor.slice(0, 64))}: pass back the 'next' value of a previous page unchanged`,
      'bad-cursor',
    );
  if (!/^[A-Za-z0-9_-]{1,28}$/.test(cursor)) throw invalid();
  const digits = Buffer.from(cursor, 'base64url').toString('utf8');
  // Re-encoding must give the same text, so that only one cursor names each position.
  if (!/^(0|[1-9]\d{0,19})$/.test(digits) || encodeCursor(BigInt(digits)) !== cursor) throw invalid();
  return BigInt(digits);
}

/** Parses addedAfter (any STIX precision) to the micros a row must exceed; digits past the sixth cannot matter for integer micros. */
export function addedAfterMicros(addedAfter: string): bigint {
  const micros = toMicros(addedAfter);
  if (micros === undefined) {
    throw new StoreInputError(
      `addedAfter ${JSON.stringify(addedAfter)} is not a STIX timestamp`,
      'bad-timestamp',
    );
  }
  return micros;
}

/** The exclusive lower bound on date_added for a list: the later of addedAfter and the cursor. */
export function lowerBound(query: ListQuery, cursor: string | undefined): bigint | undefined {
  const fromQuery = query.addedAfter === undefined ? undefined : addedAfterMicros(query.addedAfter);
  const fromCursor = cursor === undefined ? undefined : decodeCursor(cursor);
  if (fromCursor === undefined || (fromQuery !== undefined && fromQuery > fromCursor)) return fromQuery;
  return fromCursor;
}

export function checkLimit(limit: number): void {
  if (!Number.isSafeInteger(limit) || limit < 1) {
    throw new StoreInputError(`page limit must be a positive integer, not ${limit}`, 'bad-limit');
  }
}

// ---------------------------------------------------------------------------------------------
// Versions and content

export interface VersionOf {
  /** `modified`, else `created`, else '' (exactly as written). */
  version: string;
  /** sortKey(version), or '' when unversioned: the key of the row within (collection, id). */
  versionKey: string;
}

/** The version of an object; StoreInputError('bad-record') when the version is not a timestamp. */
export function versionOf(object: StixObject): VersionOf {
  const version = object.modified ?? object.created ?? '';
  if (version === '') return { version, versionKey: '' };
  if (!isTimestamp(version)) {
    throw new StoreInputError(
      `${object.id}: ${object.modified === undefined ? 'created' : 'modified'} ${JSON.stringify(version)} is not a STIX timestamp`,
      'bad-record',
    );
  }
  return { version, versionKey: sortKey(version) };
}

/** Whether two JSON texts hold the same content: the same text, else deep-equal values (key order aside). */
export function sameContent(storedJson: string, newJson: string): boolean {
  if (storedJson === newJson) return true;
  return isDeepStrictEqual(JSON.parse(storedJson), JSON.parse(newJson));
}

/** Lower-cased name and description, NFC-normalized, the text the `text` filter searches in. */
export function searchTextOf(object: StixObject): string {
  const name = typeof object.name === 'string' ? object.name : '';
  const description = typeof object.description === 'string' ? object.description : '';
  return normalizeSearch(`${name}\n${description}`);
}

/** The needle for a `text` filter, normalized as searchTextOf so a plain substring test is case-insensitive. */
export function searchNeedle(text: string): string {
  return normalizeSearch(text);
}

function normalizeSearch(text: string): string {
  return storable(text.normalize('NFC').toLowerCase());
}

// PostgreSQL text holds neither NUL nor unpaired UTF-16 surrogates, which a name or description
// may contain after JSON.parse of "\u0000" or "\ud800". The search text is derived, so such
// characters are dropped or replaced here, on every backend alike, rather than failing the batch.
// The first test, without the u flag, is a fast scan that only a NUL or a surrogate stops.
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is exactly what must be found.
const MAYBE_UNSTORABLE = /[\u0000\uD800-\uDFFF]/;
// With the u flag a surrogate class matches only unpaired surrogates.
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is exactly what must be found.
const UNSTORABLE = /\u0000|[\uD800-\uDFFF]/gu;

function storable(text: string): string {
  if (!MAYBE_UNSTORABLE.test(text)) return text;
  return text.replace(UNSTORABLE, (c) => (c === '\u0000' ? '' : '\uFFFD'));
}

/** Everything a backend stores for one record besides collection, date_added and the flags. */
export interface NewRow {
  id: string;
  type: string;
  version: string;
  versionKey: string;
  specVersion: string;
  revoked: boolean;
  searchText: string;
  json: string;
}

export function rowOf(record: StixRecord): NewRow {
  const { object, json } = record;
  if (typeof object.id !== 'string' || typeof object.type !== 'string') {
    throw new StoreInputError('every record needs a string id and type', 'bad-record');
  }
  const { version, versionKey } = versionOf(object);
  return {
    id: object.id,
    type: object.type,
    version,
    versionKey,
    // SCOs may omit spec_version; in STIX 2.1 it then means 2.1.
    specVersion: typeof object.spec_version === 'string' ? object.spec_version : '2.1',
    revoked: object.revoked === true,
    searchText: searchTextOf(object),
    json,
  };
}

/** The outcome of putting a version whose (collection, id, version) key is already stored. */
export function outcomeForExisting(
  row: NewRow,
  stored: { json: string; dateAdded: bigint | number | string },
): PutOutcome {
  if (sameContent(stored.json, row.json)) {
    return { status: 'unchanged', dateAdded: formatMicros(BigInt(stored.dateAdded)) };
  }
  const version = row.version === '' ? '(unversioned)' : row.version;
  return {
    status: 'conflict',
    message: `${row.id} version ${version} is already stored with different content; the stored one is kept`,
  };
}

/**
 * How the first/latest flags of (collection, id) change when a version with versionKey is added,
 * given the smallest and largest keys already stored (undefined when there are none).
 */
export function flagsForInsert(
  versionKey: string,
  storedKeys: { min: string | undefined; max: string | undefined },
): { isFirst: boolean; isLatest: boolean } {
  return {
    isFirst: storedKeys.min === undefined || versionKey < storedKeys.min,
    isLatest: storedKeys.max === undefined || versionKey > storedKeys.max,
  };
}

/**
 * The revocation of `latest`: a clone with `revoked: true` and a `modified` one millisecond past
 * the latest (or now, when that is later), written with millisecond precision as STIX tools do.
 * Undefined when the object has no `modified` and so cannot be versioned.
 */
export function revokedVersionOf(latestJson: string, nowMs: number): StixRecord | undefined {
  const latest = JSON.parse(latestJson) as StixObject;
  if (typeof latest.modified !== 'string') return undefined;
  const parsed = parseTimestamp(latest.modified);
  if (parsed === undefined) return undefined;
  // epochMs drops sub-millisecond digits, so +1 ms is strictly later than any precision written.
  const modified = formatMillis(Math.max(nowMs, parsed.epochMs + 1));
  const object: StixObject = { ...latest, revoked: true, modified };
  return { object, json: JSON.stringify(object) };
}

// ---------------------------------------------------------------------------------------------
// Reading rows back

/** A stored row as either driver returns it; numbers and flags come back in driver-specific types. */
export interface StoredRow {
  collection_id: string;
  id: string;
  type: string;
  version: string;
  spec_version: string;
  date_added: bigint | number | string;
  revoked: boolean | number;
  json: string;
}

export function toStoredVersion(row: StoredRow): StoredVersion {
  return {
    collection: row.collection_id,
    id: row.id,
    type: row.type,
    version: row.version,
    specVersion: row.spec_version,
    dateAdded: formatMicros(BigInt(row.date_added)),
    revoked: row.revoked === true || row.revoked === 1,
    json: row.json,
  };
}

/** A page from up to limit + 1 rows fetched in date_added order: the extra row only says more exist. */
export function pageOf(rows: readonly StoredRow[], limit: number): Page {
  const items = rows.slice(0, limit).map(toStoredVersion);
  const last = rows[limit - 1];
  if (rows.length <= limit || last === undefined) return { items };
  return { items, next: encodeCursor(BigInt(last.date_added)) };
}

// ---------------------------------------------------------------------------------------------
// Query building

export type Dialect = 'sqlite' | 'postgres';

/** Binds a parameter and returns its placeholder ('?' or '$n'); bigint values are date_added micros. */
export type Bind = (value: string | bigint) => string;

function flag(dialect: Dialect, column: 'is_first' | 'is_latest'): string {
  // SQLite only uses a partial index `WHERE is_latest = 1` when the query says exactly that.
  return dialect === 'sqlite' ? `${column} = 1` : column;
}

function inList(column: string, values: readonly string[], bind: Bind): string {
  return values.length === 0 ? 'FALSE' : `${column} IN (${values.map((v) => bind(v)).join(', ')})`;
}

/**
 * The SQL condition on version_key/is_first/is_latest for a set of selectors, any of which may
 * match; undefined when 'all' is among them. Throws StoreInputError for a bad { modified }.
 */
export function versionCondition(
  selectors: readonly VersionSelector[],
  dialect: Dialect,
  bind: Bind,
): string | undefined {
  if (selectors.includes('all')) return undefined;
  const terms: string[] = [];
  if (selectors.includes('first')) terms.push(flag(dialect, 'is_first'));
  if (selectors.includes('last')) terms.push(flag(dialect, 'is_latest'));
  const keys = selectors.flatMap((s) => (typeof s === 'object' ? [modifiedKey(s.modified)] : []));
  if (keys.length > 0) terms.push(inList('version_key', [...new Set(keys)], bind));
  if (terms.length === 0) return 'FALSE';
  return terms.length === 1 ? (terms[0] as string) : `(${terms.join(' OR ')})`;
}

function modifiedKey(modified: string): string {
  if (!isTimestamp(modified)) {
    throw new StoreInputError(`version ${JSON.stringify(modified)} is not a STIX timestamp`, 'bad-timestamp');
  }
  return sortKey(modified);
}

/**
 * The condition selecting the rows of one collection. SQLite rows hold the collection's integer
 * key, looked up from the id inside the query, so an unknown id matches nothing.
 */
export function collectionCondition(collection: string, dialect: Dialect, bind: Bind): string {
  return dialect === 'sqlite'
    ? `collection_key = (SELECT key FROM collections WHERE id = ${bind(collection)})`
    : `collection_id = ${bind(collection)}`;
}

/**
 * The WHERE conditions (joined with AND by the caller) for a list or count query, against the
 * schema contract at the top of this file. `after` is the exclusive lower bound on date_added.
 */
export function buildWhere(
  query: ListQuery,
  after: bigint | undefined,
  dialect: Dialect,
  bind: Bind,
): string[] {
  const where: string[] = [];
  if (query.collection !== undefined) where.push(collectionCondition(query.collection, dialect, bind));
  if (query.types !== undefined) where.push(inList('type', query.types, bind));
  if (query.ids !== undefined) where.push(inList('id', query.ids, bind));
  if (query.specVersions !== undefined) where.push(inList('spec_version', query.specVersions, bind));
  const versions = versionCondition(query.versions ?? DEFAULT_LIST_VERSIONS, dialect, bind);
  if (versions !== undefined) where.push(versions);
  if (after !== undefined) where.push(`date_added > ${bind(after)}`);
  if (query.text !== undefined) {
    const needle = bind(searchNeedle(query.text));
    where.push(
      dialect === 'sqlite' ? `instr(search_text, ${needle}) > 0` : `strpos(search_text, ${needle}) > 0`,
    );
  }
  return where;
}

// ---------------------------------------------------------------------------------------------
// Collections and schema

export function newCollection(
  input: { id?: string; title: string; description?: string },
  nowMs: number,
  randomId: () => string,
): Collection {
  return {
    id: input.id ?? randomId(),
    title: input.title,
    ...(input.description === undefined ? {} : { description: input.description }),
    created: formatMillis(nowMs),
  };
}

/** A collections row as either driver returns it. */
export interface CollectionRow {
  id: string;
  title: string;
  description: string | null;
  created: string;
}

export function toCollection(row: CollectionRow): Collection {
  return {
    id: row.id,
    title: row.title,
    ...(row.description === null ? {} : { description: row.description }),
    created: row.created,
  };
}

export function duplicateTitle(title: string): StoreInputError {
  return new StoreInputError(
    `a collection titled ${JSON.stringify(title)} already exists`,
    'duplicate-title',
  );
}

export function duplicateCollectionId(id: string): StoreInputError {
  return new StoreInputError(`a collection with id ${JSON.stringify(id)} already exists`, 'duplicate-id');
}

export function collectionNotFound(collection: string): StoreError {
  return new StoreError(`collection ${JSON.stringify(collection)} does not exist`, 'not-found');
}

/** One step of a backend's schema, applied once, in order, inside a transaction. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/**
 * The migrations still to apply to a database at schema `current` (0 when new); StoreError('schema')
 * when the database was written by newer code than this, which must not touch it.
 */
export function pendingMigrations(
  migrations: readonly Migration[],
  current: number,
  where: string,
): Migration[] {
  const newest = migrations.reduce((max, m) => Math.max(max, m.version), 0);
  if (current > newest) {
    throw new StoreError(
      `${where} has schema version ${current} but this dreamcatcher knows only up to ${newest}: upgrade dreamcatcher`,
      'schema',
    );
  }
  return migrations.filter((m) => m.version > current).sort((a, b) => a.version - b.version);
}
