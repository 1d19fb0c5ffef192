// The Store over one PostgreSQL schema: each method is one module's job; this only wires them to
// the connection, the clock and the id source, and groups concurrent puts (../group-commit.ts).

import type { StixRecord } from '../../stix/object.js';
import { MAX_GROUP_ROWS, type PendingPut, putRowOf } from '../common.js';
import { GroupCommitter } from '../group-commit.js';
import type {
  AuditEntry,
  Collection,
  JsonPage,
  ListQuery,
  NewRow,
  Page,
  PageRequest,
  PutOptions,
  PutOutcome,
  Scope,
  Store,
  StoredVersion,
  VersionSelector,
} from '../store.js';
import { appendAudit, lastAuditSeq, listAudit } from './audit.js';
import { createCollection, getCollection, listCollections } from './collections.js';
import type { Connection } from './connection.js';
import { deleteVersions } from './delete.js';
import { commitPuts } from './put-group.js';
import { countVersions, getVersions, lastDateAdded, listJson, listVersions } from './reads.js';
import { deleteRecord, getRecord, listRecords, putRecord } from './records.js';
import { revokeObject } from './revoke.js';

export class PostgresStore implements Store {
  readonly backend = 'postgres';
  private closing: Promise<void> | undefined;
  private readonly puts = new GroupCommitter<PendingPut, PutOutcome[]>(
    (writes) => commitPuts(this.connection, writes, this.clock),
    MAX_GROUP_ROWS,
  );

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

  async put(
    collection: string,
    records: readonly (StixRecord | NewRow)[],
    options?: PutOptions,
  ): Promise<PutOutcome[]> {
    // Rows are derived before the lock is taken, so a bad record costs other writers nothing.
    const rows = records.map(putRowOf);
    return this.puts.submit({ collection, rows, followUp: options?.followUp }, rows.length);
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

  listJson(query: ListQuery, page: PageRequest): Promise<JsonPage> {
    return listJson(this.connection, query, page);
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

  lastDateAdded(): Promise<string | undefined> {
    return lastDateAdded(this.connection);
  }

  lastAuditSeq(): Promise<number> {
    return lastAuditSeq(this.connection);
  }

  close(): Promise<void> {
    // Puts already called are committed (or fail) before the pool ends.
    this.closing ??= this.puts.drain().then(() => this.connection.end());
    return this.closing;
  }
}
