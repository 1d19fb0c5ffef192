// A group of puts committed in one IMMEDIATE transaction on one connection: the serving
// connection's (sqlite-store.ts) or a writer thread's (put-writer-worker.ts). A failing put must be
// undone while the others commit. A savepoint per put would do it, but inside a savepoint every
// page a row changes is first copied to a sub-journal: with migration 3's trigger, which gave each
// insert a statement journal too, half the rows/s (docs/benchmarks.md, session 6). So the group is
// first tried without them, and only when a put fails is it rolled back whole and committed again
// with one savepoint a put (better-sqlite3 makes a nested transaction one). A put that fails
// without writing (its collection gone) needs no second try.

import type BetterSqlite3 from 'better-sqlite3';
import { formatMicros } from '../../stix/timestamp.js';
import {
  collectionNotFound,
  flagsForInsert,
  followUpRows,
  idKey,
  nextDateAdded,
  outcomeForExisting,
  type ReadyPut,
} from '../common.js';
import type { Settled } from '../group-commit.js';
import type { NewRow, PutOutcome } from '../store.js';
import { toStoreError } from './errors.js';

/** The stored versions of one object in one collection, with the JSON of the one matching a key. */
interface VersionRow {
  version_key: string;
  date_added: number;
  json: string | null;
}

export type WriteStatements = ReturnType<typeof prepareWriteStatements>;

/**
 * The condition selecting the rows of one object in one collection, found through the id index
 * (migration 4), with the placeholders given for its id_key, collection key and id.
 */
export function rowsOfObject(idKey: string, collection: string, id: string): string {
  return `date_added IN (SELECT date_added FROM object_ids WHERE id_key = ${idKey} AND collection_key = ${collection}) AND id = ${id}`;
}

/** The statements a put runs. */
export function prepareWriteStatements(db: BetterSqlite3.Database) {
  return {
    collectionKey: db.prepare<[string], number>('SELECT key FROM collections WHERE id = ?').pluck(),
    lastDateAdded: db.prepare<[], { value: number }>(
      "SELECT value FROM counters WHERE name = 'last_date_added'",
    ),
    setLastDateAdded: db.prepare<[bigint]>("UPDATE counters SET value = ? WHERE name = 'last_date_added'"),
    // One lookup per put row: usually no row (a new object), and the JSON only of the version
    // being put, which is all an unchanged/conflict answer needs.
    storedVersions: db.prepare<[string, number, number, string], VersionRow>(
      `SELECT version_key, date_added, CASE WHEN version_key = ? THEN json END AS json
         FROM stored_objects WHERE ${rowsOfObject('?', '?', '?')}`,
    ),
    clearFirst: db.prepare<[number]>('UPDATE stored_objects SET is_first = 0 WHERE date_added = ?'),
    clearLatest: db.prepare<[number]>('UPDATE stored_objects SET is_latest = 0 WHERE date_added = ?'),
    insertObject: db.prepare<
      [
        bigint,
        number,
        string,
        number,
        string,
        string,
        string,
        string,
        number,
        number,
        number,
        string,
        number,
        string,
        string,
      ]
    >(
      `INSERT INTO stored_objects (date_added, collection_key, id, id_key, type, version, version_key, spec_version,
         revoked, is_first, is_latest, search_text, tlp_rank, created_by, json)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    // The id index's recent part (id-index.ts), kept here rather than by a trigger, which would
    // give every insert a statement journal.
    indexId: db.prepare<[number, number, bigint]>(
      'INSERT INTO object_ids_recent (id_key, collection_key, date_added) VALUES (?, ?, ?)',
    ),
    upsertRecord: db.prepare<[string, string, string]>(
      `INSERT INTO records (kind, key, json) VALUES (?, ?, ?)
       ON CONFLICT (kind, key) DO UPDATE SET json = excluded.json`,
    ),
    appendAudit: db.prepare<[string, string, string | null, string, string, string | null]>(
      'INSERT INTO audit (time, actor, org, action, target, details) VALUES (?, ?, ?, ?, ?, ?)',
    ),
  };
}

/**
 * Commits the group; one Settled per put, in order. Throws (a StoreError) when the transaction
 * itself fails, so that none of the group is stored.
 */
export function commitGroup(
  db: BetterSqlite3.Database,
  statements: WriteStatements,
  writes: readonly ReadyPut[],
  clock: () => number,
  path: string,
): Settled<PutOutcome[]>[] {
  try {
    return inTransaction(db, statements, clock, (counter) =>
      writes.map((write) =>
        settle(statements, write, (key) => {
          try {
            return putBatch(statements, write, key, counter, clock);
          } catch (error) {
            throw new PutFailed(error);
          }
        }),
      ),
    );
  } catch (error) {
    // The transaction's own failure (the lock not taken in time, the commit refused) is the
    // group's, as is a put's when it is alone; among others, each put again in a savepoint.
    if (!(error instanceof PutFailed)) throw toStoreError(error, path);
    if (writes.length === 1) throw toStoreError(error.cause, path);
  }
  try {
    return inTransaction(db, statements, clock, (counter) =>
      writes.map((write) =>
        settle(statements, write, (key) => {
          try {
            return db.transaction(() => putBatch(statements, write, key, counter, clock))();
          } catch (error) {
            // SQLite rolls the whole transaction back on some errors (a full disk, an I/O
            // error): what follows would run outside any, so the group fails instead.
            if (!db.inTransaction) throw error;
            return { error: toStoreError(error, path) };
          }
        }),
      ),
    );
  } catch (error) {
    throw toStoreError(error, path);
  }
}

/** A put's failure in a group tried without savepoints: the group is committed again with them. */
class PutFailed extends Error {
  constructor(override readonly cause: unknown) {
    super('a put of the group failed');
  }
}

/** Runs `puts` in one IMMEDIATE transaction with the group's date_added counter. */
function inTransaction<T>(
  db: BetterSqlite3.Database,
  statements: WriteStatements,
  clock: () => number,
  puts: (counter: { next(): bigint }) => T,
): T {
  return db
    .transaction(() => {
      const counter = counterOf(statements, clock);
      const results = puts(counter);
      counter.save();
      return results;
    })
    .immediate();
}

/** A put's Settled: its collection looked up first (a missing one fails the put before it writes). */
function settle(
  statements: WriteStatements,
  write: ReadyPut,
  put: (collectionKey: number) => PutOutcome[] | { error: unknown },
): Settled<PutOutcome[]> {
  const key = statements.collectionKey.get(write.collection);
  if (key === undefined) return { ok: false, error: collectionNotFound(write.collection) };
  const value = put(key);
  return Array.isArray(value) ? { ok: true, value } : { ok: false, error: value.error };
}

/** One put inside the group's transaction: its rows, then what its follow-up makes of their outcomes. */
function putBatch(
  statements: WriteStatements,
  write: ReadyPut,
  key: number,
  counter: { next(): bigint },
  clock: () => number,
): PutOutcome[] {
  const outcomes = write.rows.map((row) => putRow(statements, key, row, counter));
  if (write.followUp !== undefined) {
    const { records, audit } = followUpRows(write.followUp(outcomes), clock());
    for (const record of records) statements.upsertRecord.run(record.kind, record.key, record.json);
    for (const row of audit)
      statements.appendAudit.run(row.time, row.actor, row.org, row.action, row.target, row.details);
  }
  return outcomes;
}

/**
 * The date_added counter of one write transaction: read from the database under the write lock,
 * advanced in memory, written back once at the end (only when it moved).
 */
export function counterOf(statements: WriteStatements, clock: () => number) {
  const start = BigInt(statements.lastDateAdded.get()?.value ?? 0);
  let last = start;
  return {
    next: () => {
      last = nextDateAdded(last, clock());
      return last;
    },
    save: () => {
      if (last !== start) statements.setLastDateAdded.run(last);
    },
  };
}

/** Stores one row inside the caller's transaction, keeping the first/latest flags right. */
export function putRow(
  statements: WriteStatements,
  collectionKey: number,
  row: NewRow,
  counter: { next(): bigint },
): PutOutcome {
  const key = idKey(row.id);
  const stored = statements.storedVersions.all(row.versionKey, key, collectionKey, row.id);
  let first: VersionRow | undefined;
  let latest: VersionRow | undefined;
  for (const version of stored) {
    if (version.json !== null)
      return outcomeForExisting(row, { json: version.json, dateAdded: version.date_added });
    if (first === undefined || version.version_key < first.version_key) first = version;
    if (latest === undefined || version.version_key > latest.version_key) latest = version;
  }
  const flags = flagsForInsert(row.versionKey, { min: first?.version_key, max: latest?.version_key });
  // The stored rows holding the flags hand them over; the first version of an object has none.
  if (flags.isFirst && first !== undefined) statements.clearFirst.run(first.date_added);
  if (flags.isLatest && latest !== undefined) statements.clearLatest.run(latest.date_added);
  const dateAdded = counter.next();
  statements.insertObject.run(
    dateAdded,
    collectionKey,
    row.id,
    key,
    row.type,
    row.version,
    row.versionKey,
    row.specVersion,
    row.revoked ? 1 : 0,
    flags.isFirst ? 1 : 0,
    flags.isLatest ? 1 : 0,
    row.searchText,
    row.tlpRank,
    row.createdBy,
    row.json,
  );
  statements.indexId.run(key, collectionKey, dateAdded);
  return { status: 'added', dateAdded: formatMicros(dateAdded) };
}
