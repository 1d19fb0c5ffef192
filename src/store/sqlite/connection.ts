// How every connection to a store's file is set up: the serving one and its writer thread's
// (put-writer.ts) alike, so that both write with the same durability.

import type Database from 'better-sqlite3';
import type { Statement } from 'better-sqlite3';

// How long a writer waits for another process holding the write lock before giving up.
export const BUSY_TIMEOUT_MS = 10_000;
const CACHE_KIB = 64 * 1024;
// Objects average 1.4 KB of JSON and some pass 4 KB, which spill onto overflow pages at the default
// 4 KB page: importing ATT&CK then writes 125 MB and leaves a 60 MB file, against 106 MB and 45 MB
// with 16 KB pages. But every new object also landed in a random leaf of the id index (before
// migration 4 split it), and a commit writes each leaf it touched whole into the WAL: at a million
// objects a group of 1,600 new rows
// wrote 29 MB of WAL with 16 KB pages and 17 to 18 MB with 8 KB ones (and its checkpoint as much), while
// ATT&CK spills little at 8 KB (a 56 MB file instead of 53 MB, the same bytes written). Only a new
// file takes the page size; an existing one keeps its own.
const PAGE_SIZE = 8 * 1024;
// How much of the file reads may take straight from memory (see configureConnection); SQLite clamps it
// to its build's limit, just under 2 GiB for better-sqlite3's, and reads the rest of a bigger file
// as before.
const MMAP_BYTES = 2 * 1024 * 1024 * 1024;

/** Durability, waits, caches and mapping, on a connection just opened. */
export function configureConnection(db: Database.Database): void {
  db.pragma(`page_size = ${PAGE_SIZE}`);
  // WAL lets readers run beside the one writer; FULL syncs the log on every commit, so a batch
  // is on disk when put() resolves.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  // The default 16 MB page cache (better-sqlite3's build) makes a big import re-read index pages it has just written.
  db.pragma(`cache_size = -${CACHE_KIB}`);
  // A group whose put failed commits again with a savepoint a put (put-group.ts), which copies
  // every page it changes into a sub-journal; past 64 KB that goes to a temporary file, a second
  // copy of the commit's pages through the kernel. Measured when every group ran so (session 5):
  // in memory, a group of 1,600 new rows at a million objects wrote 33 MB instead of 52 (WAL and
  // checkpoint included) and its inserts took a third less time. Temporary tables and sorts stay
  // in memory too; no query of the store needs a big one.
  db.pragma('temp_store = MEMORY');
  // Every new object looks its id up in a random leaf of the id index (it also inserted there
  // before migration 4; 99 MB at a million objects then, more than the page cache), so most puts
  // read a page from the file: a pread,
  // a system call and a copy, 10% of the serving thread's time. Mapped, a read is a memory access
  // once the page has been touched. At a million objects, once 100,000 more are in, storing one
  // costs 43 µs of that thread's CPU instead of 49 and 76 µs of wall time instead of 103 (groups
  // of 16 puts of 100, five alternating runs each); a page of GET costs a fifth less. The first
  // 50,000 objects a process stores gain nothing: each page faults in once. Writes are unchanged:
  // this build maps read-only, so commits still go through the WAL and checkpoints by pwrite, with
  // the same syncs. The price: an I/O error while reading the file (or another process cutting it
  // short) kills the process with SIGBUS instead of failing the statement. A larger cache_size
  // (160 or 256 MB, to hold the index) helped less and less reliably.
  db.pragma(`mmap_size = ${MMAP_BYTES}`);
}

/** A value bound to a placeholder of the store's SQL. */
export type SqlValue = string | bigint | number;

/** Distinct SQL texts kept prepared; filter shapes vary with the query, so past this many the cache starts over. */
const MAX_CACHED_QUERIES = 256;

/** Statements prepared once per SQL text on one connection (the serving one, a reader thread's). */
export class StatementCache {
  private readonly statements = new Map<string, Statement>();

  constructor(private readonly db: Database.Database) {}

  get(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      if (this.statements.size >= MAX_CACHED_QUERIES) this.statements.clear();
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}
