// Reads what the store received since the previous read, as far as some scopes let a reader see
// it. The cursor moves to the last row read, whatever its type: a cursor that moved only on the
// types wanted made every refresh scan again everything stored after the last of them (the million
// indicators behind the last relationship, every sighting written since the last indicator). The
// types are filtered here instead, without parsing the rows skipped.
//
// Rows the scopes hide cannot move the cursor (the store does not say how far it scanned), so
// hidden rows stored after the last visible one are scanned again until a visible row follows them.

import type { Scope, Store, StoredVersion } from '../store/store.js';

const PAGE = 1000;

export class StoreTail {
  private cursor: string | undefined;

  constructor(
    private readonly store: Store,
    private readonly scopes: readonly Scope[],
  ) {}

  /** Hands every version added since the last read to `visit`, in date_added order. */
  async read(visit: (item: StoredVersion) => void): Promise<void> {
    for (;;) {
      const page = await this.store.list(
        {
          scopes: this.scopes,
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
  }
}
