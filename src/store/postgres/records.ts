// Records: small JSON values under (kind, key), each call one statement outside the write lock,
// which only orders the writes of objects and audit entries.

import type pg from 'pg';
import { checkRecordName, type RecordRow, recordRowOf } from '../common.js';
import type { Connection } from './connection.js';

/** Creates or replaces one record, checked and made a row (a put's follow-up writes them so). */
export async function upsertRecordRow(
  client: Pick<pg.PoolClient, 'query'>,
  record: RecordRow,
): Promise<void> {
  await client.query(
    `INSERT INTO records (kind, key, json) VALUES ($1, $2, $3)
     ON CONFLICT (kind, key) DO UPDATE SET json = excluded.json`,
    [record.kind, record.key, record.json],
  );
}

export async function getRecord(connection: Connection, kind: string, key: string): Promise<unknown> {
  checkRecordName('kind', kind);
  checkRecordName('key', key);
  const result = await connection.query<{ json: string }>(
    'SELECT json FROM records WHERE kind = $1 AND key = $2',
    [kind, key],
  );
  const row = result.rows[0];
  return row === undefined ? undefined : JSON.parse(row.json);
}

export async function listRecords(
  connection: Connection,
  kind: string,
): Promise<{ key: string; value: unknown }[]> {
  checkRecordName('kind', kind);
  // The key column's "C" collation orders by bytes, as SQLite does.
  const result = await connection.query<{ key: string; json: string }>(
    'SELECT key, json FROM records WHERE kind = $1 ORDER BY key',
    [kind],
  );
  return result.rows.map((row) => ({ key: row.key, value: JSON.parse(row.json) }));
}

export async function putRecord(
  connection: Connection,
  kind: string,
  key: string,
  value: unknown,
  ifAbsent: boolean,
): Promise<boolean> {
  const { json } = recordRowOf(kind, key, value);
  // One statement either way, so that two writers racing for one key cannot both see it absent.
  const result = await connection.query(
    `INSERT INTO records (kind, key, json) VALUES ($1, $2, $3)
     ON CONFLICT (kind, key) DO ${ifAbsent ? 'NOTHING' : 'UPDATE SET json = excluded.json'}`,
    [kind, key, json],
  );
  return result.rowCount === 1;
}

export async function deleteRecord(connection: Connection, kind: string, key: string): Promise<boolean> {
  checkRecordName('kind', kind);
  checkRecordName('key', key);
  const result = await connection.query('DELETE FROM records WHERE kind = $1 AND key = $2', [kind, key]);
  return (result.rowCount ?? 0) > 0;
}
