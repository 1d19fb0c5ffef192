// The checkpointer's thread (see checkpointer.ts): its own connection to the database file, which
// copies the WAL's pages back into the file with PASSIVE checkpoints, on a timer, until told to stop.
// A PASSIVE checkpoint takes no lock that writers or readers wait for: it copies what it can now.

import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { CheckpointerData } from './checkpointer.js';

const { path, intervalMs } = workerData as CheckpointerData;
const db = new Database(path, { fileMustExist: true });
// As the serving connection: a checkpoint syncs the WAL before copying and the file after.
db.pragma('synchronous = FULL');

const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // A checkpoint that failed (an I/O error, a busy lock) is retried on the next tick; meanwhile
    // the serving connection bounds the WAL itself, checkpointing once it passes WAL_LIMIT_BYTES.
  }
}, intervalMs);

parentPort?.once('message', () => {
  clearInterval(timer);
  db.close();
  parentPort?.close();
});
