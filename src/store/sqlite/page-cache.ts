// Pages of listJson kept while the database does not change: TAXII clients poll the same pages
// (the first page, the page after their last cursor), and a page read again costs its SQL every
// time, a third of what serving it takes. A page is keyed by its SQL and bound values, which decide
// its rows for a given state of the database, so a kept page is exactly what the query would read.
// The state is this connection's count of changed rows and SQLite's data_version, which moves with
// every commit of another connection (the writer thread, another process; a checkpoint does not
// move it): any change forgets every page, whichever collection it touched.

import type { JsonPage } from '../store.js';

/**
 * Most bytes of pages (and their keys) kept; a page of 100 indicators is about 92,000. A reader
 * may keep as much again made from a kept page (the TAXII route keeps its envelope while the page
 * lives), so this bounds about 32 MB in all.
 */
const MAX_BYTES = 16 * 1024 * 1024;
/** A page bigger than this share of the cache is not kept: it would push out many others. */
const MAX_SHARE = 8;
/** Keys remembered as asked for once; past this many they are forgotten together. */
const MAX_SEEN = 4096;

/** The page itself, or a copy of it in memory of its own when its memory is lent (JsonPage.release). */
function owned(page: JsonPage): JsonPage {
  if (page.release === undefined) return page;
  const { release: _lent, room: _room, objects, ...rest } = page;
  return { ...rest, objects: Buffer.from(objects) };
}

export class PageCache {
  /** In order of use, least recent first. */
  private readonly pages = new Map<string, { page: JsonPage; bytes: number }>();
  private bytes = 0;
  private state: string | undefined;
  /**
   * Keys asked for once and not kept: a page is kept only when asked for again. Pages read once
   * (a client walking the whole collection, pages picked at random) would otherwise fill the cache
   * with texts that die old, and their collection costs more than the SQL they save (random pages
   * fell from 2,435 to 1,676 a second when every page was kept).
   */
  private readonly seen = new Set<string>();

  constructor(private readonly maxBytes = MAX_BYTES) {}

  /**
   * Whether a page under `key` may be kept or asked for before: only then need the database's
   * state be read (get and offer). A key never asked for is noted instead.
   */
  known(key: string): boolean {
    return this.pages.has(key) || this.seen.has(key);
  }

  /** Notes a key asked for once: its page is kept when it is asked for again. */
  note(key: string): void {
    if (this.seen.size >= MAX_SEEN) this.seen.clear();
    this.seen.add(key);
  }

  /**
   * The page kept under `key` while the database is in `state`, or undefined. A new state forgets
   * every page, not which keys were asked for.
   */
  get(key: string, state: string): JsonPage | undefined {
    if (state !== this.state) {
      this.pages.clear();
      this.bytes = 0;
      this.state = state;
      return undefined;
    }
    const kept = this.pages.get(key);
    if (kept === undefined) return undefined;
    this.pages.delete(key);
    this.pages.set(key, kept);
    return kept.page;
  }

  /**
   * Offers a page read from `state` or a later one (a reader thread starts its read after the get
   * that missed): kept if its key was asked for before and no get has seen the database change
   * since. A page read later than `state` is kept under it all the same, and forgotten with it at
   * the next get, which sees the change. It must not be changed afterwards; a page whose memory is
   * lent is kept as a copy.
   */
  offer(key: string, page: JsonPage, state: string): void {
    if (state !== this.state) return;
    if (!this.seen.has(key)) {
      this.note(key);
      return;
    }
    this.seen.delete(key);
    const bytes = key.length + page.objects.byteLength;
    if (bytes > this.maxBytes / MAX_SHARE) return;
    this.pages.set(key, { page: owned(page), bytes });
    this.bytes += bytes;
    for (const [oldest, kept] of this.pages) {
      if (this.bytes <= this.maxBytes) break;
      this.pages.delete(oldest);
      this.bytes -= kept.bytes;
    }
  }
}
