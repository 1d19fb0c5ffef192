// Threads that read pages of a SQLite store's objects on connections of their own
// (page-reader-worker.ts). better-sqlite3 is synchronous: a page's SQL (a hundred rows and their
// JSON texts) was half of what serving it cost the event loop, which meanwhile could neither parse
// the next requests nor send the answers ready, and its hundred strings, kept alive until the
// answer was sent, made the garbage collector a quarter of that thread's time. The thread reads
// the page's UTF-8 bytes (json-page-sql.ts), which cross to the serving thread without a copy. WAL lets any number of connections read beside the writer, each from the last commit at
// the moment its read starts, so a page read there is one the serving connection would have read.
//
// The serving thread keeps everything else: the page cache (page-cache.ts) and the queries'
// SQL. A thread that is lost (it could not open the file, it crashed) leaves the reads to the
// serving connection, its own reads in flight included: a read changes nothing, so it can be
// asked again.

import { Worker } from 'node:worker_threads';
import type { JsonPage } from '../store.js';
import type { SqlValue } from './connection.js';
import { StoreThread, type ThreadAnswer } from './store-thread.js';

/** What a thread is started with. */
export interface PageReaderData {
  path: string;
}

/** A query of listJson's: its one row is a JsonPageRow (json-page-sql.ts). */
export interface PageQuery {
  sql: string;
  params: SqlValue[];
}

export type ToReader = ({ kind: 'read'; id: number } & PageQuery) | { kind: 'stop' };

/** A page as structured clone delivers it: its bytes a plain Uint8Array. */
export type WirePage = Omit<JsonPage, 'objects'> & { objects: Uint8Array };

/** A page read. */
type PageRead = { kind: 'page'; id: number; page: WirePage };

export type FromReader = ThreadAnswer<PageRead>;

type ReaderThread = StoreThread<PageRead, JsonPage>;

export class PageReader {
  private constructor(private readonly threads: readonly ReaderThread[]) {}

  static start(path: string, count: number): PageReader {
    const data: PageReaderData = { path };
    const url = new URL('./page-reader-worker.js', import.meta.url);
    return new PageReader(
      Array.from(
        { length: count },
        (): ReaderThread =>
          new StoreThread(
            new Worker(url, { workerData: data }),
            `a reader thread of ${path}`,
            ({ page }) => ({
              ...page,
              // Structured clone delivers the bytes as a plain Uint8Array: the same memory, seen as a Buffer.
              objects: Buffer.from(page.objects.buffer, page.objects.byteOffset, page.objects.byteLength),
            }),
          ),
      ),
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
      if (chosen === undefined || thread.pending < chosen.pending) chosen = thread;
    }
    if (chosen === undefined) return undefined;
    const thread = chosen;
    try {
      return await thread.request((id) => ({ kind: 'read', id, ...query }) satisfies ToReader);
    } catch (error) {
      if (thread.lost !== undefined) return undefined;
      throw error;
    }
  }

  /** Resolves once every thread has closed its connection and ended; reads asked for before are answered first. */
  async stop(): Promise<void> {
    await Promise.all(this.threads.map((thread) => thread.stop({ kind: 'stop' } satisfies ToReader)));
  }
}
