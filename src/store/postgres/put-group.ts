// Puts grouped into one write transaction (see ../group-commit.ts): each runs in a savepoint of its
// own when there are several, so that one put's failure is undone while the others commit, and
// what its follow-up makes of its outcomes is written in the same savepoint.

import type pg from 'pg';
import { followUpRows } from '../common.js';
import type { Settled } from '../group-commit.js';
import type { NewRow, PutFollowUp, PutOutcome } from '../store.js';
import type { Connection } from './connection.js';
import { toStoreError } from './errors.js';
import { writeBatch } from './write-batch.js';

/** One put waiting for its group's transaction, its records already checked and made rows. */
export interface PendingPut {
  collection: string;
  rows: readonly NewRow[];
  followUp: ((outcomes: readonly PutOutcome[]) => PutFollowUp) | undefined;
}

async function putOne(client: pg.PoolClient, write: PendingPut, clock: () => number): Promise<PutOutcome[]> {
  const outcomes = await writeBatch(client, write.collection, write.rows, clock());
  if (write.followUp === undefined) return outcomes;
  const { records, audit } = followUpRows(write.followUp(outcomes), clock());
  for (const record of records) {
    await client.query(
      `INSERT INTO records (kind, key, json) VALUES ($1, $2, $3)
       ON CONFLICT (kind, key) DO UPDATE SET json = excluded.json`,
      [record.kind, record.key, record.json],
    );
  }
  for (const row of audit) {
    await client.query(
      'INSERT INTO audit (time, actor, org, action, target, details) VALUES ($1, $2, $3, $4, $5, $6)',
      [row.time, row.actor, row.org, row.action, row.target, row.details],
    );
  }
  return outcomes;
}

/** Commits a group of puts in one write transaction: alone, a put's failure rolls the transaction back. */
export function commitPuts(
  connection: Connection,
  writes: readonly PendingPut[],
  clock: () => number,
): Promise<Settled<PutOutcome[]>[]> {
  return connection.writeTransaction(async (client) => {
    const [only] = writes;
    if (writes.length === 1 && only !== undefined)
      return [{ ok: true, value: await putOne(client, only, clock) }];
    const settled: Settled<PutOutcome[]>[] = [];
    for (const write of writes) {
      await client.query('SAVEPOINT put');
      try {
        const value = await putOne(client, write, clock);
        await client.query('RELEASE SAVEPOINT put');
        settled.push({ ok: true, value });
      } catch (error) {
        // Should the rollback itself fail, the connection is broken: that throws, and the
        // whole group fails with the transaction.
        await client.query('ROLLBACK TO SAVEPOINT put');
        settled.push({ ok: false, error: toStoreError(error, connection.address) });
      }
    }
    return settled;
  });
}
