// The Store on one SQLite file through better-sqlite3. The driver is synchronous, so every method
// does its work at once and returns a settled promise; each write is one IMMEDIATE transaction,
// which takes the write lock first and so serializes writers across processes sharing the file.

import { randomUUID } from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3';
import type { StixRecord } from '../../stix/object.js';
import { formatMicros } from '../../stix/timestamp.js';
import {
  buildWhere,
  checkLimit,
  collectionNotFound,
  DEFAULT_GET_VERSIONS,
  duplicateCollectionId,
  duplicateTitle,
  flagsForInsert,
  lowerBound,
  type NewRow,
  newCollection,
  nextDateAdded,
  outcomeForExisting,
  pageOf,
  revokedVersionOf,
  rowOf,
  type StoredRow,
  toStoredVersion,
  versionCondition,
} from '../common.js';
import type {
  Collection,
  ListQuery,
  Page,
  PageRequest,
  PutOutcome,
  Store,
  StoredVersion,
  VersionSelector,
} from '../store.js';
import { toStoreError } from './errors.js';

type Db = BetterSqlite3.Database;
type Statement = BetterSqlite3.Statement;

const ROW_COLUMNS = 'collection_id, id, type, version, spec_version, date_added, revoked, json';
// Filter shapes vary with the query; past this many distinct ones the cache starts over.
const MAX_CACHED_QUERIES = 256;

interface CollectionRow {
  id: string;
  title: string;
  description: string | null;
  created: string;
}

function toCollection(row: CollectionRow): Collection {
  return {
    id: row.id,
    title: row.title,
    ...(row.description === null ? {} : { description: row.description }),
    created: row.created,
  };
}

/** Binds parameters positionally and collects them, for SQL built by common.ts. */
function positional(): { params: (string | bigint | number)[]; bind: (value: string | bigint) => string } {
  const params: (string | bigint | number)[] = [];
  return {
    params,
    bind: (value) => {
      params.push(value);
      return '?';
    },
  };
}

function whereClause(conditions: readonly string[]): string {
  return conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`;
}

export class SqliteStore implements Store {
  readonly backend = 'sqlite' as const;
  private readonly statements: ReturnType<SqliteStore['prepareStatements']>;
  private readonly queries = new Map<string, Statement>();

  constructor(
    private readonly db: Db,
    private readonly path: string,
    private readonly clock: () => number,
  ) {
    this.statements = this.prepareStatements();
  }

  private prepareStatements() {
    const db = this.db;
    return {
      collectionById: db.prepare<[string], CollectionRow>('SELECT * FROM collections WHERE id = ?'),
      collectionByTitle: db.prepare<[string], CollectionRow>('SELECT * FROM collections WHERE title = ?'),
      collections: db.prepare<[], CollectionRow>('SELECT * FROM collections ORDER BY created, id'),
      insertCollection: db.prepare<[string, string, string | null, string]>(
        'INSERT INTO collections (id, title, description, created) VALUES (?, ?, ?, ?)',
      ),
      lastDateAdded: db.prepare<[], { value: number }>(
        "SELECT value FROM counters WHERE name = 'last_date_added'",
      ),
      setLastDateAdded: db.prepare<[bigint]>("UPDATE counters SET value = ? WHERE name = 'last_date_added'"),
      storedVersion: db.prepare<[string, string, string], { json: string; date_added: number }>(
        'SELECT json, date_added FROM objects WHERE id = ? AND collection_id = ? AND version_key = ?',
      ),
      versionKeyRange: db.prepare<[string, string], { min: string | null; max: string | null }>(
        'SELECT min(version_key) AS min, max(version_key) AS max FROM objects WHERE id = ? AND collection_id = ?',
      ),
      clearFirst: db.prepare<[string, string]>(
        'UPDATE objects SET is_first = 0 WHERE id = ? AND collection_id = ? AND is_first = 1',
      ),
      clearLatest: db.prepare<[string, string]>(
        'UPDATE objects SET is_latest = 0 WHERE id = ? AND collection_id = ? AND is_latest = 1',
      ),
      insertObject: db.prepare(
        `INSERT INTO objects (date_added, collection_id, id, type, version, version_key, spec_version, revoked,
           is_first, is_latest, search_text, json)
         VALUES (@dateAdded, @collection, @id, @type, @version, @versionKey, @specVersion, @revoked,
           @isFirst, @isLatest, @searchText, @json)`,
      ),
      latestVersion: db.prepare<[string, string], StoredRow>(
        `SELECT ${ROW_COLUMNS} FROM objects WHERE id = ? AND collection_id = ? AND is_latest = 1`,
      ),
      // After a delete: the smallest and largest remaining keys carry the flags, the rest do not.
      repairFlags: db.prepare<{ id: string; collection: string }>(
        `UPDATE objects SET
           is_first = (version_key = (SELECT min(version_key) FROM objects WHERE id = @id AND collection_id = @collection)),
           is_latest = (version_key = (SELECT max(version_key) FROM objects WHERE id = @id AND collection_id = @collection))
         WHERE id = @id AND collection_id = @collection`,
      ),
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
    let statement = this.queries.get(sql);
    if (statement === undefined) {
      if (this.queries.size >= MAX_CACHED_QUERIES) this.queries.clear();
      statement = this.db.prepare(sql);
      this.queries.set(sql, statement);
    }
    return statement;
  }

  createCollection(input: { id?: string; title: string; description?: string }): Promise<Collection> {
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

  put(collection: string, records: readonly StixRecord[]): Promise<PutOutcome[]> {
    return this.run(() => {
      // Records are checked before the transaction, so a bad one rejects the batch untouched.
      const rows = records.map(rowOf);
      return this.db
        .transaction(() => {
          if (this.statements.collectionById.get(collection) === undefined)
            throw collectionNotFound(collection);
          const counter = this.counter();
          const outcomes = rows.map((row) => this.putRow(collection, row, counter));
          counter.save();
          return outcomes;
        })
        .immediate();
    });
  }

  /**
   * The date_added counter of one write transaction: read from the database under the write lock,
   * advanced in memory, written back once at the end (only when it moved).
   */
  private counter() {
    const start = BigInt(this.statements.lastDateAdded.get()?.value ?? 0);
    let last = start;
    return {
      next: () => {
        last = nextDateAdded(last, this.clock());
        return last;
      },
      save: () => {
        if (last !== start) this.statements.setLastDateAdded.run(last);
      },
    };
  }

  /** Stores one row inside the caller's transaction, keeping the first/latest flags right. */
  private putRow(collection: string, row: NewRow, counter: { next(): bigint }): PutOutcome {
    const stored = this.statements.storedVersion.get(row.id, collection, row.versionKey);
    if (stored !== undefined)
      return outcomeForExisting(row, { json: stored.json, dateAdded: stored.date_added });
    const range = this.statements.versionKeyRange.get(row.id, collection);
    const flags = flagsForInsert(row.versionKey, {
      min: range?.min ?? undefined,
      max: range?.max ?? undefined,
    });
    // The first version of an object has no flags to take over.
    const hasVersions = range !== undefined && range.min !== null;
    if (flags.isFirst && hasVersions) this.statements.clearFirst.run(row.id, collection);
    if (flags.isLatest && hasVersions) this.statements.clearLatest.run(row.id, collection);
    const dateAdded = counter.next();
    this.statements.insertObject.run({
      dateAdded,
      collection,
      id: row.id,
      type: row.type,
      version: row.version,
      versionKey: row.versionKey,
      specVersion: row.specVersion,
      revoked: row.revoked ? 1 : 0,
      isFirst: flags.isFirst ? 1 : 0,
      isLatest: flags.isLatest ? 1 : 0,
      searchText: row.searchText,
      json: row.json,
    });
    return { status: 'added', dateAdded: formatMicros(dateAdded) };
  }

  /** The WHERE clause selecting versions of one object, shared by get and delete. */
  private objectVersions(
    id: string,
    options: { collection?: string; versions?: readonly VersionSelector[] } | undefined,
  ): { where: string; params: (string | bigint | number)[] } {
    const { params, bind } = positional();
    const conditions = [`id = ${bind(id)}`];
    if (options?.collection !== undefined) conditions.push(`collection_id = ${bind(options.collection)}`);
    const versions = versionCondition(options?.versions ?? DEFAULT_GET_VERSIONS, 'sqlite', bind);
    if (versions !== undefined) conditions.push(versions);
    return { where: whereClause(conditions), params };
  }

  get(
    id: string,
    options?: { collection?: string; versions?: readonly VersionSelector[] },
  ): Promise<StoredVersion[]> {
    return this.run(() => {
      const { where, params } = this.objectVersions(id, options);
      const rows = this.query(
        `SELECT ${ROW_COLUMNS} FROM objects ${where} ORDER BY version_key, date_added`,
      ).all(...params) as StoredRow[];
      return rows.map(toStoredVersion);
    });
  }

  list(query: ListQuery, page: PageRequest): Promise<Page> {
    return this.run(() => {
      checkLimit(page.limit);
      const { params, bind } = positional();
      const where = whereClause(buildWhere(query, lowerBound(query, page.cursor), 'sqlite', bind));
      params.push(page.limit + 1);
      const rows = this.query(`SELECT ${ROW_COLUMNS} FROM objects ${where} ORDER BY date_added LIMIT ?`).all(
        ...params,
      ) as StoredRow[];
      return pageOf(rows, page.limit);
    });
  }

  count(query: ListQuery): Promise<number> {
    return this.run(() => {
      const { params, bind } = positional();
      const where = whereClause(buildWhere(query, lowerBound(query, undefined), 'sqlite', bind));
      const row = this.query(`SELECT count(*) AS n FROM objects ${where}`).get(...params) as { n: number };
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
          const touched = this.query(`SELECT DISTINCT collection_id FROM objects ${where}`).all(
            ...params,
          ) as {
            collection_id: string;
          }[];
          const deleted = this.query(`DELETE FROM objects ${where}`).run(...params).changes;
          for (const { collection_id } of touched)
            this.statements.repairFlags.run({ id, collection: collection_id });
          return deleted;
        })
        .immediate();
    });
  }

  revoke(collection: string, id: string): Promise<StoredVersion | undefined> {
    return this.run(() =>
      this.db
        .transaction(() => {
          const latest = this.statements.latestVersion.get(id, collection);
          if (latest === undefined) return undefined;
          // A revoked object is final (STIX forbids new versions of it): revoking again changes nothing.
          if (latest.revoked === 1) return toStoredVersion(latest);
          const revoked = revokedVersionOf(latest.json, this.clock());
          if (revoked === undefined) return undefined;
          const counter = this.counter();
          this.putRow(collection, rowOf(revoked), counter);
          counter.save();
          const stored = this.statements.latestVersion.get(id, collection);
          return stored === undefined ? undefined : toStoredVersion(stored);
        })
        .immediate(),
    );
  }

  close(): Promise<void> {
    return this.run(() => {
      if (this.db.open) this.db.close();
    });
  }
}
