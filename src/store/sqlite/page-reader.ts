// Threads that read pages of a SQLite store's objects on connections of their own
// (page-reader-worker.ts). better-sqlite3 is synchronous: a page's SQL (a hundred rows and their
// JSON texts) was half of what serving it cost the event loop, which meanwhile could neither parse
// the next requests nor send the answers ready, and its hundred strings, kept alive until the
// answer was sent, made the garbage collector a quarter of that thread's time. The thread turns
// the rows into the page's UTF-8 bytes (jsonPageOf), which cross to the serving thread without a
// copy. WAL lets any number of connections read beside the writer, each from the last commit at
// the moment its read starts, so a page read there is one the serving connection would have read.
//
// The serving thread keeps everything else: the page cache (page-cache.ts) and the queries'
// SQL. A thread that is lost (it could not open the file, it crashed) leaves the reads to the
// serving connection, its own reads in flight included: a read changes nothing, so it can be
// asked again.

import { Worker } from 'node:worker_threads';
import { type JsonPage, StoreError } from '../store.js';
import { fromWire, type WireError } from './wire-errors.js';

/** What a thread is started with. */
export interface PageReaderData {
  path: string;
}

export type SqlValue = string | number | bigint;

/** A query of listJson's: its rows are date_added and json, up to limit + 1 of them. */
export interface PageQuery {
  sql: string;
  params: SqlValue[];
  limit: number;
}

export type ToReader = ({ kind: 'read'; id: number } & PageQuery) | { kind: 'stop' };

/** A page as structured clone delivers it: its bytes a plain Uint8Array. */
export type WirePage = Omit<JsonPage, 'objects'> & { objects: Uint8Array };

export type FromReader =
  | { kind: 'page'; id: number; page: WirePage }
  | { kind: 'failed'; id: number; error: WireError };

interface Waiting {
  resolve: (page: JsonPage) => void;
  reject: (error: Error) => void;
}

/** One thread and the reads it has not answered yet. */
class ReaderThread {
  readonly waiting = new Map<number, Waiting>();
  lost: Error | undefined;
  readonly exited: Promise<void>;

  constructor(
    readonly worker: Worker,
    path: string,
  ) {
    worker.on('message', (message: FromReader) => this.answer(message));
    worker.on('error', (error) =>
      this.fail(new StoreError(`a reader thread of ${path} failed: ${error.message}`, 'io')),
    );
    this.exited = new Promise((resolve) =>
      worker.once('exit', () => {
        this.fail(new StoreError(`a reader thread of ${path} has ended`, 'io'));
        resolve();
      }),
    );
  }

  private answer(message: FromReader): void {
    const waiting = this.waiting.get(message.id);
    if (waiting === undefined) return;
    this.waiting.delete(message.id);
    if (message.kind === 'failed') {
      waiting.reject(fromWire(message.error));
      return;
    }
    // Structured clone delivers the bytes as a plain Uint8Array: the same memory, seen as a Buffer.
    const { objects } = message.page;
    waiting.resolve({
      ...message.page,
      objects: Buffer.from(objects.buffer, objects.byteOffset, objects.byteLength),
    });
  }

  private fail(error: Error): void {
    this.lost ??= error;
    for (const { reject } of this.waiting.values()) reject(error);
    this.waiting.clear();
  }
}

export class PageReader {
  private nextId = 0;

  private constructor(private readonly threads: readonly ReaderThread[]) {}

  static start(path: string, count: number): PageReader {
    const data: PageReaderData = { path };
    const url = new URL('./page-reader-worker.js', import.meta.url);
    return new PageReader(
      Array.from({ length: count }, () => new ReaderThread(new Worker(url, { workerData: data }), path)),
    );
  }

  /** False once every thread is lost: the store then reads on its own connection. */
  get available(): boolean {
    return this.threads.some((thread) => thread.lost === undefined);
  }

  /**
   * The page a query reads, from the thread with the fewest reads waiting; undefined when no
   * thread is left, or when the thread was lost before it answered.
   */
  async read(query: PageQuery): Promise<JsonPage | undefined> {
    let chosen: ReaderThread | undefined;
    for (const thread of this.threads) {
      if (thread.lost !== undefined) continue;
      if (chosen === undefined || thread.waiting.size < chosen.waiting.size) chosen = thread;
    }
    if (chosen === undefined) return undefined;
    const thread = chosen;
    const id = this.nextId++;
    try {
      return await new Promise<JsonPage>((resolve, reject) => {
        thread.waiting.set(id, { resolve, reject });
        thread.worker.postMessage({ kind: 'read', id, ...query } satisfies ToReader);
      });
    } catch (error) {
      if (thread.lost !== undefined) return undefined;
      throw error;
    }
  }

  /** Resolves once every thread has closed its connection and ended; reads asked for before are answered first. */
  async stop(): Promise<void> {
    for (const thread of this.threads) thread.worker.postMessage({ kind: 'stop' } satisfies ToReader);
    await Promise.all(this.threads.map((thread) => thread.exited));
  }
}
