// The SQLite schema as an ordered list of steps. A step is never edited once released: a change
// is a new step, so every database reaches the same schema by applying what it has not seen yet.

import type { Migration } from '../common.js';

export const SQLITE_MIGRATIONS: readonly Migration[] = [
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
];
