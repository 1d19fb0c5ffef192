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

export type PutOutcome =
  | { status: 'added'; dateAdded: string }
  /** The same id and version with the same content is already stored: nothing changed. */
  | { status: 'unchanged'; dateAdded: string }
  /** The same id and version is stored with different content: rejected, the stored one is kept. */
  | { status: 'conflict'; message: string };

export interface Store {
  readonly backend: 'sqlite' | 'postgres';

  createCollection(input: { id?: string; title: string; description?: string }): Promise<Collection>;
  getCollection(idOrTitle: string): Promise<Collection | undefined>;
  listCollections(): Promise<Collection[]>;

  /**
   * Stores a batch atomically: when the promise resolves every 'added' outcome is durable, and a
   * crash before that leaves none of the batch. Outcomes are in the order of the input records.
   */
  put(collection: string, records: readonly StixRecord[]): Promise<PutOutcome[]>;

  /** Versions of one object, oldest version first; [] when there is none. */
  get(
    id: string,
    options?: { collection?: string; versions?: readonly VersionSelector[] },
  ): Promise<StoredVersion[]>;

  /** Versions in dateAdded order. Paging never skips or repeats a row, even while rows are added. */
  list(query: ListQuery, page: PageRequest): Promise<Page>;

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
 * collection title, a record without a usable version. The caller's input is at fault, so an API
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
      | 'duplicate-title'
      | 'duplicate-id',
  ) {
    super(message);
    this.name = 'StoreInputError';
  }
}
