// Opening a SQLite store: check the folder, open the file, set durability, bring the schema up to
// date. Every failure on the way is a StoreError naming the file.

import { statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { pendingMigrations } from '../common.js';
import { StoreError } from '../store.js';
import { BUSY_TIMEOUT_MS, configureConnection } from './connection.js';
import { toStoreError } from './errors.js';
import { MERGE_ROWS } from './id-index.js';
import { SQLITE_MIGRATIONS } from './migrations.js';
import { PageReader } from './page-reader.js';
import { PutWriter } from './put-writer.js';
import { SqliteStore } from './sqlite-store.js';

export interface SqliteStoreOptions {
  /** The database file, or ':memory:' for a private in-memory database. */
  path: string;
  /** Milliseconds since the epoch; Date.now by default. Tests pass their own. */
  clock?: () => number;
  /**
   * Commit puts on a thread of their own (put-writer.ts), for a serving process: the event loop
   * then reads the next requests while a commit runs. A file only; the thread's clock for
   * date_added is the caller's, read when a group is sent.
   */
  writerThread?: boolean;
  /**
   * Read pages of listJson on this many threads of their own (page-reader.ts), for a serving
   * process: the event loop then answers other requests while a page's SQL runs. A file only.
   */
  readerThreads?: number;
  /**
   * Entries the id index's recent part takes before a merge (id-index.ts MERGE_ROWS). Tests pass
   * a few, so that queries by id meet entries in both parts.
   */
  idMergeRows?: number;
}

function checkFolder(path: string): void {
  if (path === ':memory:') return;
  const folder = dirname(path);
  let isFolder: boolean;
  try {
    isFolder = statSync(folder).isDirectory();
  } catch {
    throw new StoreError(`cannot open ${path}: the folder ${folder} does not exist`, 'io');
  }
  if (!isFolder) throw new StoreError(`cannot open ${path}: ${folder} is not a folder`, 'io');
}

function schemaVersion(db: Database.Database): number {
  const table = db
    .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'")
    .get();
  if (table === undefined) return 0;
  const row = db.prepare('SELECT max(version) AS version FROM schema_migrations').get() as {
    version: number | null;
  };
  return row.version ?? 0;
}

/**
 * Applies the migrations this database has not seen, in one IMMEDIATE transaction so that two
 * processes opening a new file at once do not both apply them. Nothing is written when the schema
 * is current, so an up-to-date read-only file still opens.
 */
function migrate(db: Database.Database, path: string): void {
  if (pendingMigrations(SQLITE_MIGRATIONS, schemaVersion(db), path).length === 0) return;
  db.transaction(() => {
    db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      applied_at TEXT NOT NULL
    ) STRICT`);
    const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
    for (const migration of pendingMigrations(SQLITE_MIGRATIONS, schemaVersion(db), path)) {
      db.exec(migration.sql);
      migration.run?.(db);
      record.run(migration.version, migration.name, new Date().toISOString());
    }
  }).immediate();
}

/**
 * Makes a Store of an open better-sqlite3 connection: sets durability, migrates, prepares. The
 * store owns the connection from then on and closes it on close(). Tests use this to open the
 * connection their own way (read-only, a page limit standing in for a full disk).
 */
export function createSqliteStore(db: Database.Database, options: SqliteStoreOptions): SqliteStore {
  let writer: PutWriter | undefined;
  let reader: PageReader | undefined;
  try {
    configureConnection(db);
    migrate(db, options.path);
    // Threads open the file again: an in-memory database has none.
    const onFile = options.path !== ':memory:';
    const withWriter = options.writerThread === true && onFile;
    // The writer's connection checkpoints the WAL its commits grow (put-writer-worker.ts); this
    // one's few writes (deletes, records) would otherwise copy its frames back on the event loop.
    if (withWriter) db.pragma('wal_autocheckpoint = 0');
    const idMergeRows = options.idMergeRows ?? MERGE_ROWS;
    writer = withWriter ? PutWriter.start(options.path, idMergeRows) : undefined;
    const readers = onFile ? (options.readerThreads ?? 0) : 0;
    reader = readers > 0 ? PageReader.start(options.path, readers) : undefined;
    return new SqliteStore(db, options.path, options.clock ?? Date.now, idMergeRows, writer, reader);
  } catch (error) {
    // Threads already started would keep the process alive and the file open.
    void writer?.stop();
    void reader?.stop();
    db.close();
    throw toStoreError(error, options.path);
  }
}

export async function openSqliteStore(options: SqliteStoreOptions): Promise<SqliteStore> {
  checkFolder(options.path);
  let db: Database.Database;
  try {
    db = new Database(options.path, { timeout: BUSY_TIMEOUT_MS });
  } catch (error) {
    throw toStoreError(error, options.path);
  }
  return createSqliteStore(db, options);
}
