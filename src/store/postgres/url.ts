// Checks a PostgreSQL URL before the driver sees it, so a typo is reported as what it is (a bad
// scheme, a port that is not a number) rather than as a driver stack trace or a connection
// timeout. Messages name the part that is wrong and never contain the password.

import { StoreError } from '../store.js';

export interface PostgresEndpoint {
  /** The URL for the driver, which reads sslmode and friends from it; `options` is moved out. */
  connectionString: string;
  /**
   * The URL's `options` parameter (libpq's "-c name=value ..."). The driver lets the URL's value
   * replace the options the store sets (search_path above all), so the store appends its own.
   */
  startupOptions?: string;
  /** "host:port" for messages: where we tried to connect. */
  address: string;
  /**
   * The schema named by a `schema` query parameter, dreamcatcher's own (the driver ignores it), so
   * that a URL alone can place a store, as `serve --database-url` and child processes receive it.
   */
  schema?: string;
}

const SCHEMES = new Set(['postgres:', 'postgresql:']);
const DEFAULT_PORT = '5432';

function badUrl(problem: string): StoreError {
  return new StoreError(`invalid PostgreSQL URL: ${problem}`, 'bad-url');
}

/**
 * The port as written, found without a full parse so that it can be named when wrong. The host
 * starts after the last "@" before the query, so a password holding "#", "/" or ":" is never
 * mistaken for a port and echoed.
 */
function writtenPort(url: string): string | undefined {
  const afterScheme = url.slice(url.indexOf('//') + 2);
  const beforeQuery = afterScheme.split('?', 1)[0] ?? '';
  const fromHost = beforeQuery.slice(beforeQuery.lastIndexOf('@') + 1);
  const hostPort = fromHost.split(/[/#]/, 1)[0] ?? '';
  const match = /^(?:\[[^\]]*\]|[^:]*):(.*)$/.exec(hostPort);
  return match?.[1];
}

function checkPort(port: string | undefined): void {
  if (port === undefined || port === '') return;
  const value = Number(port);
  if (!/^\d+$/.test(port) || value < 1 || value > 65535) {
    throw badUrl(`port "${port}" is not a number from 1 to 65535`);
  }
}

/** The URL with its `options` parameter removed, the rest of the text untouched. */
function withoutOptions(url: string, params: URLSearchParams): string {
  const rest = new URLSearchParams(params);
  rest.delete('options');
  const query = url.indexOf('?');
  const fragment = url.indexOf('#', query);
  const tail = fragment === -1 ? '' : url.slice(fragment);
  return `${url.slice(0, query)}${rest.size === 0 ? '' : `?${rest}`}${tail}`;
}

export function parsePostgresUrl(url: string): PostgresEndpoint {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url)?.[1];
  if (scheme === undefined) throw badUrl('expected postgres://user@host:port/database');
  if (!SCHEMES.has(`${scheme.toLowerCase()}:`)) {
    throw badUrl(`scheme "${scheme}:" is not postgres: or postgresql:`);
  }
  checkPort(writtenPort(url));
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw badUrl('it cannot be parsed as a URL (check for unescaped "@", "/", "#" or "%" in the password)');
  }
  try {
    decodeURIComponent(parsed.password);
    decodeURIComponent(parsed.username);
    decodeURI(parsed.pathname);
  } catch {
    throw badUrl('the user, password or database contains a malformed %-escape');
  }
  // A host may also come as ?host=/run/postgresql (a Unix socket directory), as libpq allows.
  const host = parsed.searchParams.get('host') ?? decodeURIComponent(parsed.hostname);
  if (host === '') throw badUrl('no host (expected postgres://user@host:port/database)');
  const port = parsed.searchParams.get('port') ?? parsed.port;
  checkPort(port);
  const schema = parsed.searchParams.get('schema');
  const startupOptions = parsed.searchParams.get('options');
  return {
    connectionString: startupOptions === null ? url : withoutOptions(url, parsed.searchParams),
    ...(startupOptions === null ? {} : { startupOptions }),
    address: `${host}:${port === '' ? DEFAULT_PORT : port}`,
    ...(schema === null ? {} : { schema }),
  };
}
