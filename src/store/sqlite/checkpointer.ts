// Checkpoints off the request path. In WAL mode SQLite appends each commit to the WAL and, by
// default, the commit that takes the WAL past 1,000 pages also copies them back into the database
// file (a checkpoint) before it returns: with random STIX ids, a quarter of the time of a commit
// into a million objects. A store that writes that much hands the work to a worker thread with a
// connection of its own (checkpoint-worker.ts), and its serving connection stops checkpointing
// (wal_autocheckpoint = 0) but for one case: when the WAL passes WAL_LIMIT_BYTES, the thread has
// fallen behind the writes, and the serving connection then checkpoints itself, waiting for the
// thread's checkpoint to end first. Writers are held back that way, as SQLite's own checkpoints
// hold them, so the WAL cannot grow without bound.

import { statSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type BetterSqlite3 from 'better-sqlite3';

/** What the worker is started with. */
export interface CheckpointerData {
  path: string;
  intervalMs: number;
}

/** Size of the WAL file from which a store moves checkpoints to the thread; a short run never gets there. */
export const BACKGROUND_FROM_BYTES = 4 * 1024 * 1024;
/** Size of the WAL file past which the serving connection checkpoints itself (32,768 pages of 8 KB). */
export const WAL_LIMIT_BYTES = 256 * 1024 * 1024;
/** How often the thread checkpoints. A checkpoint with nothing to copy costs next to nothing. */
export const CHECKPOINT_INTERVAL_MS = 250;
/** journal_size_limit once the thread checkpoints: a WAL that starts over is cut back to this. */
export const WAL_KEPT_BYTES = 32 * 1024 * 1024;

/** The size of the WAL file of the database at `path`; 0 when there is none. */
export function walBytes(path: string): number {
  try {
    return statSync(`${path}-wal`).size;
  } catch {
    return 0;
  }
}

/** The thread that checkpoints, seen from the thread that started it. */
export class Checkpointer {
  private constructor(
    private readonly worker: Worker,
    private readonly exited: Promise<void>,
  ) {}

  static start(path: string, intervalMs: number): Checkpointer {
    const data: CheckpointerData = { path, intervalMs };
    const worker = new Worker(new URL('./checkpoint-worker.js', import.meta.url), { workerData: data });
    // The thread never keeps the process alive, and a thread that failed (it could not open the
    // file) leaves the serving connection to checkpoint at WAL_LIMIT_BYTES, which bounds the WAL all
    // the same.
    worker.unref();
    worker.on('error', () => {});
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    return new Checkpointer(worker, exited);
  }

  /** Resolves once the thread has closed its connection and ended. */
  stop(): Promise<void> {
    // Referenced again, so that the event loop waits for the thread's end instead of exiting.
    this.worker.ref();
    this.worker.postMessage('stop');
    return this.exited;
  }
}

/** Who checkpoints the WAL of one serving connection: SQLite itself until the WAL grows, then a thread. */
export class WalCheckpoints {
  private thread: Checkpointer | undefined;

  /** `settings` are this file's constants but in tests, which cannot write that much or wait that long. */
  constructor(
    private readonly db: BetterSqlite3.Database,
    private readonly path: string,
    private readonly settings = {
      backgroundFrom: BACKGROUND_FROM_BYTES,
      limit: WAL_LIMIT_BYTES,
      intervalMs: CHECKPOINT_INTERVAL_MS,
    },
  ) {}

  /**
   * Called after each transaction of puts, which is where the WAL grows. Never throws: the puts
   * are committed whatever becomes of the checkpoint, and one that fails (an I/O error) leaves the
   * WAL longer for the next commit to try again.
   */
  afterCommit(): void {
    try {
      this.checkpointIfDue();
    } catch {
      // As said above.
    }
  }

  private checkpointIfDue(): void {
    const bytes = walBytes(this.path);
    if (this.thread === undefined) {
      if (bytes < this.settings.backgroundFrom) return;
      this.db.pragma('wal_autocheckpoint = 0');
      this.db.pragma(`journal_size_limit = ${WAL_KEPT_BYTES}`);
      this.thread = Checkpointer.start(this.path, this.settings.intervalMs);
    } else if (bytes > this.settings.limit) {
      // FULL waits (busy_timeout) for the thread's checkpoint, then copies every frame, so that
      // the next write starts the WAL over. It also waits for readers in other processes still on
      // an older snapshot: a WAL this far behind is worth holding writers back for.
      this.db.pragma('wal_checkpoint(FULL)');
    }
  }

  /** Stops the thread, so that the serving connection is the last one and closing it removes the WAL. */
  async stop(): Promise<void> {
    await this.thread?.stop();
  }
}
