// A worker thread of a SQLite store with a connection of its own (put-writer.ts, page-reader.ts):
// requests go out numbered and come back by number, a failure as a WireError. A thread that fails
// or ends fails every request still waiting and stays lost, so that its store can do the work on
// its own connection instead.

import type { Worker } from 'node:worker_threads';
import { StoreError } from '../store.js';
import { fromWire, type WireError } from './wire-errors.js';

/** What a thread answers a request with: anything carrying its id, or a failure. */
export type ThreadAnswer<Done extends { kind: string; id: number }> =
  | Done
  | { kind: 'failed'; id: number; error: WireError };

export class StoreThread<Done extends { kind: string; id: number }, Result> {
  private readonly waiting = new Map<
    number,
    { resolve: (result: Result) => void; reject: (error: Error) => void }
  >();
  private nextId = 0;
  /** Set once the thread is gone. */
  lost: Error | undefined;
  private readonly exited: Promise<void>;
  private stopping = false;

  /** `what` names the thread in errors ("the writer thread of PATH"); `resultOf` reads a done answer. */
  constructor(
    private readonly worker: Worker,
    what: string,
    private readonly resultOf: (answer: Done) => Result,
  ) {
    worker.on('message', (answer: ThreadAnswer<Done>) => this.answer(answer));
    worker.on('error', (error) => this.fail(new StoreError(`${what} failed: ${error.message}`, 'io')));
    // An answer that cannot be read leaves its request with no answer: the thread is not trusted again.
    worker.on('messageerror', (error) => {
      this.fail(new StoreError(`${what} sent an answer that cannot be read: ${error.message}`, 'io'));
      void worker.terminate();
    });
    this.exited = new Promise((resolve) =>
      worker.once('exit', () => {
        this.fail(new StoreError(`${what} has ended`, 'io'));
        resolve();
      }),
    );
  }

  /** Requests not answered yet. */
  get pending(): number {
    return this.waiting.size;
  }

  /**
   * Sends the request `build` makes of its id, moving `transfer` with it. A request structured
   * clone cannot copy fails without being sent; one sent to a lost thread fails with why it was lost.
   */
  request(build: (id: number) => unknown, transfer: readonly ArrayBuffer[] = []): Promise<Result> {
    if (this.lost !== undefined) return Promise.reject(this.lost);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      try {
        this.worker.postMessage(build(id), transfer);
      } catch (error) {
        this.waiting.delete(id);
        reject(error);
      }
    });
  }

  /** Sends the stop message; resolves once the thread has ended, requests sent before answered first. */
  stop(message: unknown): Promise<void> {
    this.stopping = true;
    this.worker.postMessage(message);
    return this.exited;
  }

  private answer(answer: ThreadAnswer<Done>): void {
    const waiting = this.waiting.get(answer.id);
    if (waiting === undefined) return;
    this.waiting.delete(answer.id);
    if (answer.kind === 'failed' && 'error' in answer) {
      waiting.reject(fromWire(answer.error));
      return;
    }
    try {
      waiting.resolve(this.resultOf(answer as Done));
    } catch (error) {
      // A thread's bug, answered to its request rather than thrown out of the event listener.
      waiting.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  private fail(error: Error): void {
    // A thread lost while the store runs leaves its work to the serving connection, slower: an
    // operator should hear of it once (on stderr, as Node prints warnings).
    if (this.lost === undefined && !this.stopping)
      process.emitWarning(`${error.message}; its work goes on on the serving connection`, {
        code: 'DREAMCATCHER_STORE_THREAD_LOST',
      });
    this.lost ??= error;
    for (const { reject } of this.waiting.values()) reject(error);
    this.waiting.clear();
  }
}
