// The PostgreSQL backend, for several `serve` nodes sharing one database.

import { randomUUID } from 'node:crypto';
import type { Store } from '../store.js';
import { checkSchemaName, openConnection } from './connection.js';
import { migrate } from './migrate.js';
import { PostgresStore } from './postgres-store.js';
import { parsePostgresUrl } from './url.js';

export interface PostgresStoreOptions {
  /** postgres://user:password@host:port/database, with libpq's query parameters (sslmode, ...). */
  url: string;
  /** The schema holding the store's tables, created when missing. Default: the URL's `schema` parameter, else "public". */
  schema?: string;
  /** Milliseconds since the epoch; date_added and collection creation times come from it. */
  clock?: () => number;
  /** Connections kept open at most. Default 10. */
  poolSize?: number;
}

/**
 * Connects, creates the schema or migrates it to this code's version, and returns the store.
 * Rejects with StoreError 'bad-url', 'unreachable' or 'schema' when that cannot be done.
 */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<Store> {
  const endpoint = parsePostgresUrl(options.url);
  const schema = options.schema ?? endpoint.schema ?? 'public';
  checkSchemaName(schema);
  const connection = openConnection(endpoint, schema, options.poolSize ?? 10);
  try {
    await migrate(connection);
  } catch (error) {
    await connection.end();
    throw error;
  }
  return new PostgresStore(connection, options.clock ?? Date.now, randomUUID);
}
