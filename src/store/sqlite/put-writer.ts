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
import type { FollowUpModule, PutOutcome } from '../store.js';
import { StoreThread, type ThreadAnswer } from './store-thread.js';
import { fromWire, type WireError } from './wire-errors.js';

/** What the thread is started with. */
export interface PutWriterData {
  path: string;
  /** See IdIndexMerges. */
  idMergeRows: number;
}

/** A put as it crosses to the thread: its rows, and its follow-up's module if it has one. */
export type WirePut = Pick<PendingPut, 'collection' | 'rows'> & { followUp: FollowUpModule | undefined };

export type ToWriter = { kind: 'group'; id: number; puts: WirePut[]; nowMs: number } | { kind: 'stop' };

/** A group committed: one result per put, in order. */
type Committed = { kind: 'committed'; id: number; results: WireSettled[] };

export type FromWriter = ThreadAnswer<Committed>;

export type WireSettled = { ok: true; value: PutOutcome[] } | { ok: false; error: WireError };

export class PutWriter {
  private constructor(private readonly thread: StoreThread<Committed, Settled<PutOutcome[]>[]>) {}

  static start(path: string, idMergeRows: number): PutWriter {
    const data: PutWriterData = { path, idMergeRows };
    const worker = new Worker(new URL('./put-writer-worker.js', import.meta.url), { workerData: data });
    return new PutWriter(
      new StoreThread(worker, `the writer thread of ${path}`, (answer) =>
        answer.results.map(
          (result): Settled<PutOutcome[]> =>
            result.ok ? result : { ok: false, error: fromWire(result.error) },
        ),
      ),
    );
  }

  /** Set once the thread is gone: the store then commits on its own connection (SqliteStore.commitPuts). */
  get lost(): Error | undefined {
    return this.thread.lost;
  }

  /**
   * Commits the group in one transaction on the thread, as commitGroup does here. A follow-up's
   * data that structured clone cannot copy fails the group, and nothing is sent.
   */
  commit(writes: readonly PendingPut[], nowMs: number): Promise<Settled<PutOutcome[]>[]> {
    const puts = writes.map(({ collection, rows, followUp }): WirePut => {
      // SqliteStore.commitPuts keeps the puts with a function follow-up on its own connection.
      if (typeof followUp === 'function')
        throw new Error('a follow-up function cannot cross to the writer thread');
      return { collection, rows, followUp };
    });
    return this.thread.request((id) => ({ kind: 'group', id, puts, nowMs }) satisfies ToWriter);
  }

  /** Resolves once the thread has closed its connection and ended; commits asked for before are answered first. */
  stop(): Promise<void> {
    return this.thread.stop({ kind: 'stop' } satisfies ToWriter);
  }
}
