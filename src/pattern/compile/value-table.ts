// The equality index: (path node, value) to entries, keyed by a 32-bit hash of the value seeded
// with the node's number, and the value's length. No key string is stored and none is built to
// look one up. Two values that share hash and length share a posting list: that only adds a
// candidate, which the evaluator then rejects (with a million keys, about one probe in 10^4
// collides; telemetry crafted to collide costs one evaluation per crafted value).
//
// Nearly every lookup misses, and a table of a million keys does not fit in a cache, so a bitset
// of 16 bits per cell (one bit set per key) answers most misses from one small read, and a cell's
// three fields sit side by side so that a probe reads one cache line.
//
// Even so, that one read is a miss to main memory with a million keys (a profile put 40% of the
// matcher's time on it), and one lookup after another waits out each miss in turn. Lookups are
// therefore queued (`defer`) and run together (`flush`): the filter reads of a whole observation
// do not depend on each other, so the processor overlaps their misses.
//
// The hash reads ASCII letters case-blind (bit 5 set). STIX equality is case-sensitive (the
// evaluator compares code points), so this never splits values the evaluator calls equal; it keeps
// the index right if hash text is ever compared case-insensitively, for a rare extra candidate.

import { forEachPosting, type Postings, withoutPosting, withPosting } from './postings.js';
import { grow } from './text-arena.js';

const EMPTY = -1;
const DELETED = -2;
/** Entries at or below this point name a shared list: list index = LIST_BASE - entry. */
const LIST_BASE = -3;
/** Per cell: hash, tag (the value's length), entry. */
const STRIDE = 3;
const FILTER_BITS_PER_CELL_LOG2 = 4;

export class ValueTable {
  private cellCount = 1024;
  private cells = emptyCells(1024);
  private filter = new Uint32Array((1024 << FILTER_BITS_PER_CELL_LOG2) >>> 5);
  private filterShift = 32 - (10 + FILTER_BITS_PER_CELL_LOG2);
  private readonly lists: (number[] | undefined)[] = [];
  private readonly freeLists: number[] = [];
  /** Lookups queued by defer, run by flush. */
  private deferredHashes = new Int32Array(64);
  private deferredTags = new Int32Array(64);
  private deferredCount = 0;
  /** Cells not EMPTY (live or DELETED): what decides when to rebuild. */
  private used = 0;
  private live = 0;

  /** `digest`: the values are hash digests, keyed by a sample of their characters (digestHash). */
  add(seed: number, value: string, entry: number, digest: boolean): void {
    this.addHashed(keyHash(seed, value, digest), value.length, entry);
  }

  remove(seed: number, value: string, entry: number, digest: boolean): void {
    this.removeHashed(keyHash(seed, value, digest), value.length, entry);
  }

  /**
   * Queues a lookup of (seed, value), `digest` as it was added with, until the next flush, which
   * visits each entry stored under it.
   */
  defer(seed: number, value: string, digest: boolean): void {
    this.deferHashed(keyHash(seed, value, digest), value.length);
  }

  /** As defer, for a key the caller hashed itself (see addHashed). */
  deferHashed(hash: number, tag: number): void {
    if (this.deferredCount === this.deferredHashes.length) {
      this.deferredHashes = grow(this.deferredHashes);
      this.deferredTags = grow(this.deferredTags);
    }
    this.deferredHashes[this.deferredCount] = hash;
    this.deferredTags[this.deferredCount] = tag;
    this.deferredCount++;
  }

  /** Forgets the queued lookups: a query that failed between defer and flush leaves none behind. */
  discard(): void {
    this.deferredCount = 0;
  }

  /** Runs the queued lookups, in the order they were queued, and empties the queue. */
  flush(visit: (entry: number) => void): void {
    const count = this.deferredCount;
    this.deferredCount = 0;
    for (let i = 0; i < count; i++)
      this.lookupHashed(this.deferredHashes[i] as number, this.deferredTags[i] as number, visit);
  }

  /** As add, for a key the caller hashed itself; `tag` must also match (a length, a kind). */
  addHashed(hash: number, tag: number, entry: number): void {
    if (2 * (this.used + 1) > this.cellCount) {
      // Rebuild at the same size when deletions, not live keys, filled the table.
      this.resize(4 * (this.live + 1) > this.cellCount ? this.cellCount * 2 : this.cellCount);
    }
    const found = this.find(hash, tag);
    if (found >= 0) {
      this.setPostings(found, withPosting(this.postings(found), entry));
      return;
    }
    const cell = this.freeCell(hash);
    if (this.cells[cell + 2] === EMPTY) this.used++;
    this.live++;
    this.cells[cell] = hash;
    this.cells[cell + 1] = tag;
    this.cells[cell + 2] = entry;
    this.mark(hash);
  }

  removeHashed(hash: number, tag: number, entry: number): void {
    const cell = this.find(hash, tag);
    if (cell < 0) return;
    const rest = withoutPosting(this.postings(cell), entry);
    if (rest === undefined) {
      this.releaseList(cell);
      this.cells[cell + 2] = DELETED;
      this.live--;
    } else {
      this.setPostings(cell, rest);
    }
  }

  private lookupHashed(hash: number, tag: number, visit: (entry: number) => void): void {
    const cell = this.find(hash, tag);
    if (cell < 0) return;
    const stored = this.cells[cell + 2] as number;
    if (stored >= 0) visit(stored);
    else forEachPosting(this.lists[LIST_BASE - stored] as number[], visit);
  }

  /** The offset of the cell holding (hash, tag), or -1. */
  private find(hash: number, tag: number): number {
    const bit = Math.imul(hash, 0x9e3779b1) >>> this.filterShift;
    if (((this.filter[bit >>> 5] as number) & (1 << (bit & 31))) === 0) return -1;
    const cells = this.cells;
    const mask = this.cellCount - 1;
    for (let at = hash & mask; ; at = (at + 1) & mask) {
      const cell = at * STRIDE;
      const stored = cells[cell + 2] as number;
      if (stored === EMPTY) return -1;
      if (stored !== DELETED && cells[cell] === hash && cells[cell + 1] === tag) return cell;
    }
  }

  /** The offset of the first EMPTY or DELETED cell on the hash's probe sequence. */
  private freeCell(hash: number): number {
    const mask = this.cellCount - 1;
    let at = hash & mask;
    for (;;) {
      const stored = this.cells[at * STRIDE + 2] as number;
      if (stored === EMPTY || stored === DELETED) return at * STRIDE;
      at = (at + 1) & mask;
    }
  }

  private mark(hash: number): void {
    const bit = Math.imul(hash, 0x9e3779b1) >>> this.filterShift;
    this.filter[bit >>> 5] = (this.filter[bit >>> 5] as number) | (1 << (bit & 31));
  }

  private postings(cell: number): Postings {
    const stored = this.cells[cell + 2] as number;
    return stored >= 0 ? stored : (this.lists[LIST_BASE - stored] as number[]);
  }

  private setPostings(cell: number, postings: Postings): void {
    if (typeof postings === 'number') {
      this.releaseList(cell);
      this.cells[cell + 2] = postings;
      return;
    }
    const stored = this.cells[cell + 2] as number;
    if (stored <= LIST_BASE) {
      this.lists[LIST_BASE - stored] = postings;
      return;
    }
    const list = this.freeLists.pop() ?? this.lists.length;
    this.lists[list] = postings;
    this.cells[cell + 2] = LIST_BASE - list;
  }

  private releaseList(cell: number): void {
    const stored = this.cells[cell + 2] as number;
    if (stored > LIST_BASE) return;
    this.lists[LIST_BASE - stored] = undefined;
    this.freeLists.push(LIST_BASE - stored);
  }

  /** Rehashes the live cells into `size` cells; the filter is rebuilt without removed keys. */
  private resize(size: number): void {
    const old = this.cells;
    const oldCount = this.cellCount;
    this.cellCount = size;
    this.cells = emptyCells(size);
    this.filter = new Uint32Array((size << FILTER_BITS_PER_CELL_LOG2) >>> 5);
    this.filterShift = 32 - (Math.log2(size) + FILTER_BITS_PER_CELL_LOG2);
    this.used = 0;
    for (let from = 0; from < oldCount * STRIDE; from += STRIDE) {
      const stored = old[from + 2] as number;
      if (stored === EMPTY || stored === DELETED) continue;
      const hash = old[from] as number;
      const cell = this.freeCell(hash);
      this.cells[cell] = hash;
      this.cells[cell + 1] = old[from + 1] as number;
      this.cells[cell + 2] = stored;
      this.mark(hash);
      this.used++;
    }
  }
}

function emptyCells(count: number): Int32Array {
  const cells = new Int32Array(count * STRIDE);
  for (let cell = 2; cell < cells.length; cell += STRIDE) cells[cell] = EMPTY;
  return cells;
}

function keyHash(seed: number, value: string, digest: boolean): number {
  return digest ? digestHash(seed, value) : textHash(seed, value);
}

/** FNV-1a with bit 5 set on every code unit (ASCII upper case reads as lower case), then mixed. */
function textHash(seed: number, value: string): number {
  let a = Math.imul(0x811c9dc5 ^ seed, 0x01000193);
  for (let i = 0; i < value.length; i++) a = Math.imul(a ^ (value.charCodeAt(i) | 0x20), 0x01000193);
  return finish(a);
}

/** How many characters of a long digest digestHash reads. */
const DIGEST_SAMPLE = 16;

/**
 * textHash of 16 characters spread over a value, from its end. Hashing is most of what a probe costs, and
 * file hashes, the bulk of both indicators and telemetry values, are 32 to 128 hex digits: 16 of
 * them carry 64 bits, more than the 32-bit key keeps, so reading all of them buys no fewer
 * collisions. A value that differs only where no sample falls shares a key, which only adds a
 * candidate for the evaluator to reject.
 */
function digestHash(seed: number, value: string): number {
  const length = value.length;
  const step = Math.max(1, Math.floor(length / DIGEST_SAMPLE));
  let a = Math.imul(0x811c9dc5 ^ seed, 0x01000193);
  for (let i = length - 1; i >= 0; i -= step) a = Math.imul(a ^ (value.charCodeAt(i) | 0x20), 0x01000193);
  return finish(a);
}

// FNV's low bits, which pick the cell, mix poorly on their own.
function finish(hash: number): number {
  const a = Math.imul(hash ^ (hash >>> 15), 0x85ebca6b);
  return a ^ (a >>> 13);
}
