// The Store over one PostgreSQL schema: each method is one module's job; this only wires them to
// the connection, the clock and the id source.

import type { StixRecord } from '../../stix/object.js';
import { putRowOf } from '../common.js';
import type {
  AuditEntry,
  Collection,
  ListQuery,
  NewRow,
  Page,
  PageRequest,
  PutOutcome,
  Scope,
  Store,
  StoredVersion,
  VersionSelector,
} from '../store.js';
import { appendAudit, listAudit } from './audit.js';
import { createCollection, getCollection, listCollections } from './collections.js';
import type { Connection } from './connection.js';
import { deleteVersions } from './delete.js';
import { countVersions, getVersions, listVersions } from './reads.js';
import { deleteRecord, getRecord, listRecords, putRecord } from './records.js';
import { revokeObject } from './revoke.js';
import { writeBatch } from './write-batch.js';

export class PostgresStore implements Store {
  readonly backend = 'postgres';
  private closing: Promise<void> | undefined;

  constructor(
    private readonly connection: Connection,
    private readonly clock: () => number,
    private readonly randomId: () => string,
  ) {}

  createCollection(input: {
    id?: string;
    title: string;
    description?: string;
    apiRoot?: string;
  }): Promise<Collection> {
    return createCollection(this.connection, input, this.clock(), this.randomId);
  }

  getCollection(idOrTitle: string): Promise<Collection | undefined> {
    return getCollection(this.connection, idOrTitle);
  }

  listCollections(): Promise<Collection[]> {
    return listCollections(this.connection);
  }

  async put(collection: string, records: readonly (StixRecord | NewRow)[]): Promise<PutOutcome[]> {
    // Rows are derived before the lock is taken, so a bad record costs other writers nothing.
    const rows = records.map(putRowOf);
    return this.connection.writeTransaction((client) => writeBatch(client, collection, rows, this.clock()));
  }

  get(
    id: string,
    options: { collection?: string; versions?: readonly VersionSelector[]; scopes?: readonly Scope[] } = {},
  ): Promise<StoredVersion[]> {
    return getVersions(this.connection, id, options);
  }

  list(query: ListQuery, page: PageRequest): Promise<Page> {
    return listVersions(this.connection, query, page);
  }

  count(query: ListQuery): Promise<number> {
    return countVersions(this.connection, query);
  }

  delete(
    id: string,
    options: { collection?: string; versions?: readonly VersionSelector[] } = {},
  ): Promise<number> {
    return deleteVersions(this.connection, id, options);
  }

  revoke(collection: string, id: string): Promise<StoredVersion | undefined> {
    return revokeObject(this.connection, collection, id, this.clock());
  }

  getRecord(kind: string, key: string): Promise<unknown> {
    return getRecord(this.connection, kind, key);
  }

  listRecords(kind: string): Promise<{ key: string; value: unknown }[]> {
    return listRecords(this.connection, kind);
  }

  putRecord(kind: string, key: string, value: unknown, options?: { ifAbsent?: boolean }): Promise<boolean> {
    return putRecord(this.connection, kind, key, value, options?.ifAbsent === true);
  }

  deleteRecord(kind: string, key: string): Promise<boolean> {
    return deleteRecord(this.connection, kind, key);
  }

  appendAudit(entry: Omit<AuditEntry, 'seq' | 'time'>): Promise<AuditEntry> {
    return appendAudit(this.connection, entry, this.clock());
  }

  listAudit(options: { after?: number; limit: number }): Promise<AuditEntry[]> {
    return listAudit(this.connection, options);
  }

  close(): Promise<void> {
    this.closing ??= this.connection.end();
    return this.closing;
  }
}
