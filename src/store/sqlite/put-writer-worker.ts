// The writer thread of a SQLite store (put-writer.ts): its own connection to the file, set up as
// the serving one, committing the groups of puts it is sent, one after another, in order.

import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { commitLoaded } from '../common.js';
import { WalCheckpoints } from './checkpointer.js';
import { BUSY_TIMEOUT_MS, configureConnection } from './connection.js';
import { toStoreError } from './errors.js';
import { addedRows, IdIndexMerges } from './id-index.js';
import { commitGroup, prepareWriteStatements } from './put-group.js';
import type { FromWriter, PutWriterData, ToWriter, WireSettled } from './put-writer.js';
import { toWire } from './wire-errors.js';

const port = parentPort;
if (port === null) throw new Error('put-writer-worker.js runs as a worker thread');
const { path, idMergeRows } = workerData as PutWriterData;

const db = new Database(path, { fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
configureConnection(db);
const statements = prepareWriteStatements(db);
// The WAL grows with this connection's commits, so it is the one that hands checkpoints to their
// thread and, past the WAL's bound, checkpoints itself, as the serving connection does without a
// writer thread. From another thread such a checkpoint would wait for this one's commits.
const checkpoints = new WalCheckpoints(db, path);
const merges = new IdIndexMerges(db, idMergeRows);

async function commit(message: ToWriter & { kind: 'group' }): Promise<FromWriter> {
  try {
    const settled = await commitLoaded(message.puts, async (ready) => {
      const committed = commitGroup(db, statements, ready, () => message.nowMs, path);
      checkpoints.afterCommit();
      return committed;
    });
    const results = settled.map(
      (put): WireSettled => (put.ok ? put : { ok: false, error: toWire(put.error) }),
    );
    return { kind: 'committed', id: message.id, results };
  } catch (error) {
    return { kind: 'failed', id: message.id, error: toWire(toStoreError(error, path)) };
  }
}

// One message at a time: loading a follow-up's module is asynchronous, and groups commit in order.
let queue: Promise<void> = Promise.resolve();
port.on('message', (message: ToWriter) => {
  queue = queue.then(async () => {
    if (message.kind === 'stop') {
      await checkpoints.stop();
      db.close();
      port.close();
      return;
    }
    const answer = await commit(message);
    port.postMessage(answer);
    // Once answered: the puts are acknowledged without waiting for a merge.
    if (answer.kind === 'committed') merges.afterCommit(addedRows(answer.results));
  });
});
