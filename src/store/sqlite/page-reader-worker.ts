// A reader thread of a SQLite store (page-reader.ts): its own connection to the file, set up as the
// serving one but unable to write, answering the queries it is sent one after another.

import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { JsonPage } from '../store.js';
import { BUSY_TIMEOUT_MS, configureConnection, StatementCache } from './connection.js';
import { toStoreError } from './errors.js';
import { type JsonPageRow, jsonPageOfRow } from './json-page-sql.js';
import {
  type FromReader,
  MEMORY_STEP,
  type PageReaderData,
  type ToReader,
  type WirePage,
} from './page-reader.js';
import { toWire } from './wire-errors.js';

const port = parentPort;
if (port === null) throw new Error('page-reader-worker.js runs as a worker thread');
const { path } = workerData as PageReaderData;

const db = new Database(path, { fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
configureConnection(db);
// The thread is handed SQL to run: whatever it is, it cannot change the file.
db.pragma('query_only = ON');
const queries = new StatementCache(db);

/** Memory of pages sent before, back from the serving thread: a later page is copied into it. */
const spare: ArrayBuffer[] = [];
/** Spare memory kept at most; what comes back past that is left to the garbage collector. */
const MAX_SPARE = 64;

/**
 * The page with its bytes (room included) copied into memory that can be moved to the serving
 * thread: spare memory big enough if there is some, the one given back last first (the likeliest
 * to be in the processor's caches still), else new memory.
 */
function movable(page: JsonPage): WirePage {
  const room = page.room ?? 0;
  const { objects } = page;
  const whole = new Uint8Array(objects.buffer, objects.byteOffset - room, objects.byteLength + 2 * room);
  const fits = spare.findLastIndex((memory) => memory.byteLength >= whole.byteLength);
  const memory =
    fits >= 0
      ? (spare.splice(fits, 1)[0] as ArrayBuffer)
      : new ArrayBuffer(Math.ceil(whole.byteLength / MEMORY_STEP) * MEMORY_STEP);
  const own = new Uint8Array(memory, 0, whole.byteLength);
  own.set(whole);
  return { ...page, objects: own.subarray(room, room + objects.byteLength) };
}

port.on('message', (message: ToReader) => {
  if (message.kind === 'stop') {
    db.close();
    port.close();
    return;
  }
  for (const memory of message.returned) if (spare.length < MAX_SPARE) spare.push(memory);
  try {
    const page = jsonPageOfRow(
      queries
        .get(message.sql)
        .raw()
        .get(...message.params) as JsonPageRow,
    );
    const wire = movable(page);
    const answer: FromReader = { kind: 'page', id: message.id, page: wire };
    port.postMessage(answer, [wire.objects.buffer as ArrayBuffer]);
  } catch (error) {
    port.postMessage({
      kind: 'failed',
      id: message.id,
      error: toWire(toStoreError(error, path)),
    } satisfies FromReader);
  }
});
