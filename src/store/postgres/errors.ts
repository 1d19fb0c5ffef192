// Turns what `pg` and the socket throw into StoreErrors a person can act on: which server, and the
// server's own reason, without the driver's stack (kept as `cause` for debugging).

import pg from 'pg';
import { StoreError } from '../store.js';

// Node's socket errors: the server could not be reached at all.
const SOCKET_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused (is PostgreSQL running and listening there?)',
  ECONNRESET: 'connection reset by the server',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'connection timed out',
  EPIPE: 'connection closed by the server',
};

// SQLSTATEs (https://www.postgresql.org/docs/15/errcodes-appendix.html) that mean the server refused
// or lost the session rather than the statement being wrong.
const UNREACHABLE_STATES = new Set(['3D000', '53300', '57P01', '57P02', '57P03']);
const UNREACHABLE_CLASSES = new Set(['08', '28']);

function fieldOf(error: unknown, field: string): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const value = (error as Record<string, unknown>)[field];
  return typeof value === 'string' ? value : undefined;
}

function storeError(message: string, code: StoreError['code'], cause: unknown): StoreError {
  const error = new StoreError(message, code);
  Object.defineProperty(error, 'cause', { value: cause, enumerable: false });
  return error;
}

// Failures the driver raises itself, known by message since it gives them no code.
interface DriverFailure {
  match: RegExp;
  code: StoreError['code'];
  explain: (address: string, message: string) => string;
}

const DRIVER_FAILURES: readonly DriverFailure[] = [
  {
    match: /timeout expired|connection timeout|Connection terminated|not queryable|SSL/i,
    code: 'unreachable',
    explain: (address, message) => `PostgreSQL at ${address} is unreachable: ${message}`,
  },
  {
    match: /^SASL: .*password/,
    code: 'unreachable',
    explain: (address) => `PostgreSQL at ${address} asks for a password and the URL gives none`,
  },
  {
    match: /^SASL: /,
    code: 'unreachable',
    explain: (address, message) => `PostgreSQL at ${address} refused the login: ${message}`,
  },
  {
    match: /timeout exceeded when trying to connect/,
    code: 'io',
    explain: (address) =>
      `every pooled connection to PostgreSQL at ${address} stayed busy: none came free in time (raise poolSize?)`,
  },
  {
    match: /after calling end on the pool|Client was closed/,
    code: 'io',
    explain: (address) => `the store on PostgreSQL at ${address} is closed`,
  },
];

/**
 * The StoreError for a failure of the driver, the socket or the server; anything else (the
 * store's own StoreError and StoreInputError, a bug) is returned as it is.
 */
export function toStoreError(error: unknown, address: string): unknown {
  if (!(error instanceof Error)) return error;
  const code = fieldOf(error, 'code') ?? '';
  const message = error.message;
  if (error instanceof pg.DatabaseError) {
    if (UNREACHABLE_STATES.has(code) || UNREACHABLE_CLASSES.has(code.slice(0, 2))) {
      return storeError(`PostgreSQL at ${address} is unreachable: ${message}`, 'unreachable', error);
    }
    if (code === '53100') {
      return storeError(`PostgreSQL at ${address} is out of disk space: ${message}`, 'disk-full', error);
    }
    if (code === '25006') {
      return storeError(`PostgreSQL at ${address} is read-only: ${message}`, 'read-only', error);
    }
    return storeError(`PostgreSQL at ${address} failed: ${message} (SQLSTATE ${code})`, 'io', error);
  }
  const socketReason = SOCKET_CODES[code];
  if (socketReason !== undefined) {
    return storeError(`PostgreSQL at ${address} is unreachable: ${socketReason}`, 'unreachable', error);
  }
  const known = DRIVER_FAILURES.find((failure) => failure.match.test(message));
  return known === undefined ? error : storeError(known.explain(address, message), known.code, error);
}
