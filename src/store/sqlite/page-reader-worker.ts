// A reader thread of a SQLite store (page-reader.ts): its own connection to the file, set up as the
// serving one but unable to write, answering the queries it is sent one after another.

import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { type JsonRow, jsonPageOf } from '../common.js';
import { BUSY_TIMEOUT_MS, configureConnection, StatementCache } from './connection.js';
import { toStoreError } from './errors.js';
import type { FromReader, PageReaderData, ToReader } from './page-reader.js';
import { toWire } from './wire-errors.js';

const port = parentPort;
if (port === null) throw new Error('page-reader-worker.js runs as a worker thread');
const { path } = workerData as PageReaderData;

const db = new Database(path, { fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
configureConnection(db);
// The thread is handed SQL to run: whatever it is, it cannot change the file.
db.pragma('query_only = ON');
const queries = new StatementCache(db);

port.on('message', (message: ToReader) => {
  if (message.kind === 'stop') {
    db.close();
    port.close();
    return;
  }
  try {
    const page = jsonPageOf(
      queries
        .get(message.sql)
        .raw()
        .all(...message.params) as JsonRow[],
      message.limit,
    );
    // Moved, not copied, when the bytes own their memory; a small page's share of Buffer's pool is copied out.
    const { objects } = page;
    const own = objects.byteLength === objects.buffer.byteLength ? objects : new Uint8Array(objects);
    const answer: FromReader = { kind: 'page', id: message.id, page: { ...page, objects: own } };
    port.postMessage(answer, [own.buffer as ArrayBuffer]);
  } catch (error) {
    port.postMessage({
      kind: 'failed',
      id: message.id,
      error: toWire(toStoreError(error, path)),
    } satisfies FromReader);
  }
});
