// Reads what the store received since the previous read, of some types, as far as some scopes let
// a reader see it. Rows of other types and rows the scopes hide are not returned, so the last row
// read does not say how far the store looked: the tail asks the store for the last date_added it
// handed out before listing, and moves the cursor there once the list is done (every row up to it
// was committed before the list ran, so it has been read, or is hidden or of another type). A cursor
// that moved only on the rows returned made every refresh scan again everything stored after the
// last of them: the million indicators behind the last relationship, every sighting written since
// the last indicator, another organisation's rows after this reader's last visible one.
//
// A deletion leaves no row to read: the tail follows the audit log too, from where it stood when the
// tail was opened, and names the objects deleted since (TAXII's Delete is the one path that deletes,
// and it appends `objects.delete` with the id).

import { compareTimestamps } from '../stix/timestamp.js';
import type { Scope, Store, StoredVersion } from '../store/store.js';

const PAGE = 1000;

export class StoreTail {
  private cursor: string | undefined;

  private constructor(
    private readonly store: Store,
    private readonly scopes: readonly Scope[],
    private readonly types: readonly string[] | undefined,
    private auditSeq: number,
  ) {}

  /** A tail that will read everything (of `types` if given), and the deletions from now on. */
  static async open(store: Store, scopes: readonly Scope[], types?: readonly string[]): Promise<StoreTail> {
    return new StoreTail(store, scopes, types, await store.lastAuditSeq());
  }

  /**
   * The ids of objects (of the tail's types, if it has some: an id starts with its type) some of
   * whose versions were deleted since the last call, each once.
   */
  private async deleted(): Promise<string[]> {
    const ids = new Set<string>();
    for (;;) {
      const entries = await this.store.listAudit({ after: this.auditSeq, limit: PAGE });
      for (const entry of entries) {
        const id = (entry.details as { id?: unknown } | null | undefined)?.id;
        if (entry.action === 'objects.delete' && typeof id === 'string' && this.follows(id)) ids.add(id);
        this.auditSeq = entry.seq;
      }
      if (entries.length < PAGE) return [...ids];
    }
  }

  private follows(id: string): boolean {
    return this.types === undefined || this.types.includes(id.slice(0, id.indexOf('--')));
  }

  /**
   * Everything that changed since the last call: each version added, to `apply` in date_added order;
   * then each object some of whose versions were deleted, to `forget`, followed by the latest
   * version still stored (if any) to `apply`, since a deleted version may have been the one in use.
   */
  async readChanges(handlers: {
    apply: (item: StoredVersion) => void;
    forget: (id: string) => void;
  }): Promise<void> {
    await this.read(handlers.apply);
    for (const id of await this.deleted()) {
      handlers.forget(id);
      for (const item of await this.store.get(id, { versions: ['last'], scopes: this.scopes })) {
        handlers.apply(item);
      }
    }
  }

  /** Hands every version added since the last read to `visit`, in date_added order. */
  async read(visit: (item: StoredVersion) => void): Promise<void> {
    const horizon = await this.store.lastDateAdded();
    for (;;) {
      const page = await this.store.list(
        {
          scopes: this.scopes,
          ...(this.types === undefined ? {} : { types: this.types }),
          // Every version, so that a revocation or a new version is seen even between pages.
          versions: ['all'],
          ...(this.cursor === undefined ? {} : { addedAfter: this.cursor }),
        },
        { limit: PAGE },
      );
      for (const item of page.items) visit(item);
      const last = page.items.at(-1);
      if (last !== undefined) this.cursor = last.dateAdded;
      if (page.next === undefined) break;
    }
    if (horizon !== undefined && (this.cursor === undefined || compareTimestamps(horizon, this.cursor) > 0)) {
      this.cursor = horizon;
    }
  }
}
