// Logic every Store backend shares, so that SQLite and PostgreSQL agree to the byte on what a
// version is, when two contents are the same, how date_added is assigned, what a cursor looks like,
// how a revocation is built and what a text search matches. Nothing here touches a database.
//
// Defaults, the same on every backend:
// - get() and delete() select ALL versions when no selector is given; get() returns them oldest
//   version first (ties between collections broken by date_added).
// - list() and count() select the LAST version per (collection, id) when no selector is given.
//
// Schema contract for buildWhere(): the objects table (objectsTable) has the columns id, type, spec_version,
// version_key (sortKey of the version, '' when unversioned), is_first, is_latest (flags per
// (collection, id); INTEGER 0/1 on SQLite, BOOLEAN on PostgreSQL), date_added (integer
// microseconds since the epoch), search_text (searchTextOf the object), and tlp_rank and
// created_by (accessColumnsOf the object, for scopes). The collection is the
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
import { effectiveTlp, TLP_RANK, UNMARKED_TLP } from '../stix/tlp.js';
import type { Settled } from './group-commit.js';
import type {
  AuditEntry,
  Collection,
  FollowUpFunction,
  FollowUpModule,
  JsonPage,
  ListQuery,
  NewRow,
  Page,
  PutFollowUp,
  PutOptions,
  PutOutcome,
  Scope,
  StoredVersion,
  VersionSelector,
} from './store.js';
import { DEFAULT_API_ROOT, StoreError, StoreInputError } from './store.js';

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

/**
 * The SQLite id_key: a 32-bit hash of an object's id, which its id index (object_ids) is keyed on
 * instead of the id itself (migrations 3 and 4 say why). Equal ids have equal keys; a query by id
 * names both, the key to find the rows, the id to keep only its own.
 */
export function idKey(id: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193);
  // Never 0, the column's default, which marked the rows of a dreamcatcher from before migration 3.
  return hash | 0 || 1;
}

/** The table of stored versions: SQLite's was renamed by its migration 4, which says why. */
export function objectsTable(dialect: Dialect): string {
  return dialect === 'sqlite' ? 'stored_objects' : 'objects';
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

/** The columns scopes are checked against: who may see a row besides its collection's readers. */
export interface AccessColumns {
  /** TLP_RANK of the object's effectiveTlp. */
  tlpRank: number;
  /** The object's created_by_ref, '' when it has none. */
  createdBy: string;
}

/**
 * The access columns of a row whose object carries no TLP marking and no author. Migration 2 gives
 * them to every existing row before computing the real ones, and writes only rows that differ.
 */
export const UNMARKED_ACCESS: Readonly<AccessColumns> = Object.freeze({
  tlpRank: TLP_RANK[UNMARKED_TLP],
  createdBy: '',
});

export function accessColumnsOf(object: StixObject): AccessColumns {
  const ref = object.created_by_ref;
  return {
    tlpRank: TLP_RANK[effectiveTlp(object)],
    // A ref PostgreSQL text cannot hold is no identity id (validation rejects it before the store):
    // it counts as no author rather than failing the batch or matching an author it was altered into.
    createdBy: typeof ref === 'string' && storable(ref) === ref ? ref : '',
  };
}

/**
 * For the backfill of migration 2: the access columns of stored rows (in the order given) that
 * differ from UNMARKED_ACCESS, the value every row stored before it was given.
 */
export function backfilledAccess<DateAdded>(
  rows: readonly { date_added: DateAdded; json: string }[],
): (AccessColumns & { dateAdded: DateAdded })[] {
  const changed: (AccessColumns & { dateAdded: DateAdded })[] = [];
  for (const row of rows) {
    const access = accessColumnsOf(JSON.parse(row.json) as StixObject);
    if (access.tlpRank !== UNMARKED_ACCESS.tlpRank || access.createdBy !== UNMARKED_ACCESS.createdBy) {
      changed.push({ dateAdded: row.date_added, ...access });
    }
  }
  return changed;
}

export function rowOf(record: StixRecord): NewRow {
  const { object, json } = record;
  if (typeof object.id !== 'string' || typeof object.type !== 'string') {
    throw new StoreInputError('every record needs a string id and type', 'bad-record');
  }
  const { version, versionKey } = versionOf(object);
  const { tlpRank, createdBy } = accessColumnsOf(object);
  return {
    id: object.id,
    type: object.type,
    version,
    versionKey,
    // SCOs may omit spec_version; in STIX 2.1 it then means 2.1.
    specVersion: typeof object.spec_version === 'string' ? object.spec_version : '2.1',
    revoked: object.revoked === true,
    searchText: searchTextOf(object),
    tlpRank,
    createdBy,
    json,
  };
}

/** The row of what put is handed: computed from a record, or the one rowOf already made of it. */
export function putRowOf(record: StixRecord | NewRow): NewRow {
  return 'object' in record ? rowOf(record) : record;
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

/** A row of listJson as either driver returns it: date_added, then the JSON text. */
export type JsonRow = readonly [dateAdded: bigint | number | string, json: string];

/** listJson's page from up to limit + 1 rows in date_added order, as pageOf makes list's. */
export function jsonPageOf(rows: readonly JsonRow[], limit: number): JsonPage {
  const count = Math.min(rows.length, limit);
  const texts = new Array<string>(count);
  for (let i = 0; i < count; i++) texts[i] = (rows[i] as JsonRow)[1];
  const objects = Buffer.from(texts.join(','), 'utf8');
  const first = rows[0];
  const last = rows[count - 1];
  if (first === undefined || last === undefined) return { objects, count: 0 };
  const ends = {
    objects,
    count,
    firstAdded: formatMicros(BigInt(first[0])),
    lastAdded: formatMicros(BigInt(last[0])),
  };
  return rows.length <= limit ? ends : { ...ends, next: encodeCursor(BigInt(last[0])) };
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
 * match; undefined when 'all' is among them. Under scopes, 'first' and 'last' are the first and
 * last versions the scopes admit (see edgeAmongVisible). Throws StoreInputError for a bad { modified }.
 */
export function versionCondition(
  selectors: readonly VersionSelector[],
  dialect: Dialect,
  bind: Bind,
  scopes?: readonly Scope[],
): string | undefined {
  if (selectors.includes('all')) return undefined;
  const terms: string[] = [];
  for (const edge of ['first', 'last'] as const) {
    if (!selectors.includes(edge)) continue;
    terms.push(
      scopes === undefined
        ? flag(dialect, edge === 'first' ? 'is_first' : 'is_latest')
        : edgeAmongVisible(edge, scopes, dialect, bind),
    );
  }
  const keys = selectors.flatMap((s) => (typeof s === 'object' ? [modifiedKey(s.modified)] : []));
  if (keys.length > 0) terms.push(inList('version_key', [...new Set(keys)], bind));
  if (terms.length === 0) return 'FALSE';
  return terms.length === 1 ? (terms[0] as string) : `(${terms.join(' OR ')})`;
}

/**
 * A reader must see an object as if its hidden versions did not exist: a hidden later version may
 * neither hide the last one it sees nor betray, by that absence, that it exists. So under scopes a
 * row is the last (first) when no later (earlier) version of it in its collection is in the scopes.
 * The flag answers at once for the row that carries it, which has no version beyond it.
 */
function edgeAmongVisible(
  edge: 'first' | 'last',
  scopes: readonly Scope[],
  dialect: Dialect,
  bind: Bind,
): string {
  const collection = dialect === 'sqlite' ? 'collection_key' : 'collection_id';
  const table = objectsTable(dialect);
  const beyond = edge === 'first' ? '<' : '>';
  // SQLite finds the object's other rows through its id index (object_ids).
  const sameId =
    dialect === 'sqlite'
      ? `other.date_added IN (SELECT date_added FROM object_ids
          WHERE id_key = ${table}.id_key AND collection_key = ${table}.collection_key) AND other.id = ${table}.id`
      : `other.${collection} = ${table}.${collection} AND other.id = ${table}.id`;
  // Inside the subquery the unqualified columns of scopeCondition name the `other` row.
  return `(${flag(dialect, edge === 'first' ? 'is_first' : 'is_latest')} OR NOT EXISTS (SELECT 1 FROM ${table} AS other
    WHERE ${sameId} AND other.version_key ${beyond} ${table}.version_key AND ${scopeCondition(scopes, dialect, bind)}))`;
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

// SQLite takes at most 32,766 parameters in a statement and PostgreSQL 65,535. A query names its
// scopes up to three times (for the row, and for the versions beyond it when it selects first and
// last), so 8,000 each leaves room for the other filters: no principal makes a query the driver refuses.
export const MAX_SCOPE_PARAMETERS = 8_000;

/**
 * The condition admitting only rows inside one of the scopes (see Scope); FALSE for none.
 * StoreInputError('bad-limit') for a rank that is not an integer, or scopes that would need more
 * than MAX_SCOPE_PARAMETERS parameters.
 */
export function scopeCondition(scopes: readonly Scope[], dialect: Dialect, bind: Bind): string {
  const parameters = scopes.reduce((sum, scope) => sum + 2 + scope.authors.length, 0);
  if (parameters > MAX_SCOPE_PARAMETERS) {
    throw new StoreInputError(
      `${scopes.length} scopes naming ${parameters - 2 * scopes.length} authors need ${parameters} query parameters, more than the ${MAX_SCOPE_PARAMETERS} a query may take`,
      'bad-limit',
    );
  }
  if (scopes.length === 0) return 'FALSE';
  // Given several collections to OR, SQLite reads every row of each through its index and sorts
  // them all for each page. A unary + keeps the column out of index selection, so that the scan
  // follows date_added and stops at the limit: a page then costs the rows it passes, as it does
  // for any other filter across collections. One scope is one collection, whose index keeps order.
  const unindexed = dialect === 'sqlite' && scopes.length > 1 ? '+' : '';
  const terms = scopes.map((scope) => {
    if (!Number.isSafeInteger(scope.maxTlpRank)) {
      throw new StoreInputError(
        `the TLP rank of a scope must be an integer, not ${scope.maxTlpRank}`,
        'bad-limit',
      );
    }
    // Bound in the order the SQL text names them: SQLite's placeholders are positional.
    const inCollection = `${unindexed}${collectionCondition(scope.collection, dialect, bind)}`;
    const inRank = `tlp_rank <= ${bind(BigInt(scope.maxTlpRank))}`;
    // '' is the created_by of rows without an author, which no author in a scope stands for.
    const authors = [...new Set(scope.authors)].filter((author) => author !== '');
    const visible = authors.length === 0 ? inRank : `(${inRank} OR ${inList('created_by', authors, bind)})`;
    return `(${inCollection} AND ${visible})`;
  });
  return anyOf(terms);
}

/**
 * Terms joined by OR as a balanced tree: SQLite refuses an expression nested deeper than 1,000,
 * which a chain of a thousand ORs is.
 */
function anyOf(terms: readonly string[]): string {
  if (terms.length === 1) return terms[0] as string;
  const half = Math.ceil(terms.length / 2);
  return `(${anyOf(terms.slice(0, half))} OR ${anyOf(terms.slice(half))})`;
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
  if (query.ids !== undefined) {
    // SQLite finds an object's rows through its id index, keyed on idKey.
    if (dialect === 'sqlite')
      where.push(
        `date_added IN (SELECT date_added FROM object_ids WHERE id_key IN (${[...new Set(query.ids.map(idKey))].map((key) => bind(BigInt(key))).join(', ')}))`,
      );
    where.push(inList('id', query.ids, bind));
  }
  if (query.specVersions !== undefined) where.push(inList('spec_version', query.specVersions, bind));
  const versions = versionCondition(query.versions ?? DEFAULT_LIST_VERSIONS, dialect, bind, query.scopes);
  if (versions !== undefined) where.push(versions);
  if (after !== undefined) where.push(`date_added > ${bind(after)}`);
  if (query.text !== undefined) {
    const needle = bind(searchNeedle(query.text));
    where.push(
      dialect === 'sqlite' ? `instr(search_text, ${needle}) > 0` : `strpos(search_text, ${needle}) > 0`,
    );
  }
  if (query.scopes !== undefined) where.push(scopeCondition(query.scopes, dialect, bind));
  return where;
}

// ---------------------------------------------------------------------------------------------
// Collections

// One URL path segment that needs no percent-encoding (RFC 3986 unreserved characters). 'taxii2' is
// the discovery endpoint's segment, and '.' and '..' are removed from paths by URL normalization.
const API_ROOT_NAME = /^[A-Za-z0-9._~-]{1,64}$/;
const RESERVED_API_ROOTS: ReadonlySet<string> = new Set(['taxii2', '.', '..']);

/** StoreInputError('bad-name') unless `apiRoot` can name a TAXII API root. */
export function checkApiRoot(apiRoot: string): void {
  if (!API_ROOT_NAME.test(apiRoot) || RESERVED_API_ROOTS.has(apiRoot)) {
    throw new StoreInputError(
      `API root ${JSON.stringify(apiRoot.slice(0, 80))} is not usable: it must be one URL path segment of 1 to 64 letters, digits, '.', '_', '~' or '-', and not 'taxii2', '.' or '..'`,
      'bad-name',
    );
  }
}

export function newCollection(
  input: { id?: string; title: string; description?: string; apiRoot?: string },
  nowMs: number,
  randomId: () => string,
): Collection {
  const apiRoot = input.apiRoot ?? DEFAULT_API_ROOT;
  checkApiRoot(apiRoot);
  return {
    id: input.id ?? randomId(),
    title: input.title,
    ...(input.description === undefined ? {} : { description: input.description }),
    created: formatMillis(nowMs),
    apiRoot,
  };
}

/** A collections row as either driver returns it. */
export interface CollectionRow {
  id: string;
  title: string;
  description: string | null;
  created: string;
  api_root: string;
}

export function toCollection(row: CollectionRow): Collection {
  return {
    id: row.id,
    title: row.title,
    ...(row.description === null ? {} : { description: row.description }),
    created: row.created,
    apiRoot: row.api_root,
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

// ---------------------------------------------------------------------------------------------
// Records and the audit log

const MAX_RECORD_NAME = 256;

/** StoreInputError('bad-record') unless `text` holds no NUL and no unpaired surrogate, which PostgreSQL text cannot. */
function checkStorable(what: string, text: string): void {
  if (storable(text) !== text) {
    throw new StoreInputError(
      `${what} ${JSON.stringify(text.slice(0, 80))} holds a NUL or an unpaired surrogate, which the store cannot keep`,
      'bad-record',
    );
  }
}

/** StoreInputError('bad-record') unless a record's kind or key has 1 to 256 characters the store can keep. */
export function checkRecordName(what: 'kind' | 'key', name: string): void {
  if (name.length === 0 || name.length > MAX_RECORD_NAME) {
    throw new StoreInputError(
      `a record ${what} must have 1 to ${MAX_RECORD_NAME} characters, not ${name.length}`,
      'bad-record',
    );
  }
  checkStorable(`record ${what}`, name);
}

/** Why `value` (at `path`) is not a JSON value that JSON.stringify keeps as it is; undefined when it is one. */
function notJson(value: unknown, path: string, ancestors: object[]): string | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return undefined;
  if (typeof value === 'number') {
    return Number.isFinite(value) ? undefined : `${path} is ${value}, which JSON has no number for`;
  }
  if (typeof value !== 'object')
    return `${path} is ${typeof value === 'undefined' ? 'undefined' : `a ${typeof value}`}`;
  if (ancestors.includes(value)) return `${path} contains itself`;
  ancestors.push(value);
  try {
    if (Array.isArray(value)) {
      // Indexed, not iterated, so that holes are seen: JSON.stringify would write them as null.
      for (let i = 0; i < value.length; i++) {
        const problem = notJson(value[i], `${path}[${i}]`, ancestors);
        if (problem !== undefined) return problem;
      }
      return undefined;
    }
    const prototype = Object.getPrototypeOf(value);
    // A Date, a Map or a class instance would come back as a string or a plain object, if at all.
    if (prototype !== Object.prototype && prototype !== null) {
      return `${path} is a ${(value as { constructor?: { name?: string } }).constructor?.name ?? 'non-plain object'}, not a plain object`;
    }
    for (const [key, member] of Object.entries(value)) {
      // A property set to undefined is how TypeScript writes an absent optional one, and
      // JSON.stringify leaves it out: it reads back as absent, which is what it meant.
      if (member === undefined) continue;
      const problem = notJson(member, `${path}.${key}`, ancestors);
      if (problem !== undefined) return problem;
    }
    return undefined;
  } finally {
    ancestors.pop();
  }
}

/**
 * The JSON text of a record value or of audit details; StoreInputError('bad-record') for a value
 * JSON.stringify would drop or alter (undefined, functions, NaN, Dates, cycles...), so that what is
 * read back equals what was written, but for object properties set to undefined, which read back absent.
 */
export function jsonTextOf(what: string, value: unknown): string {
  const problem = notJson(value, '$', []);
  if (problem !== undefined) {
    throw new StoreInputError(`${what} must be a JSON value, but ${problem}`, 'bad-record');
  }
  return JSON.stringify(value);
}

/** An audit row as the backends write it: the entry's columns, checked, with the time of the store's clock. */
export interface NewAuditRow {
  time: string;
  actor: string;
  org: string | null;
  action: string;
  target: string;
  details: string | null;
}

export function auditRowOf(entry: Omit<AuditEntry, 'seq' | 'time'>, nowMs: number): NewAuditRow {
  for (const field of ['actor', 'action', 'target'] as const) checkStorable(`audit ${field}`, entry[field]);
  if (entry.org !== undefined) checkStorable('audit org', entry.org);
  return {
    time: formatMillis(nowMs),
    actor: entry.actor,
    org: entry.org ?? null,
    action: entry.action,
    target: entry.target,
    details: entry.details === undefined ? null : jsonTextOf('audit details', entry.details),
  };
}

/** A put's follow-up as rows to write, checked before anything is: records as JSON text, audit rows. */
export function followUpRows(
  followUp: PutFollowUp,
  nowMs: number,
): { records: RecordRow[]; audit: NewAuditRow[] } {
  const records = (followUp.records ?? []).map(({ kind, key, value }) => recordRowOf(kind, key, value));
  return { records, audit: (followUp.audit ?? []).map((entry) => auditRowOf(entry, nowMs)) };
}

/** A record as both backends store it. */
export interface RecordRow {
  kind: string;
  key: string;
  json: string;
}

/** A record checked (StoreInputError for a bad name or value) and made a row. */
export function recordRowOf(kind: string, key: string, value: unknown): RecordRow {
  checkRecordName('kind', kind);
  checkRecordName('key', key);
  return { kind, key, json: jsonTextOf('a record value', value) };
}

/** The store's date_added counter as lastDateAdded answers it: undefined before the first. */
export function lastDateAddedOf(micros: bigint): string | undefined {
  return micros === 0n ? undefined : formatMicros(micros);
}

/** One put waiting for its group's transaction, its records already checked and made rows. */
export interface PendingPut {
  collection: string;
  rows: readonly NewRow[];
  followUp: PutOptions['followUp'];
}

/** A put whose follow-up, if any, is a function to call inside the transaction. */
export interface ReadyPut {
  collection: string;
  rows: readonly NewRow[];
  followUp: FollowUpFunction | undefined;
}

/**
 * Commits a group once the follow-up modules of its puts are loaded (imports are cached). A put
 * whose module cannot be loaded fails alone; `commit` takes the others and answers them in order.
 */
export async function commitLoaded(
  writes: readonly PendingPut[],
  commit: (ready: readonly ReadyPut[]) => Promise<Settled<PutOutcome[]>[]>,
): Promise<Settled<PutOutcome[]>[]> {
  const loaded = await Promise.all(
    writes.map(async ({ collection, rows, followUp }): Promise<ReadyPut | { error: unknown }> => {
      if (followUp === undefined || typeof followUp === 'function') return { collection, rows, followUp };
      try {
        return { collection, rows, followUp: await followUpFunctionOf(followUp) };
      } catch (error) {
        return { error };
      }
    }),
  );
  const ready = loaded.filter((put): put is ReadyPut => !('error' in put));
  const committed = ready.length === 0 ? [] : await commit(ready);
  let next = 0;
  return loaded.map((put) =>
    'error' in put ? { ok: false, error: put.error } : (committed[next++] as Settled<PutOutcome[]>),
  );
}

/** The function a FollowUpModule names, bound to its data. A module that does not export one is a bug. */
async function followUpFunctionOf({ module, data }: FollowUpModule): Promise<FollowUpFunction> {
  const loaded = (await import(module)) as { followUp?: unknown };
  const followUp = loaded.followUp;
  if (typeof followUp !== 'function') throw new Error(`${module} exports no followUp function`);
  return (outcomes) => followUp(data, outcomes) as PutFollowUp;
}

// Rows a group commit takes at most (a single bigger put still goes alone). Measured on a million
// objects with random ids (SQLite): 100 rows a transaction 5,200 to 7,100 objects/s, 400 rows 8,800
// to 9,400, 3,200 rows 7,500 to 9,700.
export const MAX_GROUP_ROWS = 1_600;

/** An audit row as either driver returns it (PostgreSQL's bigint arrives as a string). */
export interface AuditRow extends NewAuditRow {
  seq: number | string;
}

export function toAuditEntry(row: AuditRow): AuditEntry {
  return {
    seq: Number(row.seq),
    time: row.time,
    actor: row.actor,
    ...(row.org === null ? {} : { org: row.org }),
    action: row.action,
    target: row.target,
    ...(row.details === null ? {} : { details: JSON.parse(row.details) }),
  };
}

/** StoreInputError('bad-cursor') unless `after` is a seq, or 0 for the start of the log. */
export function checkAuditAfter(after: number): void {
  if (!Number.isSafeInteger(after) || after < 0) {
    throw new StoreInputError(`audit 'after' must be a non-negative integer seq, not ${after}`, 'bad-cursor');
  }
}

// ---------------------------------------------------------------------------------------------
// Schema

/**
 * One step of a backend's schema, applied once, in order, inside a transaction: `sql` first, then
 * `run` for work SQL cannot do alone, such as backfilling columns that only the shared TypeScript
 * (effectiveTlp) can compute. Run is the backend's own step type: synchronous on SQLite, a
 * promise on PostgreSQL.
 */
export interface Migration<Run> {
  version: number;
  name: string;
  sql: string;
  run?: Run;
}

/**
 * The migrations still to apply to a database at schema `current` (0 when new); StoreError('schema')
 * when the database was written by newer code than this, which must not touch it.
 */
export function pendingMigrations<M extends Migration<unknown>>(
  migrations: readonly M[],
  current: number,
  where: string,
): M[] {
  const newest = migrations.reduce((max, m) => Math.max(max, m.version), 0);
  if (current > newest) {
    throw new StoreError(
      `${where} has schema version ${current} but this dreamcatcher knows only up to ${newest}: upgrade dreamcatcher`,
      'schema',
    );
  }
  return migrations.filter((m) => m.version > current).sort((a, b) => a.version - b.version);
}
