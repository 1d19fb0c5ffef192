// The id index's two parts (migration 4): puts add entries to object_ids_recent, whose few leaves
// the objects of a group share, and the connection that writes moves them into object_ids_merged
// once it has added MERGE_ROWS of them, in id order, so that each leaf of the big part is written
// once a merge instead of once for nearly every object (docs/benchmarks.md, session 7).

import type BetterSqlite3 from 'better-sqlite3';
import type { PutOutcome } from '../store.js';

/**
 * Entries the recent part takes before a merge. At a million objects a merge of this many writes
 * each of the merged part's ~2,500 leaves about once, in 150-300 ms on the writing connection;
 * fewer would write the same leaves more often, more would make one commit wait longer.
 */
export const MERGE_ROWS = 32_768;

/** Merges the recent part of one writing connection's id index when it is due. */
export class IdIndexMerges {
  private readonly merge: BetterSqlite3.Transaction<() => void>;
  /**
   * Entries in the recent part as far as this connection knows: those there when it opened and
   * those it added since. Other processes' additions and merges it does not see, so the part holds
   * at most about MERGE_ROWS a writing process.
   */
  private recent: number;
  /** The count at which the next merge is tried: MERGE_ROWS on, or more after a failed one. */
  private due: number;
  private warned = false;

  constructor(
    db: BetterSqlite3.Database,
    private readonly mergeRows: number,
  ) {
    const count = db.prepare<[], number>('SELECT count(*) FROM object_ids_recent').pluck();
    this.recent = count.get() ?? 0;
    this.due = mergeRows;
    const move = db.prepare(
      `INSERT INTO object_ids_merged (id_key, collection_key, date_added)
         SELECT id_key, collection_key, date_added FROM object_ids_recent ORDER BY id_key, collection_key, date_added`,
    );
    const clear = db.prepare('DELETE FROM object_ids_recent');
    this.merge = db.transaction(() => {
      move.run();
      clear.run();
    });
  }

  /**
   * Called after a commit that stored `added` new rows. Never throws: the rows are committed and
   * found by id whether merged or not. A merge that fails (another process holds the write lock,
   * the disk is full) is tried again once MERGE_ROWS more have come, not after every commit, and
   * any failure but a busy lock is reported once as a Node warning.
   */
  afterCommit(added: number): void {
    this.recent += added;
    if (this.recent < this.due) return;
    try {
      this.merge.immediate();
      this.recent = 0;
      this.due = this.mergeRows;
    } catch (error) {
      this.due = this.recent + this.mergeRows;
      if ((error as { code?: unknown }).code === 'SQLITE_BUSY' || this.warned) return;
      this.warned = true;
      process.emitWarning(
        `merging the id index's recent part failed (${(error as Error).message}); it is tried again later, and queries by id still find every row`,
        { code: 'DREAMCATCHER_ID_INDEX_MERGE_FAILED' },
      );
    }
  }
}

/** The rows a group's puts added: the entries the recent part gained. */
export function addedRows(
  settled: readonly ({ ok: true; value: readonly PutOutcome[] } | { ok: false })[],
): number {
  let added = 0;
  for (const put of settled) {
    if (put.ok) for (const outcome of put.value) if (outcome.status === 'added') added++;
  }
  return added;
}
