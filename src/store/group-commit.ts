// Group commit for put(): writes that arrive while a transaction is being committed wait, and the
// next transaction takes them all, so that N concurrent puts cost one sync to disk instead of N.
// The backend commits a group and says for each write whether it was stored or why not, so one
// write's failure never becomes another's.
//
// The first write of a group waits for setImmediate, after the I/O callbacks of the current turn
// of the event loop: requests that arrived together join one group. That matters most for SQLite,
// whose commit blocks the event loop: while it runs, no new put can even be called, and the
// requests that came in meanwhile are all read in the next turn, before the next group starts.

/** What became of one write of a group. */
export type Settled<R> = { ok: true; value: R } | { ok: false; error: unknown };

/**
 * Commits a group in one transaction: one Settled per write, in order. A rejection fails every
 * write of the group (the commit itself failed, so none is stored).
 */
export type CommitGroup<W, R> = (writes: readonly W[]) => Promise<readonly Settled<R>[]>;

interface Waiting<W, R> {
  write: W;
  size: number;
  resolve: (value: R) => void;
  reject: (error: unknown) => void;
}

export class GroupCommitter<W, R> {
  private waiting: Waiting<W, R>[] = [];
  /** Set from the moment a group is scheduled until no write waits any more. */
  private active: Promise<void> | undefined;

  /**
   * @param maxSize a group takes writes while their sizes add up to at most this (and always at
   * least one write): past a few thousand rows a bigger transaction no longer pays.
   */
  constructor(
    private readonly commitGroup: CommitGroup<W, R>,
    private readonly maxSize: number,
  ) {}

  /** Resolves once the write is committed (or rejects with its own error). */
  submit(write: W, size: number): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ write, size, resolve, reject });
      this.active ??= this.run();
    });
  }

  /** Resolves when every write submitted so far has settled. */
  async drain(): Promise<void> {
    while (this.active !== undefined) await this.active;
  }

  private async run(): Promise<void> {
    try {
      while (this.waiting.length > 0) {
        await new Promise((resolve) => setImmediate(resolve));
        await this.commitNext();
      }
    } finally {
      this.active = undefined;
    }
  }

  private async commitNext(): Promise<void> {
    let size = 0;
    let count = 0;
    for (const item of this.waiting) {
      if (count > 0 && size + item.size > this.maxSize) break;
      size += item.size;
      count++;
    }
    const group = this.waiting.splice(0, count);
    let settled: readonly Settled<R>[];
    try {
      settled = await this.commitGroup(group.map((item) => item.write));
    } catch (error) {
      for (const item of group) item.reject(error);
      return;
    }
    group.forEach((item, i) => {
      const outcome = settled[i] as Settled<R>;
      if (outcome.ok) item.resolve(outcome.value);
      else item.reject(outcome.error);
    });
  }
}
