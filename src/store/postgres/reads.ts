// get, list and count: one SELECT each, with the WHERE built by the shared query builder.

import { buildWhere, checkLimit, lowerBound, pageOf, type StoredRow, toStoredVersion } from '../common.js';
import type { ListQuery, Page, PageRequest, Scope, StoredVersion, VersionSelector } from '../store.js';
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

export async function listVersions(
  connection: Connection,
  query: ListQuery,
  page: PageRequest,
): Promise<Page> {
  checkLimit(page.limit);
  const { values, bind } = parameters();
  const where = whereClause(buildWhere(query, lowerBound(query, page.cursor), 'postgres', bind));
  // One row past the limit says whether another page follows without a second query.
  const result = await connection.query<StoredRow>(
    `SELECT ${STORED_COLUMNS} FROM objects ${where} ORDER BY date_added LIMIT ${bind(BigInt(page.limit + 1))}`,
    values,
  );
  return pageOf(result.rows, page.limit);
}

export async function countVersions(connection: Connection, query: ListQuery): Promise<number> {
  const { values, bind } = parameters();
  const where = whereClause(buildWhere(query, lowerBound(query, undefined), 'postgres', bind));
  const result = await connection.query<{ count: string }>(`SELECT count(*) FROM objects ${where}`, values);
  return Number(result.rows[0]?.count ?? 0);
}
