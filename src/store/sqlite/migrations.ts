// The SQLite schema as an ordered list of steps. A step is never edited once released: a change
// is a new step, so every database reaches the same schema by applying what it has not seen yet.

import type BetterSqlite3 from 'better-sqlite3';
import { backfilledAccess, idKey, type Migration, UNMARKED_ACCESS } from '../common.js';

/** A SQLite step: its `run` works synchronously inside the migration's transaction. */
export type SqliteMigration = Migration<(db: BetterSqlite3.Database) => void>;

// Rows read per round of the backfill: a big database is walked without holding it in memory.
const BACKFILL_CHUNK = 1000;

/** Gives the rows stored before migration 2 their access columns, writing only those that differ from the default. */
function backfillAccess(db: BetterSqlite3.Database): void {
  const read = db.prepare<[number, number], { date_added: number; json: string }>(
    'SELECT date_added, json FROM objects WHERE date_added > ? ORDER BY date_added LIMIT ?',
  );
  const write = db.prepare<[number, string, number]>(
    'UPDATE objects SET tlp_rank = ?, created_by = ? WHERE date_added = ?',
  );
  // better-sqlite3 runs no statement while another is being iterated, hence reads in chunks.
  for (let after = -1; ; ) {
    const rows = read.all(after, BACKFILL_CHUNK);
    for (const row of backfilledAccess(rows)) write.run(row.tlpRank, row.createdBy, row.dateAdded);
    const last = rows.at(-1);
    if (last === undefined || rows.length < BACKFILL_CHUNK) return;
    after = last.date_added;
  }
}

/**
 * Keys every row's id_key (common.ts idKey) and moves the id index onto it. SQLite's index on
 * (id, collection_key, version_key) held about 80 bytes an entry, 99 MB at a million objects: every
 * new object (STIX ids are random) read and dirtied a random leaf of it, and each dirty 8 KB leaf
 * went into the WAL at commit and into the file at the checkpoint, most of what storing an object
 * cost. Keyed on (id_key, collection_key), an entry takes about a sixth of that, so the index stays
 * in the page cache and more new objects share a leaf. Uniqueness of (id, collection, version) was
 * never left to the index: a put looks the versions of its object up first, under the write lock.
 */
function keyIds(db: BetterSqlite3.Database): void {
  db.function('dreamcatcher_id_key', { deterministic: true }, (id: unknown) => idKey(String(id)));
  db.exec('UPDATE objects SET id_key = dreamcatcher_id_key(id)');
  db.exec(`DROP INDEX objects_by_version;
    CREATE INDEX objects_by_id_key ON objects (id_key, collection_key);
    -- A dreamcatcher from before this step, still running on the file, inserts rows without a key
    -- (idKey is never 0): they would be stored where no query by id finds them.
    CREATE TRIGGER objects_need_id_key BEFORE INSERT ON objects WHEN NEW.id_key = 0
      BEGIN SELECT RAISE(ABORT, 'this database was upgraded by a newer dreamcatcher: restart this one'); END;`);
}

export const SQLITE_MIGRATIONS: readonly SqliteMigration[] = [
  {
    version: 1,
    name: 'collections, objects and the date_added counter',
    sql: `
      -- Rows name their collection by the small integer key, not the id text (a UUID), which would
      -- be repeated in every row and in three indexes; the Store API still speaks ids.
      CREATE TABLE collections (
        key INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL UNIQUE,
        description TEXT,
        created TEXT NOT NULL
      ) STRICT;

      -- date_added is the rowid: unique, increasing, and the order rows are stored in, so keyset
      -- paging walks the table (or an index that ends in the rowid) without sorting.
      CREATE TABLE objects (
        date_added INTEGER PRIMARY KEY,
        collection_key INTEGER NOT NULL,
        id TEXT NOT NULL,
        type TEXT NOT NULL,
        version TEXT NOT NULL,
        version_key TEXT NOT NULL,
        spec_version TEXT NOT NULL,
        revoked INTEGER NOT NULL,
        is_first INTEGER NOT NULL,
        is_latest INTEGER NOT NULL,
        search_text TEXT NOT NULL,
        json TEXT NOT NULL
      ) STRICT;

      CREATE UNIQUE INDEX objects_by_version ON objects (id, collection_key, version_key);
      CREATE INDEX objects_by_collection ON objects (collection_key, date_added);
      -- Small partial indexes make the default 'last' selector (and 'first') a range scan.
      CREATE INDEX objects_latest_by_collection ON objects (collection_key, date_added) WHERE is_latest = 1;
      CREATE INDEX objects_first_by_collection ON objects (collection_key, date_added) WHERE is_first = 1;

      -- The last date_added handed out, kept apart from the rows so that deleting the newest row
      -- never lets a later row reuse its value (a client may hold a cursor pointing at it).
      CREATE TABLE counters (
        name TEXT PRIMARY KEY,
        value INTEGER NOT NULL
      ) STRICT;
      INSERT INTO counters (name, value) VALUES ('last_date_added', 0);
    `,
  },
  {
    version: 2,
    name: 'API roots, access columns, records and the audit log',
    sql: `
      ALTER TABLE collections ADD COLUMN api_root TEXT NOT NULL DEFAULT 'api1';

      -- Who may see a row besides its collection's readers (see Scope), from accessColumnsOf.
      -- SQLite adds a NOT NULL column only with a default: the value of an object without TLP
      -- marking or author, which the backfill then corrects where it is wrong. Every insert names
      -- both columns, so no new row relies on the default.
      ALTER TABLE objects ADD COLUMN tlp_rank INTEGER NOT NULL DEFAULT ${UNMARKED_ACCESS.tlpRank};
      ALTER TABLE objects ADD COLUMN created_by TEXT NOT NULL DEFAULT '';

      -- Keys order by the default BINARY collation, UTF-8 bytes, as PostgreSQL's "C" does.
      CREATE TABLE records (
        kind TEXT NOT NULL,
        key TEXT NOT NULL,
        json TEXT NOT NULL,
        PRIMARY KEY (kind, key)
      ) STRICT;

      -- AUTOINCREMENT: a seq is never handed out twice, even if the newest entries were removed
      -- behind the store's back; a rolled-back append takes its number back with it.
      CREATE TABLE audit (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        time TEXT NOT NULL,
        actor TEXT NOT NULL,
        org TEXT,
        action TEXT NOT NULL,
        target TEXT NOT NULL,
        details TEXT
      ) STRICT;
    `,
    run: backfillAccess,
  },
  {
    version: 3,
    name: 'the id index keyed on a hash of the id',
    sql: 'ALTER TABLE objects ADD COLUMN id_key INTEGER NOT NULL DEFAULT 0;',
    run: keyIds,
  },
  {
    version: 4,
    name: 'the id index in a merged part and a recent one; objects renamed stored_objects',
    // Even keyed on id_key, every new object dirtied a random leaf of the id index, about 1,200
    // distinct leaves of 2,500 for a group of 1,600 new objects at a million, each written whole to
    // the WAL and again by the checkpoint: most of what storing an object cost. New entries now go
    // to a small table (object_ids_recent) whose few leaves a group shares, merged into the big one
    // (object_ids_merged) in sorted runs of thousands (id-index.ts), each of its leaves written once
    // a run. Queries by id read both through the object_ids view. 2.5 times the rows/s in the SQL
    // alone (docs/benchmarks.md, session 7).
    //
    // A dreamcatcher from before this step, still running on the file, would store rows that no
    // query by id finds. Its statements name the table `objects`; that is now a view whose writes
    // fail with a message saying why, so it fails loudly, at no cost to this one's inserts (a
    // trigger on the table itself would give every insert a statement journal, see put-group.ts).
    sql: `
      DROP TRIGGER objects_need_id_key;
      DROP INDEX objects_by_id_key;
      ALTER TABLE objects RENAME TO stored_objects;

      CREATE TABLE object_ids_merged (
        id_key INTEGER NOT NULL,
        collection_key INTEGER NOT NULL,
        date_added INTEGER NOT NULL,
        PRIMARY KEY (id_key, collection_key, date_added)
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE object_ids_recent (
        id_key INTEGER NOT NULL,
        collection_key INTEGER NOT NULL,
        date_added INTEGER NOT NULL,
        PRIMARY KEY (id_key, collection_key, date_added)
      ) STRICT, WITHOUT ROWID;
      INSERT INTO object_ids_merged (id_key, collection_key, date_added)
        SELECT id_key, collection_key, date_added FROM stored_objects ORDER BY id_key, collection_key, date_added;
      -- SQLite pushes a query's conditions into both arms, each a search of its primary key.
      CREATE VIEW object_ids AS
        SELECT id_key, collection_key, date_added FROM object_ids_merged
        UNION ALL SELECT id_key, collection_key, date_added FROM object_ids_recent;
      -- Deletes keep the id index by trigger: a trigger fires for its own statement kind only, so
      -- inserts pay nothing for it.
      CREATE TRIGGER stored_objects_unindexed AFTER DELETE ON stored_objects BEGIN
        DELETE FROM object_ids_merged
          WHERE id_key = OLD.id_key AND collection_key = OLD.collection_key AND date_added = OLD.date_added;
        DELETE FROM object_ids_recent
          WHERE id_key = OLD.id_key AND collection_key = OLD.collection_key AND date_added = OLD.date_added;
      END;

      CREATE VIEW objects AS SELECT * FROM stored_objects;
      CREATE TRIGGER objects_moved_insert INSTEAD OF INSERT ON objects
        BEGIN SELECT RAISE(ABORT, 'this database was upgraded by a newer dreamcatcher: restart this one'); END;
      CREATE TRIGGER objects_moved_update INSTEAD OF UPDATE ON objects
        BEGIN SELECT RAISE(ABORT, 'this database was upgraded by a newer dreamcatcher: restart this one'); END;
      CREATE TRIGGER objects_moved_delete INSTEAD OF DELETE ON objects
        BEGIN SELECT RAISE(ABORT, 'this database was upgraded by a newer dreamcatcher: restart this one'); END;
    `,
  },
];
