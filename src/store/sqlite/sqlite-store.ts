// The Store on one SQLite file through better-sqlite3. The driver is synchronous, so every method
// but put does its work at once and returns a settled promise; each write is one IMMEDIATE
// transaction, which takes the write lock first and so serializes writers across processes sharing
// the file. Puts are grouped (group-commit.ts): the puts called in one turn of the event loop share
// a transaction, with a savepoint each only when one of them fails (put-group.ts); a store
// opened with writerThread commits them on a thread of its own (put-writer.ts).

import { randomUUID } from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3';
import type { StixRecord } from '../../stix/object.js';
import { formatMicros } from '../../stix/timestamp.js';
import {
  type AuditRow,
  auditRowOf,
  buildWhere,
  type CollectionRow,
  checkAuditAfter,
  checkLimit,
  checkRecordName,
  collectionCondition,
  commitLoaded,
  DEFAULT_GET_VERSIONS,
  duplicateCollectionId,
  duplicateTitle,
  encodeCursor,
  idKey,
  lastDateAddedOf,
  lowerBound,
  MAX_GROUP_ROWS,
  newCollection,
  type PendingPut,
  putRowOf,
  recordRowOf,
  revokedVersionOf,
  rowOf,
  scopeCondition,
  toAuditEntry,
  toCollection,
  versionCondition,
} from '../common.js';
import { GroupCommitter, type Settled } from '../group-commit.js';
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
import { WalCheckpoints } from './checkpointer.js';
import { type SqlValue, StatementCache } from './connection.js';
import { toStoreError } from './errors.js';
import { addedRows, IdIndexMerges } from './id-index.js';
import { type JsonPageRow, jsonPageOfRow, jsonPageSql, literalLimit } from './json-page-sql.js';
import { PageCache } from './page-cache.js';
import type { PageQuery, PageReader } from './page-reader.js';
import { commitGroup, counterOf, prepareWriteStatements, putRow, rowsOfObject } from './put-group.js';
import type { PutWriter } from './put-writer.js';

type Db = BetterSqlite3.Database;
type Statement = BetterSqlite3.Statement;

// Read as arrays (better-sqlite3's raw mode), in this order, which costs less than an object per
// row. Rows hold the collection's integer key; a StoredVersion names the collection by its id,
// which collectionIdOf finds in memory rather than by a subquery for each row.
const ROW_COLUMNS = 'collection_key, id, type, version, spec_version, date_added, revoked, json';
type RawRow = [
  collectionKey: number,
  id: string,
  type: string,
  version: string,
  specVersion: string,
  dateAdded: number,
  revoked: number,
  json: string,
];
const COLLECTION_COLUMNS = 'id, title, description, created, api_root';
/** The rows of one object in one collection, by the named parameters idKey, collection and id. */
const SAME_OBJECT = rowsOfObject('@idKey', '@collection', '@id');
const AUDIT_COLUMNS = 'seq, time, actor, org, action, target, details';
/** Binds parameters positionally and collects them, for SQL built by common.ts. */
function positional(): { params: SqlValue[]; bind: (value: string | bigint) => string } {
  const params: SqlValue[] = [];
  return {
    params,
    bind: (value) => {
      params.push(value);
      return '?';
    },
  };
}

/** A group committed by `commit`, each put failed with its error when the transaction fails. */
async function settleGroup(
  writes: readonly PendingPut[],
  commit: () => Promise<Settled<PutOutcome[]>[]>,
): Promise<Settled<PutOutcome[]>[]> {
  if (writes.length === 0) return [];
  try {
    return await commit();
  } catch (error) {
    return writes.map(() => ({ ok: false, error }));
  }
}

/** A put whose follow-up is a function: only the thread that holds it can call it. */
function callsBack(write: PendingPut): boolean {
  return typeof write.followUp === 'function';
}

function whereClause(conditions: readonly string[]): string {
  return conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`;
}

export class SqliteStore implements Store {
  readonly backend = 'sqlite' as const;
  private readonly statements: ReturnType<SqliteStore['prepareStatements']>;
  private readonly queries: StatementCache;
  /** Collection ids by key; collections are never removed, so an entry never goes stale. */
  private readonly collectionIds = new Map<number, string>();
  private readonly puts = new GroupCommitter<PendingPut, PutOutcome[]>(
    (writes) => this.commitPuts(writes),
    MAX_GROUP_ROWS,
  );
  private readonly checkpoints: WalCheckpoints;
  /** Merges of the id index's recent part, after this connection's own commits. */
  private readonly idMerges: IdIndexMerges;
  private readonly pages = new PageCache();

  constructor(
    private readonly db: Db,
    private readonly path: string,
    private readonly clock: () => number,
    idMergeRows: number,
    /** Where puts are committed, when not on this connection (put-writer.ts). */
    private readonly writer?: PutWriter,
    /** Where pages of listJson are read, when not on this connection (page-reader.ts). */
    private readonly reader?: PageReader,
  ) {
    this.queries = new StatementCache(db);
    this.statements = this.prepareStatements();
    this.checkpoints = new WalCheckpoints(db, path);
    this.idMerges = new IdIndexMerges(db, idMergeRows);
  }

  private prepareStatements() {
    const db = this.db;
    return {
      ...prepareWriteStatements(db),
      collectionById: db.prepare<[string], CollectionRow>(
        `SELECT ${COLLECTION_COLUMNS} FROM collections WHERE id = ?`,
      ),
      collectionByTitle: db.prepare<[string], CollectionRow>(
        `SELECT ${COLLECTION_COLUMNS} FROM collections WHERE title = ?`,
      ),
      collections: db.prepare<[], CollectionRow>(
        `SELECT ${COLLECTION_COLUMNS} FROM collections ORDER BY created, id`,
      ),
      insertCollection: db.prepare<[string, string, string | null, string, string]>(
        'INSERT INTO collections (id, title, description, created, api_root) VALUES (?, ?, ?, ?, ?)',
      ),
      latestVersion: db
        .prepare<[number, number, string], RawRow>(
          `SELECT ${ROW_COLUMNS} FROM stored_objects WHERE ${rowsOfObject('?', '?', '?')} AND is_latest = 1`,
        )
        .raw(),
      collectionIds: db.prepare<[], { key: number; id: string }>('SELECT key, id FROM collections'),
      // After a delete: the smallest and largest remaining keys carry the flags, the rest do not.
      repairFlags: db.prepare<{ id: string; idKey: number; collection: number }>(
        `UPDATE stored_objects SET
           is_first = (version_key = (SELECT min(version_key) FROM stored_objects WHERE ${SAME_OBJECT})),
           is_latest = (version_key = (SELECT max(version_key) FROM stored_objects WHERE ${SAME_OBJECT}))
         WHERE ${SAME_OBJECT}`,
      ),
      record: db
        .prepare<[string, string], string>('SELECT json FROM records WHERE kind = ? AND key = ?')
        .pluck(),
      records: db.prepare<[string], { key: string; json: string }>(
        'SELECT key, json FROM records WHERE kind = ? ORDER BY key',
      ),
      // One statement, so that two writers racing for one key cannot both see it absent.
      insertRecord: db.prepare<[string, string, string]>(
        'INSERT INTO records (kind, key, json) VALUES (?, ?, ?) ON CONFLICT (kind, key) DO NOTHING',
      ),
      deleteRecord: db.prepare<[string, string]>('DELETE FROM records WHERE kind = ? AND key = ?'),
      appendAuditEntry: db.prepare<[string, string, string | null, string, string, string | null], AuditRow>(
        `INSERT INTO audit (time, actor, org, action, target, details) VALUES (?, ?, ?, ?, ?, ?)
         RETURNING ${AUDIT_COLUMNS}`,
      ),
      audit: db.prepare<[number, number], AuditRow>(
        `SELECT ${AUDIT_COLUMNS} FROM audit WHERE seq > ? ORDER BY seq LIMIT ?`,
      ),
      lastAuditSeq: db.prepare<[], { seq: number | null }>('SELECT max(seq) AS seq FROM audit'),
      dataState: db.prepare('SELECT total_changes(), data_version FROM pragma_data_version').raw(),
    };
  }

  /** Runs synchronous database work as the async Store contract wants, with driver errors mapped. */
  private run<T>(work: () => T): Promise<T> {
    try {
      return Promise.resolve(work());
    } catch (error) {
      return Promise.reject(toStoreError(error, this.path));
    }
  }

  private query(sql: string): Statement {
    return this.queries.get(sql);
  }

  createCollection(input: {
    id?: string;
    title: string;
    description?: string;
    apiRoot?: string;
  }): Promise<Collection> {
    return this.run(() =>
      this.db
        .transaction(() => {
          const collection = newCollection(input, this.clock(), randomUUID);
          if (this.statements.collectionByTitle.get(collection.title) !== undefined)
            throw duplicateTitle(input.title);
          if (this.statements.collectionById.get(collection.id) !== undefined)
            throw duplicateCollectionId(collection.id);
          this.statements.insertCollection.run(
            collection.id,
            collection.title,
            collection.description ?? null,
            collection.created,
            collection.apiRoot,
          );
          return collection;
        })
        .immediate(),
    );
  }

  getCollection(idOrTitle: string): Promise<Collection | undefined> {
    return this.run(() => {
      const row =
        this.statements.collectionById.get(idOrTitle) ?? this.statements.collectionByTitle.get(idOrTitle);
      return row === undefined ? undefined : toCollection(row);
    });
  }

  listCollections(): Promise<Collection[]> {
    return this.run(() => this.statements.collections.all().map(toCollection));
  }

  put(
    collection: string,
    records: readonly (StixRecord | NewRow)[],
    options?: PutOptions,
  ): Promise<PutOutcome[]> {
    // Records are checked before the transaction, so a bad one rejects the batch untouched.
    let rows: NewRow[];
    try {
      rows = records.map(putRowOf);
    } catch (error) {
      return Promise.reject(toStoreError(error, this.path));
    }
    // Submitted at once, so that a close() called next waits for it.
    return this.puts.submit({ collection, rows, followUp: options?.followUp }, rows.length);
  }

  /**
   * Stores a group of puts (put-group.ts): on the writer thread when the store has one, but for
   * puts whose follow-up is a function, which only this thread can call.
   */
  private async commitPuts(writes: readonly PendingPut[]): Promise<Settled<PutOutcome[]>[]> {
    // A writer thread that is gone (it could not open the file, it crashed) leaves the puts here.
    const writer = this.writer?.lost === undefined ? this.writer : undefined;
    const onWriter = (write: PendingPut) => writer !== undefined && !callsBack(write);
    const here = writes.filter((write) => !onWriter(write));
    const there = writes.filter(onWriter);
    // Each side's failure is its own puts' only: the other side's may be committed already.
    const [settledHere, settledThere] = await Promise.all([
      settleGroup(here, () =>
        commitLoaded(here, (ready) =>
          this.run(() => commitGroup(this.db, this.statements, ready, this.clock, this.path)),
        ),
      ),
      settleGroup(there, () => (writer as PutWriter).commit(there, this.clock())),
    ]);
    // The writer thread sees to the WAL its own commits grow (put-writer-worker.ts).
    if (here.length > 0) {
      this.checkpoints.afterCommit();
      this.idMerges.afterCommit(addedRows(settledHere));
    }
    let nextHere = 0;
    let nextThere = 0;
    return writes.map(
      (write) =>
        (onWriter(write) ? settledThere[nextThere++] : settledHere[nextHere++]) as Settled<PutOutcome[]>,
    );
  }

  /** The id of the collection with this key, read again from the database when it is new here. */
  private collectionIdOf(key: number): string {
    let id = this.collectionIds.get(key);
    if (id === undefined) {
      for (const row of this.statements.collectionIds.all()) this.collectionIds.set(row.key, row.id);
      id = this.collectionIds.get(key) as string;
    }
    return id;
  }

  private toStoredVersion(row: RawRow): StoredVersion {
    return {
      collection: this.collectionIdOf(row[0]),
      id: row[1],
      type: row[2],
      version: row[3],
      specVersion: row[4],
      dateAdded: formatMicros(BigInt(row[5])),
      revoked: row[6] === 1,
      json: row[7],
    };
  }

  /** The WHERE clause selecting versions of one object, shared by get and delete. */
  private objectVersions(
    id: string,
    options:
      | { collection?: string; versions?: readonly VersionSelector[]; scopes?: readonly Scope[] }
      | undefined,
  ): { where: string; params: (string | bigint | number)[] } {
    const { params, bind } = positional();
    const conditions = [
      `date_added IN (SELECT date_added FROM object_ids WHERE id_key = ${bind(BigInt(idKey(id)))})`,
      `id = ${bind(id)}`,
    ];
    if (options?.collection !== undefined)
      conditions.push(collectionCondition(options.collection, 'sqlite', bind));
    const versions = versionCondition(
      options?.versions ?? DEFAULT_GET_VERSIONS,
      'sqlite',
      bind,
      options?.scopes,
    );
    if (versions !== undefined) conditions.push(versions);
    if (options?.scopes !== undefined) conditions.push(scopeCondition(options.scopes, 'sqlite', bind));
    return { where: whereClause(conditions), params };
  }

  get(
    id: string,
    options?: { collection?: string; versions?: readonly VersionSelector[]; scopes?: readonly Scope[] },
  ): Promise<StoredVersion[]> {
    return this.run(() => {
      const { where, params } = this.objectVersions(id, options);
      const rows = this.query(
        `SELECT ${ROW_COLUMNS} FROM stored_objects ${where} ORDER BY version_key, date_added`,
      )
        .raw()
        .all(...params) as RawRow[];
      return rows.map((row) => this.toStoredVersion(row));
    });
  }

  list(query: ListQuery, page: PageRequest): Promise<Page> {
    return this.run(() => {
      const rows = this.listRows(ROW_COLUMNS, query, page) as RawRow[];
      const items = rows.slice(0, page.limit).map((row) => this.toStoredVersion(row));
      const last = rows[page.limit - 1];
      if (rows.length <= page.limit || last === undefined) return { items };
      return { items, next: encodeCursor(BigInt(last[5])) };
    });
  }

  async listJson(query: ListQuery, page: PageRequest): Promise<JsonPage> {
    const { sql, params, key } = await this.run(() => this.jsonPageQuery(query, page));
    if (!this.pages.known(key)) {
      // Asked for the first time, as every page of a client walking the collection or picking
      // pages at random is: nothing to answer from memory, nothing to keep yet, so the state of
      // the database (a query on this connection, 3% of the event loop's time for such pages) is
      // not read.
      this.pages.note(key);
      return this.readPage({ sql, params });
    }
    const state = await this.run(() => this.dataState());
    const kept = this.pages.get(key, state);
    if (kept !== undefined) return kept;
    const read = await this.readPage({ sql, params });
    this.pages.offer(key, read, state);
    return read;
  }

  /** The page a query of listJson's reads: on a reader thread when the store has one, else here. */
  private async readPage(query: PageQuery): Promise<JsonPage> {
    const read = this.reader?.available === true ? await this.reader.read(query) : undefined;
    if (read !== undefined) return read;
    return this.run(() =>
      jsonPageOfRow(
        this.query(query.sql)
          .raw()
          .get(...query.params) as JsonPageRow,
      ),
    );
  }

  /**
   * The query of a page of listJson (json-page-sql.ts), and its key in the page cache: the
   * condition and its values decide the rows, the limit how many of them.
   */
  private jsonPageQuery(query: ListQuery, page: PageRequest): PageQuery & { key: string } {
    checkLimit(page.limit);
    const { params, bind } = positional();
    const where = whereClause(buildWhere(query, lowerBound(query, page.cursor), 'sqlite', bind));
    const values = JSON.stringify(params, (_, value) =>
      typeof value === 'bigint' ? { bigint: `${value}` } : value,
    );
    return {
      sql: jsonPageSql(where, page.limit),
      params: [...params, ...params],
      key: `${where}\u0000${page.limit}\u0000${values}`,
    };
  }

  /** Up to limit + 1 rows of a list in date_added order, as arrays of the columns named: the extra row says whether more follow. */
  private listRows(columns: string, query: ListQuery, page: PageRequest): unknown[] {
    const { sql, params } = this.listSql(columns, query, page);
    return this.rowsOf(sql, params);
  }

  /** The rows of a query as arrays of their columns. */
  private rowsOf(sql: string, params: readonly SqlValue[]): unknown[] {
    return this.query(sql)
      .raw()
      .all(...params);
  }

  private listSql(columns: string, query: ListQuery, page: PageRequest): { sql: string; params: SqlValue[] } {
    checkLimit(page.limit);
    const { params, bind } = positional();
    const where = whereClause(buildWhere(query, lowerBound(query, page.cursor), 'sqlite', bind));
    return {
      sql: `SELECT ${columns} FROM stored_objects ${where} ORDER BY date_added ${literalLimit(page.limit + 1)}`,
      params,
    };
  }

  /** What this connection and any other have changed so far (see PageCache). */
  private dataState(): string {
    const [own, others] = this.statements.dataState.get() as [number, number];
    return `${own}:${others}`;
  }

  count(query: ListQuery): Promise<number> {
    return this.run(() => {
      const { params, bind } = positional();
      const where = whereClause(buildWhere(query, lowerBound(query, undefined), 'sqlite', bind));
      const row = this.query(`SELECT count(*) AS n FROM stored_objects ${where}`).get(...params) as {
        n: number;
      };
      return row.n;
    });
  }

  delete(
    id: string,
    options?: { collection?: string; versions?: readonly VersionSelector[] },
  ): Promise<number> {
    return this.run(() => {
      const { where, params } = this.objectVersions(id, options);
      return this.db
        .transaction(() => {
          const touched = this.query(`SELECT DISTINCT collection_key FROM stored_objects ${where}`)
            .pluck()
            .all(...params) as number[];
          const deleted = this.query(`DELETE FROM stored_objects ${where}`).run(...params).changes;
          for (const collection of touched)
            this.statements.repairFlags.run({ id, idKey: idKey(id), collection });
          return deleted;
        })
        .immediate();
    });
  }

  revoke(collection: string, id: string): Promise<StoredVersion | undefined> {
    return this.run(() => {
      let added = 0;
      const stored = this.db
        .transaction(() => {
          const key = this.statements.collectionKey.get(collection);
          if (key === undefined) return undefined;
          const latest = this.statements.latestVersion.get(idKey(id), key, id);
          if (latest === undefined) return undefined;
          // A revoked object is final (STIX forbids new versions of it): revoking again changes nothing.
          if (latest[6] === 1) return this.toStoredVersion(latest);
          const revoked = revokedVersionOf(latest[7], this.clock());
          if (revoked === undefined) return undefined;
          const counter = counterOf(this.statements, this.clock);
          if (putRow(this.statements, key, rowOf(revoked), counter).status === 'added') added = 1;
          counter.save();
          const stored = this.statements.latestVersion.get(idKey(id), key, id);
          return stored === undefined ? undefined : this.toStoredVersion(stored);
        })
        .immediate();
      this.idMerges.afterCommit(added);
      return stored;
    });
  }

  getRecord(kind: string, key: string): Promise<unknown> {
    return this.run(() => {
      checkRecordName('kind', kind);
      checkRecordName('key', key);
      const json = this.statements.record.get(kind, key);
      return json === undefined ? undefined : JSON.parse(json);
    });
  }

  listRecords(kind: string): Promise<{ key: string; value: unknown }[]> {
    return this.run(() => {
      checkRecordName('kind', kind);
      return this.statements.records.all(kind).map((row) => ({ key: row.key, value: JSON.parse(row.json) }));
    });
  }

  putRecord(kind: string, key: string, value: unknown, options?: { ifAbsent?: boolean }): Promise<boolean> {
    return this.run(() => {
      const { json } = recordRowOf(kind, key, value);
      if (options?.ifAbsent === true) return this.statements.insertRecord.run(kind, key, json).changes === 1;
      this.statements.upsertRecord.run(kind, key, json);
      return true;
    });
  }

  deleteRecord(kind: string, key: string): Promise<boolean> {
    return this.run(() => {
      checkRecordName('kind', kind);
      checkRecordName('key', key);
      return this.statements.deleteRecord.run(kind, key).changes > 0;
    });
  }

  appendAudit(entry: Omit<AuditEntry, 'seq' | 'time'>): Promise<AuditEntry> {
    return this.run(() => {
      const row = auditRowOf(entry, this.clock());
      const stored = this.statements.appendAuditEntry.get(
        row.time,
        row.actor,
        row.org,
        row.action,
        row.target,
        row.details,
      ) as AuditRow;
      return toAuditEntry(stored);
    });
  }

  listAudit(options: { after?: number; limit: number }): Promise<AuditEntry[]> {
    return this.run(() => {
      const after = options.after ?? 0;
      checkAuditAfter(after);
      checkLimit(options.limit);
      return this.statements.audit.all(after, options.limit).map(toAuditEntry);
    });
  }

  lastDateAdded(): Promise<string | undefined> {
    return this.run(() => {
      return lastDateAddedOf(BigInt(this.statements.lastDateAdded.get()?.value ?? 0));
    });
  }

  lastAuditSeq(): Promise<number> {
    return this.run(() => this.statements.lastAuditSeq.get()?.seq ?? 0);
  }

  async close(): Promise<void> {
    // Puts already called are committed (or fail) before the connection goes, and the thread's
    // connection goes first, so that closing the last one checkpoints and removes the WAL as usual.
    await this.puts.drain();
    await this.writer?.stop();
    await this.reader?.stop();
    await this.checkpoints.stop();
    return this.run(() => {
      if (this.db.open) this.db.close();
    });
  }
}
