// The one persistence interface. Every backend (sqlite/, postgres/) implements it and passes the
// shared conformance suite in conformance.ts; nothing above the store knows which one it talks to.

import type { StixRecord } from '../stix/object.js';

/** A TAXII-style collection: objects live in exactly one collection per stored row. */
export interface Collection {
  id: string;
  title: string;
  description?: string;
  /** When the collection was created, as a STIX timestamp. */
  created: string;
  /** The TAXII API root (one URL path segment) the collection is served under. */
  apiRoot: string;
}

/** The API root a collection belongs to when its creator names none. */
export const DEFAULT_API_ROOT = 'api1';

/**
 * Part of the store a reader may see: rows of one collection whose TLP rank (TLP_RANK of
 * effectiveTlp, computed when the row is put) is at most maxTlpRank, plus, whatever their marking,
 * rows whose created_by_ref is one of authors. The access layer decides the scopes of a principal;
 * the store only applies them, inside the query, so paging and counts see exactly the visible rows,
 * and the 'first' and 'last' selectors pick among the visible versions of an object: a reader sees
 * it as if the hidden versions did not exist. A maxTlpRank below 0 admits by author only.
 */
export interface Scope {
  collection: string;
  maxTlpRank: number;
  authors: readonly string[];
}

/**
 * What a backend stores of one record besides its collection, date_added and first/latest flags:
 * only strings, numbers and booleans, so it crosses a thread boundary cheaply. Only rowOf
 * (common.ts) makes one; the store trusts it as given, and tlpRank and createdBy decide who may
 * read the object.
 */
export interface NewRow {
  id: string;
  type: string;
  /** `modified`, else `created`, else '' (exactly as written). */
  version: string;
  /** sortKey(version), or '' when unversioned: the key of the row within (collection, id). */
  versionKey: string;
  specVersion: string;
  revoked: boolean;
  /** searchTextOf the object. */
  searchText: string;
  /** TLP_RANK of the object's effectiveTlp. */
  tlpRank: number;
  /** The object's created_by_ref, '' when it has none. */
  createdBy: string;
  json: string;
}

/** One stored version of one object in one collection. */
export interface StoredVersion {
  collection: string;
  id: string;
  type: string;
  /**
   * The version of the object: `modified`, else `created`, else '' for objects that are not
   * versioned (SCOs, marking definitions without them). Exactly as written in the object.
   */
  version: string;
  specVersion: string;
  /** Assigned by the store: a timestamp with microsecond precision, unique and strictly increasing. */
  dateAdded: string;
  revoked: boolean;
  /** The object's JSON text exactly as stored, served without re-serializing. */
  json: string;
}

/**
 * Which versions of an object a query selects, as TAXII's match[version] does: any of the
 * selectors may match. A timestamp selects the version whose `version` equals it as an instant.
 */
export type VersionSelector = 'first' | 'last' | 'all' | { modified: string };

export interface ListQuery {
  /** A collection id; all collections when absent. */
  collection?: string;
  types?: readonly string[];
  ids?: readonly string[];
  /** Default ['last']. */
  versions?: readonly VersionSelector[];
  specVersions?: readonly string[];
  /** Only versions whose dateAdded is strictly after this timestamp. */
  addedAfter?: string;
  /** Case-insensitive substring of the object's name or description. */
  text?: string;
  /**
   * When present, only rows inside one of these scopes (an empty list selects nothing), combined
   * with the other filters by AND; `versions` then selects among those rows. At most 8,000 query
   * parameters' worth (2 per scope and 1 per author), else StoreInputError('bad-limit').
   */
  scopes?: readonly Scope[];
}

export interface PageRequest {
  limit: number;
  /** Opaque cursor from a previous Page.next; paging resumes strictly after it. */
  cursor?: string;
}

export interface Page {
  items: StoredVersion[];
  /** Present when more items may follow; pass it back as PageRequest.cursor. */
  next?: string;
}

/** A record to create or replace, as putRecord takes it. */
export interface RecordWrite {
  kind: string;
  key: string;
  value: unknown;
}

/**
 * What a put writes besides its objects, made from their outcomes and committed in the same
 * transaction: the TAXII status of an Add Objects request and its audit entry, say. The objects and
 * these commit together or not at all, with one commit instead of one each.
 */
export interface PutFollowUp {
  /** Created or replaced, as putRecord without ifAbsent. */
  records?: readonly RecordWrite[];
  /** Appended, as appendAudit. */
  audit?: readonly Omit<AuditEntry, 'seq' | 'time'>[];
}

/** What a put writes besides its objects, given their outcomes in input order. */
export type FollowUpFunction = (outcomes: readonly PutOutcome[]) => PutFollowUp;

/**
 * A follow-up that another thread can run (a SQLite store's writer thread, see
 * sqlite/put-writer.ts): the function `followUp(data, outcomes)` exported by the ES module at
 * `module` (a file: URL), with `data` as plain as a structured clone keeps it.
 */
export interface FollowUpModule {
  module: string;
  data: unknown;
}

export interface PutOptions {
  /**
   * Run inside the put's transaction, with the outcomes in input order; what it makes must
   * depend on them alone, since a transaction rolled back for another put's failure runs it
   * again. A throw, or a record or entry the store refuses (StoreInputError('bad-record')), fails
   * the put whole. A function runs on the caller's thread, so a store with a writer thread
   * commits such a put on the caller's: give a FollowUpModule on hot paths.
   */
  followUp?: FollowUpFunction | FollowUpModule;
}

/**
 * A page as a TAXII envelope needs it: the stored JSON texts, and the dateAdded of the first and
 * last (for the X-TAXII-Date-Added headers). It is read without building a StoredVersion per row,
 * which costs as much again as the query on the hottest read path.
 */
export interface JsonPage {
  /**
   * The objects' JSON texts as stored, joined by commas, in UTF-8: the inside of a JSON array,
   * ready to be sent. Bytes, not strings, so that a page read on another thread crosses without a
   * copy and the serving thread never holds its texts (sqlite/page-reader.ts). Read-only: a store
   * may hand the same page to several readers (sqlite/page-cache.ts).
   */
  readonly objects: Buffer;
  /**
   * Bytes of objects.buffer free on each side of objects, this many at least: whoever sends the
   * page may write what surrounds the objects there and send them without a copy (framePage).
   * Absent when objects has no such room.
   */
  readonly room?: number;
  /**
   * Present when the page's memory is lent (sqlite/page-reader.ts): call it once the bytes, and
   * whatever was framed in their room, are sent; they must not be used after that, since the
   * memory goes back to be filled with another page. Not calling it is safe: the memory is then
   * left to the garbage collector. A page that is kept must be copied (sqlite/page-cache.ts).
   */
  readonly release?: () => void;
  /** How many objects the page holds. */
  readonly count: number;
  /** Absent on an empty page. */
  firstAdded?: string;
  lastAdded?: string;
  /** As Page.next. */
  next?: string;
}

/**
 * head, the page's objects and tail as one buffer: written into the page's room around its objects
 * when it has enough (JsonPage.room), else copied. A store may hand one page to several senders at
 * once (sqlite/page-cache.ts): each must frame it with the same head and tail, a function of the
 * page (the TAXII envelope is).
 */
export function framePage(page: Pick<JsonPage, 'objects' | 'room'>, head: Buffer, tail: Buffer): Buffer {
  const { objects } = page;
  const room = page.room ?? 0;
  if (head.length > room || tail.length > room) return Buffer.concat([head, objects, tail]);
  const start = objects.byteOffset - head.length;
  const framed = Buffer.from(objects.buffer, start, head.length + objects.length + tail.length);
  framed.set(head, 0);
  framed.set(tail, head.length + objects.length);
  return framed;
}

export type PutOutcome =
  | { status: 'added'; dateAdded: string }
  /** The same id and version with the same content is already stored: nothing changed. */
  | { status: 'unchanged'; dateAdded: string }
  /** The same id and version is stored with different content: rejected, the stored one is kept. */
  | { status: 'conflict'; message: string };

/** One entry of the append-only audit log: who did what, when. */
export interface AuditEntry {
  /**
   * Assigned by the store: 1, 2, 3... in the order entries were appended (which is also the order
   * they become visible, so paging by `after` misses none). Never reused; an append that fails may
   * leave a gap.
   */
  seq: number;
  /** Assigned by the store from its clock, a STIX timestamp (milliseconds). */
  time: string;
  /** Who acted: a user name, or 'cli' / 'system' for actions taken on the host itself. */
  actor: string;
  /** The actor's organisation id, when it has one. */
  org?: string;
  /** What was done, e.g. 'org.create', 'objects.add', 'token.revoke'. */
  action: string;
  /** What it was done to: an id, a name or a collection. */
  target: string;
  /** Anything else worth keeping, as a JSON value. */
  details?: unknown;
}

export interface Store {
  readonly backend: 'sqlite' | 'postgres';

  createCollection(input: {
    id?: string;
    title: string;
    description?: string;
    apiRoot?: string;
  }): Promise<Collection>;
  getCollection(idOrTitle: string): Promise<Collection | undefined>;
  listCollections(): Promise<Collection[]>;

  /**
   * Stores a batch atomically: when the promise resolves every 'added' outcome is durable, and a
   * crash before that leaves none of the batch. Outcomes are in the order of the input records.
   * A record may be handed over as the NewRow that rowOf made of it, e.g. on another thread.
   *
   * Puts that arrive while another commits wait and then share one transaction (group commit): one
   * sync to disk for all of them. Each still succeeds or fails on its own, as if it were alone; they
   * are stored in the order they were called.
   */
  put(
    collection: string,
    records: readonly (StixRecord | NewRow)[],
    options?: PutOptions,
  ): Promise<PutOutcome[]>;

  /** Versions of one object, oldest version first; [] when there is none. */
  get(
    id: string,
    options?: { collection?: string; versions?: readonly VersionSelector[]; scopes?: readonly Scope[] },
  ): Promise<StoredVersion[]>;

  /** Versions in dateAdded order. Paging never skips or repeats a row, even while rows are added. */
  list(query: ListQuery, page: PageRequest): Promise<Page>;

  /** The page list() answers, as only the JSON texts and the dateAdded of its ends. */
  listJson(query: ListQuery, page: PageRequest): Promise<JsonPage>;

  count(query: ListQuery): Promise<number>;

  /** Deletes the selected versions (all when no selector) of an object; returns how many rows went. */
  delete(
    id: string,
    options?: { collection?: string; versions?: readonly VersionSelector[] },
  ): Promise<number>;

  /**
   * Revokes an object in a collection by storing a new version with `revoked: true` and a
   * `modified` later than every stored version. Undefined when the object is not there or cannot
   * be revoked (it has no `modified`, as SCOs and marking definitions do not).
   */
  revoke(collection: string, id: string): Promise<StoredVersion | undefined>;

  // Small records the services above keep beside the objects (organisations, users, tokens,
  // collection grants, TAXII status resources, sync peers and cursors), as JSON values under a
  // (kind, key) pair. Each call is atomic and durable when its promise resolves. A kind or key is
  // 1 to 256 characters; a value is anything JSON holds unchanged (no undefined, NaN, Date...),
  // except that object properties set to undefined are left out. Other input is refused with
  // StoreInputError('bad-record').

  /** The record stored under (kind, key), parsed; undefined when there is none. */
  getRecord(kind: string, key: string): Promise<unknown>;
  /** Every record of a kind, ordered by key, code point by code point (as UTF-8 bytes compare). */
  listRecords(kind: string): Promise<{ key: string; value: unknown }[]>;
  /**
   * Stores a record. With `ifAbsent` nothing is overwritten: the answer is false when a record
   * already has that (kind, key). Otherwise the record is created or replaced, and the answer is true.
   */
  putRecord(kind: string, key: string, value: unknown, options?: { ifAbsent?: boolean }): Promise<boolean>;
  /** Removes a record; false when there was none. */
  deleteRecord(kind: string, key: string): Promise<boolean>;

  /** Appends to the audit log; entries can be neither changed nor removed through the Store. */
  appendAudit(entry: Omit<AuditEntry, 'seq' | 'time'>): Promise<AuditEntry>;
  /** Audit entries with seq greater than `after` (0 by default), oldest first, at most `limit`. */
  listAudit(options: { after?: number; limit: number }): Promise<AuditEntry[]>;
  /** The seq of the newest audit entry, 0 when there is none: where a reader of what follows starts. */
  lastAuditSeq(): Promise<number>;
  /**
   * The last date_added the store handed out, in any collection (undefined before the first): every
   * version added up to it is committed, so a reader that lists after asking has seen all of them
   * its scopes show, and may move a cursor past the ones they hide.
   */
  lastDateAdded(): Promise<string | undefined>;

  close(): Promise<void>;
}

/** Thrown for failures a person must act on (bad URL, unreachable server, disk full, read-only). */
export class StoreError extends Error {
  constructor(
    message: string,
    readonly code: 'bad-url' | 'unreachable' | 'read-only' | 'disk-full' | 'schema' | 'not-found' | 'io',
  ) {
    super(message);
    this.name = 'StoreError';
  }
}

/**
 * A request the store cannot serve as asked: a malformed cursor, timestamp or limit, a duplicate
 * collection title, a record without a usable version or a record value that is not JSON, an API
 * root that is not one URL path segment. The caller's input is at fault, so an API
 * maps it to 400/409; nothing in the database changed.
 */
export class StoreInputError extends RangeError {
  constructor(
    message: string,
    readonly code:
      | 'bad-cursor'
      | 'bad-timestamp'
      | 'bad-limit'
      | 'bad-record'
      | 'bad-name'
      | 'duplicate-title'
      | 'duplicate-id',
  ) {
    super(message);
    this.name = 'StoreInputError';
  }
}
