// The audit log: appended under the store's write lock, so that entries commit in seq order and a
// reader paging with `after` never passes a seq whose entry is still to commit; read in seq order.

import type pg from 'pg';
import {
  type AuditRow,
  auditRowOf,
  checkAuditAfter,
  checkLimit,
  type NewAuditRow,
  toAuditEntry,
} from '../common.js';
import type { AuditEntry } from '../store.js';
import type { Connection } from './connection.js';

const COLUMNS = 'seq, time, actor, org, action, target, details';

export async function appendAudit(
  connection: Connection,
  entry: Omit<AuditEntry, 'seq' | 'time'>,
  nowMs: number,
): Promise<AuditEntry> {
  const row = auditRowOf(entry, nowMs);
  const result = await connection.writeTransaction((client) => insertAuditRow(client, row));
  return toAuditEntry(result.rows[0] as AuditRow);
}

/** Appends one entry made a row; to be called under the write lock (a write transaction). */
export function insertAuditRow(
  client: Pick<pg.PoolClient, 'query'>,
  row: NewAuditRow,
): Promise<pg.QueryResult<AuditRow>> {
  return client.query<AuditRow>(
    `INSERT INTO audit (time, actor, org, action, target, details) VALUES ($1, $2, $3, $4, $5, $6)
     RETURNING ${COLUMNS}`,
    [row.time, row.actor, row.org, row.action, row.target, row.details],
  );
}

export async function listAudit(
  connection: Connection,
  options: { after?: number; limit: number },
): Promise<AuditEntry[]> {
  const after = options.after ?? 0;
  checkAuditAfter(after);
  checkLimit(options.limit);
  const result = await connection.query<AuditRow>(
    `SELECT ${COLUMNS} FROM audit WHERE seq > $1 ORDER BY seq LIMIT $2`,
    [after, options.limit],
  );
  return result.rows.map(toAuditEntry);
}

export async function lastAuditSeq(connection: Connection): Promise<number> {
  const result = await connection.query<{ seq: string | null }>('SELECT max(seq)::text AS seq FROM audit');
  return Number(result.rows[0]?.seq ?? 0);
}
