// Threads that read pages of a SQLite store's objects on connections of their own
// (page-reader-worker.ts). better-sqlite3 is synchronous: a page's SQL (a hundred rows and their
// JSON texts) was half of what serving it cost the event loop, which meanwhile could neither parse
// the next requests nor send the answers ready, and its hundred strings, kept alive until the
// answer was sent, made the garbage collector a quarter of that thread's time. The thread reads
// the page's UTF-8 bytes (json-page-sql.ts), which cross to the serving thread without a copy.
// WAL lets any number of connections read beside the writer, each from the last commit at the
// moment its read starts, so a page read there is one the serving connection would have read.
//
// The memory of a page's bytes goes back to its thread once the page is sent (JsonPage.release),
// with the next read asked of it, and the thread copies a later page into it instead of handing
// over new memory: to the serving thread's garbage collector every buffer that arrives is external
// memory, and every 64 MB of it started a full collection (a tenth of the event loop's time on
// random pages, and the marking threads' time besides). Memory moved back is no longer external
// memory of the serving thread.
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

/** A read, with the memory of pages sent since the last one (see JsonPage.release), or the end. */
export type ToReader = ({ kind: 'read'; id: number; returned: ArrayBuffer[] } & PageQuery) | { kind: 'stop' };

/** A page as structured clone delivers it: its bytes a plain Uint8Array. */
export type WirePage = Omit<JsonPage, 'objects' | 'release'> & { objects: Uint8Array };

/** A page read. */
type PageRead = { kind: 'page'; id: number; page: WirePage };

export type FromReader = ThreadAnswer<PageRead>;

type ReaderThread = StoreThread<PageRead, JsonPage>;

/**
 * A thread makes new memory for pages in steps of this many bytes, so that pages of about one size
 * fit in each other's memory (a page of 100 indicators is about 92 KB, give or take a few hundred
 * bytes).
 */
export const MEMORY_STEP = 64 * 1024;

/** Memory of pages sent back at most per thread, waiting for its next read: 64 pages' worth. */
const MAX_RETURNED = 64;

/** A reader thread and the memory of its pages that goes back to it with its next read. */
interface Reader {
  thread: ReaderThread;
  returned: ArrayBuffer[];
}

export class PageReader {
  private constructor(private readonly readers: readonly Reader[]) {}

  static start(path: string, count: number): PageReader {
    const data: PageReaderData = { path };
    const url = new URL('./page-reader-worker.js', import.meta.url);
    return new PageReader(
      Array.from({ length: count }, (): Reader => {
        const returned: ArrayBuffer[] = [];
        const thread: ReaderThread = new StoreThread(
          new Worker(url, { workerData: data }),
          `a reader thread of ${path}`,
          ({ page }): JsonPage => {
            // Structured clone delivers the bytes as a plain Uint8Array: the same memory, seen as a Buffer.
            const memory = page.objects.buffer as ArrayBuffer;
            let released = false;
            return {
              ...page,
              objects: Buffer.from(memory, page.objects.byteOffset, page.objects.byteLength),
              release: () => {
                if (released || thread.lost !== undefined || returned.length >= MAX_RETURNED) return;
                released = true;
                returned.push(memory);
              },
            };
          },
        );
        return { thread, returned };
      }),
    );
  }

  /** False once every thread is lost: the store then reads on its own connection. */
  get available(): boolean {
    return this.readers.some(({ thread }) => thread.lost === undefined);
  }

  /**
   * The page a query reads, from the thread with the fewest reads waiting; undefined when no
   * thread is left, or when the thread was lost before it answered.
   */
  async read(query: PageQuery): Promise<JsonPage | undefined> {
    let chosen: Reader | undefined;
    for (const reader of this.readers) {
      if (reader.thread.lost !== undefined) continue;
      if (chosen === undefined || reader.thread.pending < chosen.thread.pending) chosen = reader;
    }
    if (chosen === undefined) return undefined;
    const { thread } = chosen;
    const returned = chosen.returned.splice(0);
    try {
      return await thread.request(
        (id) => ({ kind: 'read', id, returned, ...query }) satisfies ToReader,
        returned,
      );
    } catch (error) {
      if (thread.lost !== undefined) return undefined;
      throw error;
    }
  }

  /** Resolves once every thread has closed its connection and ended; reads asked for before are answered first. */
  async stop(): Promise<void> {
    await Promise.all(this.readers.map(({ thread }) => thread.stop({ kind: 'stop' } satisfies ToReader)));
  }
}
