// Puts grouped into one write transaction (see ../group-commit.ts): each runs in a savepoint of its
// own when there are several, so that one put's failure is undone while the others commit, and
// what its follow-up makes of its outcomes is written in the same savepoint.

import type pg from 'pg';
import { commitLoaded, followUpRows, type PendingPut, type ReadyPut } from '../common.js';
import type { Settled } from '../group-commit.js';
import type { PutOutcome } from '../store.js';
import { insertAuditRow } from './audit.js';
import type { Connection } from './connection.js';
import { toStoreError } from './errors.js';
import { upsertRecordRow } from './records.js';
import { writeBatch } from './write-batch.js';

async function putOne(client: pg.PoolClient, write: ReadyPut, clock: () => number): Promise<PutOutcome[]> {
  const outcomes = await writeBatch(client, write.collection, write.rows, clock());
  if (write.followUp === undefined) return outcomes;
  const { records, audit } = followUpRows(write.followUp(outcomes), clock());
  for (const record of records) await upsertRecordRow(client, record);
  for (const row of audit) await insertAuditRow(client, row);
  return outcomes;
}

/** Commits a group of puts in one write transaction: alone, a put's failure rolls the transaction back. */
export function commitPuts(
  connection: Connection,
  writes: readonly PendingPut[],
  clock: () => number,
): Promise<Settled<PutOutcome[]>[]> {
  return commitLoaded(writes, (ready) => commitReady(connection, ready, clock));
}

function commitReady(
  connection: Connection,
  writes: readonly ReadyPut[],
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
