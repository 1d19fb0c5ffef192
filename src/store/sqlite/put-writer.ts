// A thread that commits a SQLite store's puts on a connection of its own (put-writer-worker.ts).
// better-sqlite3 is synchronous: on the serving thread, every commit (its inserts, WAL writes and
// sync) holds the event loop, which then cannot parse and check the next requests. Handed to this
// thread, commits run beside them, on the other core.
//
// Only puts whose follow-up the thread can run itself come here: none, or a FollowUpModule. The
// thread never waits for the serving thread while it holds the write lock (a follow-up function
// run there would make it), so the serving connection's own writes, which wait for the lock,
// cannot deadlock with it: they only wait for a commit to end.

import { Worker } from 'node:worker_threads';
import type { PendingPut } from '../common.js';
import type { Settled } from '../group-commit.js';
import { type FollowUpModule, type PutOutcome, StoreError } from '../store.js';
import { fromWire, type WireError } from './wire-errors.js';

/** What the thread is started with. */
export interface PutWriterData {
  path: string;
}

/** A put as it crosses to the thread: its rows, and its follow-up's module if it has one. */
export type WirePut = Pick<PendingPut, 'collection' | 'rows'> & { followUp: FollowUpModule | undefined };

export type ToWriter = { kind: 'group'; id: number; puts: WirePut[]; nowMs: number } | { kind: 'stop' };

export type FromWriter =
  | { kind: 'committed'; id: number; results: WireSettled[] }
  | { kind: 'failed'; id: number; error: WireError };

export type WireSettled = { ok: true; value: PutOutcome[] } | { ok: false; error: WireError };

export class PutWriter {
  private readonly waiting = new Map<
    number,
    { resolve: (results: Settled<PutOutcome[]>[]) => void; reject: (error: Error) => void }
  >();
  private nextId = 0;
  /** Set once the thread is gone: the store then commits on its own connection (SqliteStore.commitPuts). */
  lost: Error | undefined;
  private readonly exited: Promise<void>;

  private constructor(
    private readonly worker: Worker,
    path: string,
  ) {
    worker.on('message', (message: FromWriter) => this.answer(message));
    worker.on('error', (error) =>
      this.fail(new StoreError(`the writer thread of ${path} failed: ${error.message}`, 'io')),
    );
    this.exited = new Promise((resolve) =>
      worker.once('exit', () => {
        this.fail(new StoreError(`the writer thread of ${path} has ended`, 'io'));
        resolve();
      }),
    );
  }

  static start(path: string): PutWriter {
    const data: PutWriterData = { path };
    return new PutWriter(
      new Worker(new URL('./put-writer-worker.js', import.meta.url), { workerData: data }),
      path,
    );
  }

  /** Commits the group in one transaction on the thread, as commitGroup does here. */
  commit(writes: readonly PendingPut[], nowMs: number): Promise<Settled<PutOutcome[]>[]> {
    if (this.lost !== undefined) return Promise.reject(this.lost);
    const id = this.nextId++;
    const puts = writes.map(({ collection, rows, followUp }): WirePut => {
      // SqliteStore.commitPuts keeps the puts with a function follow-up on its own connection.
      if (typeof followUp === 'function')
        throw new Error('a follow-up function cannot cross to the writer thread');
      return { collection, rows, followUp };
    });
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      try {
        this.worker.postMessage({ kind: 'group', id, puts, nowMs } satisfies ToWriter);
      } catch (error) {
        // A follow-up's data that structured clone cannot copy: the group fails, nothing was sent.
        this.waiting.delete(id);
        reject(error);
      }
    });
  }

  /** Resolves once the thread has closed its connection and ended; commits asked for before are answered first. */
  stop(): Promise<void> {
    this.worker.postMessage({ kind: 'stop' } satisfies ToWriter);
    return this.exited;
  }

  private answer(message: FromWriter): void {
    const waiting = this.waiting.get(message.id);
    if (waiting === undefined) return;
    this.waiting.delete(message.id);
    if (message.kind === 'failed') {
      waiting.reject(fromWire(message.error));
      return;
    }
    waiting.resolve(
      message.results.map((result) => (result.ok ? result : { ok: false, error: fromWire(result.error) })),
    );
  }

  private fail(error: Error): void {
    this.lost ??= error;
    for (const { reject } of this.waiting.values()) reject(error);
    this.waiting.clear();
  }
}
