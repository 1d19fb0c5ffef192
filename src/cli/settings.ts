// Where the data lives and where the server listens: flag, else environment variable, else default.

import { resolve } from 'node:path';
import { type OpenStoreOptions, openStore, SERVING_THREADS } from '../store/open.js';
import type { Store } from '../store/store.js';
import { StoreError } from '../store/store.js';
import { CliError, EXIT } from './exit-codes.js';

export interface GlobalOptions {
  data?: string;
}

export function dataDir(options: GlobalOptions): string {
  return resolve(options.data ?? process.env.DREAMCATCHER_DATA_DIR ?? './data');
}

export function databaseUrl(): string | undefined {
  const url = process.env.DREAMCATCHER_DATABASE_URL;
  return url === undefined || url.trim() === '' ? undefined : url.trim();
}

/** Where the configured store is, as openStore takes it (a hunt's worker threads open it again). */
export function storeOptionsOf(options: GlobalOptions): OpenStoreOptions {
  const url = databaseUrl();
  return { dataDir: dataDir(options), ...(url === undefined ? {} : { databaseUrl: url }) };
}

/**
 * Opens the configured store, turning its failures into a message for the terminal. A server
 * (`serving`) commits SQLite puts on a thread of their own.
 */
export async function openConfiguredStore(options: GlobalOptions, serving = false): Promise<Store> {
  try {
    return await openStore({ ...storeOptionsOf(options), ...(serving ? SERVING_THREADS : {}) });
  } catch (error) {
    if (error instanceof StoreError) throw new CliError(error.message, EXIT.failure);
    throw error;
  }
}

/** Describes the store for log lines, never printing a password. */
export function describeStore(options: GlobalOptions): string {
  const url = databaseUrl();
  if (url === undefined) return `sqlite ${resolve(dataDir(options), 'dreamcatcher.db')}`;
  try {
    const parsed = new URL(url);
    return `postgres ${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`;
  } catch {
    return 'postgres';
  }
}
