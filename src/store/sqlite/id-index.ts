// The id index's two parts (migration 4): puts add entries to object_ids_recent, whose few leaves
// the objects of a group share, and the connection that writes moves them into object_ids_merged
// once there are MERGE_ROWS of them, in id order, so that each leaf of the big part is written
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
  /** Entries in the recent part, as far as this connection knows (others may add or merge). */
  private recent: number;

  constructor(
    db: BetterSqlite3.Database,
    private readonly mergeRows: number,
  ) {
    const count = db.prepare<[], number>('SELECT count(*) FROM object_ids_recent').pluck();
    this.recent = count.get() ?? 0;
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
   * found by id whether merged or not, and a merge that fails (a busy or full disk) is tried again
   * after the next commit.
   */
  afterCommit(added: number): void {
    this.recent += added;
    if (this.recent < this.mergeRows) return;
    try {
      this.merge.immediate();
      this.recent = 0;
    } catch {
      // As said above.
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
