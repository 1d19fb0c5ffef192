// Picks the backend from the configuration: a postgres:// URL opens PostgreSQL, no URL opens the
// SQLite file in the data folder (or at sqlitePath). PostgreSQL is imported only when asked for, so SQLite users
// never load its driver.

import { mkdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from './sqlite/index.js';
import { type Store, StoreError } from './store.js';

export interface OpenStoreOptions {
  /** The folder holding dreamcatcher.db when no databaseUrl is given; './data' by default. */
  dataDir?: string;
  /** postgres:// or postgresql:// to use PostgreSQL. */
  databaseUrl?: string;
  /** The SQLite file itself, wherever it is, instead of dreamcatcher.db in dataDir (not with databaseUrl). */
  sqlitePath?: string;
  /** Milliseconds since the epoch; Date.now by default. */
  clock?: () => number;
  /** SQLite: commit puts on a thread of their own (sqlite/put-writer.ts), as a server does. */
  writerThread?: boolean;
  /** SQLite: read pages of objects on this many threads of their own (sqlite/page-reader.ts), as a server does. */
  readerThreads?: number;
}

/**
 * How a server opens SQLite: puts committed and pages read on threads of their own, so that the
 * event loop parses, checks and answers requests meanwhile. Readers: a core each beside the event
 * loop's, one at least. With 32 clients asking for pages at random over a million objects
 * (bench/taxii.bench.ts) on two cores, one reader answered 5,607 and 5,435 pages a second against
 * 4,946 and 5,040 for two (alternating): a second thread only added wake-ups, each costing the
 * event loop a system call, once a page's SQL took a reader 100 µs. When it took twice that (a
 * bound LIMIT made SQLite plan every page again), two had answered 2,339 a second against 1,833.
 * At most four: past that the event loop is the bound.
 */
export const SERVING_THREADS = {
  writerThread: true,
  readerThreads: Math.min(4, Math.max(1, availableParallelism() - 1)),
} as const;

export const SQLITE_FILE_NAME = 'dreamcatcher.db';
const DEFAULT_DATA_DIR = 'data';

export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const clock = options.clock ?? Date.now;
  if (options.databaseUrl !== undefined) {
    const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(options.databaseUrl)?.[1]?.toLowerCase();
    if (scheme !== 'postgres' && scheme !== 'postgresql') {
      throw new StoreError(
        scheme === undefined
          ? 'the database URL has no scheme: expected postgres://user@host:port/database'
          : `the database URL scheme "${scheme}:" is not supported: use postgres:// or postgresql://, or no URL for SQLite`,
        'bad-url',
      );
    }
    const { openPostgresStore } = await import('./postgres/index.js');
    return openPostgresStore({ url: options.databaseUrl, clock });
  }
  const threads = {
    writerThread: options.writerThread === true,
    ...(options.readerThreads === undefined ? {} : { readerThreads: options.readerThreads }),
  };
  if (options.sqlitePath !== undefined)
    return openSqliteStore({ path: options.sqlitePath, clock, ...threads });
  const dataDir = options.dataDir ?? DEFAULT_DATA_DIR;
  try {
    mkdirSync(dataDir, { recursive: true });
  } catch (error) {
    throw new StoreError(`cannot create the data folder ${dataDir}: ${(error as Error).message}`, 'io');
  }
  return openSqliteStore({ path: join(dataDir, SQLITE_FILE_NAME), clock, ...threads });
}
