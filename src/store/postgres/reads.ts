// get, list and count: one SELECT each, with the WHERE built by the shared query builder.

import {
  buildWhere,
  checkLimit,
  jsonPageOf,
  lastDateAddedOf,
  lowerBound,
  pageOf,
  type StoredRow,
  toStoredVersion,
} from '../common.js';
import type {
  JsonPage,
  ListQuery,
  Page,
  PageRequest,
  Scope,
  StoredVersion,
  VersionSelector,
} from '../store.js';
import type { Connection } from './connection.js';
import { objectConditions, parameters, STORED_COLUMNS, whereClause } from './sql.js';

export async function getVersions(
  connection: Connection,
  id: string,
  options: { collection?: string; versions?: readonly VersionSelector[]; scopes?: readonly Scope[] },
): Promise<StoredVersion[]> {
  const { values, bind } = parameters();
  const where = whereClause(objectConditions(id, options, bind));
  const result = await connection.query<StoredRow>(
    `SELECT ${STORED_COLUMNS} FROM objects ${where} ORDER BY version_key, date_added`,
    values,
  );
  return result.rows.map(toStoredVersion);
}

/** Up to limit + 1 rows of a list in date_added order: the extra row says whether another page follows. */
async function listRows<Row extends StoredRow | JsonListRow>(
  connection: Connection,
  columns: string,
  query: ListQuery,
  page: PageRequest,
): Promise<Row[]> {
  checkLimit(page.limit);
  const { values, bind } = parameters();
  const where = whereClause(buildWhere(query, lowerBound(query, page.cursor), 'postgres', bind));
  const result = await connection.query<Row>(
    `SELECT ${columns} FROM objects ${where} ORDER BY date_added LIMIT ${bind(BigInt(page.limit + 1))}`,
    values,
  );
  return result.rows;
}

interface JsonListRow {
  date_added: string;
  json: string;
}

export async function listVersions(
  connection: Connection,
  query: ListQuery,
  page: PageRequest,
): Promise<Page> {
  return pageOf(await listRows<StoredRow>(connection, STORED_COLUMNS, query, page), page.limit);
}

export async function listJson(
  connection: Connection,
  query: ListQuery,
  page: PageRequest,
): Promise<JsonPage> {
  const rows = await listRows<JsonListRow>(connection, 'date_added, json', query, page);
  return jsonPageOf(
    rows.map((row) => [row.date_added, row.json] as const),
    page.limit,
  );
}

export async function countVersions(connection: Connection, query: ListQuery): Promise<number> {
  const { values, bind } = parameters();
  const where = whereClause(buildWhere(query, lowerBound(query, undefined), 'postgres', bind));
  const result = await connection.query<{ count: string }>(`SELECT count(*) FROM objects ${where}`, values);
  return Number(result.rows[0]?.count ?? 0);
}

/**
 * The last date_added handed out. The counter's row is locked by each write until it commits, so
 * every row up to the value read is committed.
 */
export async function lastDateAdded(connection: Connection): Promise<string | undefined> {
  const result = await connection.query<{ last_micros: string }>(
    'SELECT last_micros FROM date_added_counter',
  );
  return lastDateAddedOf(BigInt(result.rows[0]?.last_micros ?? 0));
}
