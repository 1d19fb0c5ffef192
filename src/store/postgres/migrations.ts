// The PostgreSQL schema, as numbered migrations applied once each and recorded in
// schema_migrations. A released migration is never edited: a change is a new one appended here.

import type pg from 'pg';
import { backfilledAccess, type Migration, UNMARKED_ACCESS } from '../common.js';

/** A PostgreSQL step: its `run` works on the migrating transaction's client. */
export type PostgresMigration = Migration<(client: pg.PoolClient) => Promise<void>>;

// Rows read per round trip of the backfill: a big schema is walked without holding it in memory.
const BACKFILL_CHUNK = 2000;

/** Gives the rows stored before migration 2 their access columns, writing only those that differ from the default. */
async function backfillAccess(client: pg.PoolClient): Promise<void> {
  for (let after = '-1'; ; ) {
    const { rows } = await client.query<{ date_added: string; json: string }>(
      'SELECT date_added, json FROM objects WHERE date_added > $1 ORDER BY date_added LIMIT $2',
      [after, BACKFILL_CHUNK],
    );
    const changed = backfilledAccess(rows);
    if (changed.length > 0) {
      await client.query(
        `UPDATE objects o SET tlp_rank = u.tlp_rank, created_by = u.created_by
           FROM unnest($1::bigint[], $2::integer[], $3::text[]) AS u (date_added, tlp_rank, created_by)
          WHERE o.date_added = u.date_added`,
        [
          changed.map((row) => row.dateAdded),
          changed.map((row) => row.tlpRank),
          changed.map((row) => row.createdBy),
        ],
      );
    }
    const last = rows.at(-1);
    if (last === undefined || rows.length < BACKFILL_CHUNK) return;
    after = last.date_added;
  }
}

export const MIGRATIONS: readonly PostgresMigration[] = [
  {
    version: 1,
    name: 'collections, objects and the date_added counter',
    sql: `
      CREATE TABLE collections (
        -- Creation order, for listing: created has only millisecond precision.
        position bigint GENERATED ALWAYS AS IDENTITY,
        id text PRIMARY KEY,
        title text NOT NULL UNIQUE,
        description text,
        created text NOT NULL
      );

      -- The last date_added ever assigned. Kept apart from max(objects.date_added) so that deleting
      -- the newest rows never lets a later write reuse a date_added a reader has paged past.
      CREATE TABLE date_added_counter (
        only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
        last_micros bigint NOT NULL
      );
      INSERT INTO date_added_counter (last_micros) VALUES (0);

      CREATE TABLE objects (
        collection_id text NOT NULL REFERENCES collections (id),
        id text NOT NULL,
        -- sortKey(version): orders versions written with different precisions; '' when unversioned.
        version_key text NOT NULL,
        version text NOT NULL,
        type text NOT NULL,
        spec_version text NOT NULL,
        date_added bigint NOT NULL,
        revoked boolean NOT NULL,
        is_first boolean NOT NULL,
        is_latest boolean NOT NULL,
        search_text text NOT NULL,
        -- text, not jsonb: reads serve the bytes that were written.
        json text NOT NULL,
        PRIMARY KEY (collection_id, id, version_key)
      );
      -- lz4 compresses several times faster than the default pglz: importing ATT&CK took 15% less
      -- server CPU with it. A server built without lz4 keeps pglz.
      DO $$
      BEGIN
        ALTER TABLE objects ALTER COLUMN json SET COMPRESSION lz4,
                            ALTER COLUMN search_text SET COMPRESSION lz4;
      EXCEPTION WHEN feature_not_supported THEN NULL;
      END $$;
      CREATE UNIQUE INDEX objects_date_added ON objects (date_added);
      CREATE INDEX objects_by_id ON objects (id, version_key);
      CREATE INDEX objects_by_collection ON objects (collection_id, date_added);
      -- TAXII's default is the latest version of each object: a range scan over these rows only.
      CREATE INDEX objects_latest ON objects (collection_id, date_added) WHERE is_latest;
      CREATE INDEX objects_first ON objects (collection_id, date_added) WHERE is_first;
    `,
  },
  {
    version: 2,
    name: 'API roots, access columns, records and the audit log',
    sql: `
      ALTER TABLE collections ADD COLUMN api_root text NOT NULL DEFAULT 'api1';

      -- Who may see a row besides its collection's readers (see Scope), from accessColumnsOf.
      -- The defaults, the value of an object without TLP marking or author, fill the rows stored
      -- so far without rewriting the table; the backfill then corrects the rows where it is wrong.
      -- Dropping them keeps the stored values and makes an insert that forgets a column fail
      -- rather than show the row at the unmarked level.
      ALTER TABLE objects ADD COLUMN tlp_rank integer NOT NULL DEFAULT ${UNMARKED_ACCESS.tlpRank},
                          ADD COLUMN created_by text NOT NULL DEFAULT '';
      ALTER TABLE objects ALTER COLUMN tlp_rank DROP DEFAULT,
                          ALTER COLUMN created_by DROP DEFAULT;

      -- "C" orders keys by their UTF-8 bytes, as SQLite's BINARY does, whatever the database's locale.
      CREATE TABLE records (
        kind text NOT NULL,
        key text COLLATE "C" NOT NULL,
        -- text, as objects.json: read back exactly as written.
        json text NOT NULL,
        PRIMARY KEY (kind, key)
      );

      -- Appends hold the store's write lock, so seq order is also commit order.
      CREATE TABLE audit (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        time text NOT NULL,
        actor text NOT NULL,
        org text,
        action text NOT NULL,
        target text NOT NULL,
        details text
      );
    `,
    run: backfillAccess,
  },
];
