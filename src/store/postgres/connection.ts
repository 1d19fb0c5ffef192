// The connection pool and the two ways the store uses a connection: a plain query, and a write
// transaction serialized by the store's advisory lock. Driver and server failures leave as StoreErrors.

import pg from 'pg';
import { StoreError } from '../store.js';
import { toStoreError } from './errors.js';
import type { PostgresEndpoint } from './url.js';

// Lower-case identifiers only: they need no quoting in SQL nor in the startup options, and
// PostgreSQL folds unquoted names to lower case, so a mixed-case name would name another schema.
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
const CONNECT_TIMEOUT_MS = 5000;

// First key of the two-key advisory lock taken by every write and by migrations; the second is
// the schema's hash, so stores in different schemas of one database do not wait on each other.
const WRITE_LOCK_CLASS = 0x64726561; // "drea"

export function checkSchemaName(schema: string): void {
  if (!SCHEMA_NAME.test(schema)) {
    throw new StoreError(
      `invalid PostgreSQL schema name "${schema}": use lower-case letters, digits and "_", at most 63`,
      'bad-url',
    );
  }
}

export interface Connection {
  readonly address: string;
  readonly schema: string;
  query<Row extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<Row>>;
  /** Runs `work` in a transaction that holds the store's write lock from its first statement to its commit. */
  writeTransaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T>;
  end(): Promise<void>;
}

export function openConnection(endpoint: PostgresEndpoint, schema: string, poolSize: number): Connection {
  const pool = new pg.Pool({
    connectionString: endpoint.connectionString,
    max: poolSize,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    // search_path is set in the startup packet, so every pooled connection has it without an extra
    // round trip; synchronous_commit=on makes a resolved put durable even where the server default
    // trades durability for speed. Both come after the URL's own options so that they win.
    options: [endpoint.startupOptions, `-c search_path=${schema} -c synchronous_commit=on`]
      .filter((part) => part !== undefined)
      .join(' '),
  });
  // An idle client whose server went away emits 'error'; the pool drops it and the next query
  // reports the failure, so there is nothing to do here but keep the process alive.
  pool.on('error', () => {});
  const address = endpoint.address;

  async function query<Row extends pg.QueryResultRow>(text: string, values?: unknown[]) {
    try {
      return await pool.query<Row>(text, values);
    } catch (error) {
      throw toStoreError(error, address);
    }
  }

  async function writeTransaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (error) {
      throw toStoreError(error, address);
    }
    let broken: unknown;
    try {
      // Writers on every node of one database serialize on this lock, taken before anything is
      // read. Each reads the date_added counter under it, assigns higher values and commits before
      // the next writer can read it (PostgreSQL releases the lock after the commit is visible); so
      // commit order equals date_added order. Without it two nodes could commit 5 after a reader
      // paged past 6 with added_after, and that reader would never see 5. It lives in its own
      // statement because a statement's snapshot is taken before it runs: a read in the locking
      // statement could miss the commit the lock waited for.
      await client.query(`BEGIN; SELECT pg_advisory_xact_lock(${WRITE_LOCK_CLASS}, hashtext('${schema}'))`);
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      try {
        await client.query('ROLLBACK');
      } catch (rollbackError) {
        broken = rollbackError;
      }
      throw toStoreError(error, address);
    } finally {
      // A client whose rollback failed may be mid-transaction or disconnected: destroy, not reuse.
      client.release(broken === undefined ? undefined : true);
    }
  }

  return { address, schema, query, writeTransaction, end: () => pool.end() };
}
