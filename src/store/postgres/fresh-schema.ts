// For tests: the PostgreSQL server they run against, stores in schemas of their own that are
// dropped when the store closes, and a clear failure when the server is not there (CI starts it,
// so a missing server is an error to fix, never a reason to skip).

import pg from 'pg';
import type { Store } from '../store.js';
import { toStoreError } from './errors.js';
import { openPostgresStore } from './index.js';
import { parsePostgresUrl } from './url.js';

export const TEST_POSTGRES_URL =
  process.env.DREAMCATCHER_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

let schemas = 0;

/** A schema name no other test process uses: pid, start time and a counter. */
export function freshSchemaName(): string {
  return `dc_test_${process.pid}_${Date.now().toString(36)}_${++schemas}`;
}

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const endpoint = parsePostgresUrl(TEST_POSTGRES_URL);
  const client = new pg.Client({
    connectionString: endpoint.connectionString,
    connectionTimeoutMillis: 5000,
  });
  try {
    await client.connect();
    return await work(client);
  } catch (error) {
    throw toStoreError(error, endpoint.address);
  } finally {
    await client.end();
  }
}

/** Rejects, saying where and why, when the test server cannot be used. */
export async function requireTestServer(): Promise<void> {
  try {
    await withAdmin((client) => client.query('SELECT 1'));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `the PostgreSQL tests need a server: ${reason}. Start PostgreSQL or set DREAMCATCHER_TEST_POSTGRES_URL.`,
    );
  }
}

export async function query<Row extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<Row[]> {
  return withAdmin(async (client) => (await client.query<Row>(text, values)).rows);
}

export async function dropSchema(schema: string): Promise<void> {
  await query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
}

/** Opens a store in `schema` (a fresh one by default) whose close() also drops the schema. */
export async function openFreshStore(
  options: { clock?: () => number; schema?: string } = {},
): Promise<Store> {
  const schema = options.schema ?? freshSchemaName();
  let store: Store;
  try {
    store = await openPostgresStore({ url: TEST_POSTGRES_URL, poolSize: 4, ...options, schema });
  } catch (error) {
    await dropSchema(schema);
    throw error;
  }
  const close = store.close.bind(store);
  return Object.assign(store, {
    close: async () => {
      await close();
      await dropSchema(schema);
    },
  });
}
