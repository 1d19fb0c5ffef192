// Turns what better-sqlite3 throws into a StoreError a person can act on. Errors the store raises
// on purpose pass through; anything else that is not from SQLite is a bug and is rethrown as is.

import { StoreError, StoreInputError } from '../store.js';

function sqliteCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : undefined;
}

export function toStoreError(error: unknown, path: string): unknown {
  if (error instanceof StoreError || error instanceof StoreInputError) return error;
  if (error instanceof TypeError && error.message.includes('connection is not open')) {
    return new StoreError(`the store on ${path} is closed`, 'io');
  }
  const code = sqliteCode(error);
  if (code === undefined) return error;
  const detail = (error as Error).message;
  if (code === 'SQLITE_FULL') {
    return new StoreError(`the disk holding ${path} is full (${detail}): free space and retry`, 'disk-full');
  }
  if (code.startsWith('SQLITE_READONLY') || code === 'SQLITE_PERM') {
    return new StoreError(
      `${path} cannot be written (${detail}): check its permissions and those of its folder`,
      'read-only',
    );
  }
  if (code === 'SQLITE_NOTADB') return new StoreError(`${path} is not a SQLite database`, 'io');
  if (code.startsWith('SQLITE_CORRUPT')) {
    return new StoreError(`${path} is damaged (${detail}): restore it from a backup`, 'io');
  }
  if (code.startsWith('SQLITE_CANTOPEN')) {
    return new StoreError(
      `cannot open ${path} (${detail}): check that its folder exists and is writable`,
      'io',
    );
  }
  if (code.startsWith('SQLITE_BUSY')) {
    return new StoreError(`${path} stayed locked by another process (${detail}): retry`, 'io');
  }
  return new StoreError(`${path}: ${detail} (${code})`, 'io');
}
