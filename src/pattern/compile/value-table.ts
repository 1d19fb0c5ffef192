// The equality index: (path node, value) to entries, keyed by 32-bit hashes of the value seeded
// with the node's number, and the value's length. No key string is stored and none is built to
// look one up. Two values that share hashes and length share a posting list: that only adds a
// candidate, which the evaluator then rejects (with a million keys, about one probe in 10^4
// collides; telemetry crafted to collide costs one evaluation per crafted value).
//
// Nearly every lookup misses, and a table of a million keys does not fit in a cache, so a bitset
// of 16 bits per cell (one bit set per key) answers most misses from one small read, and a cell's
// fields sit side by side so that a probe reads one cache line. The bitset is keyed by a second
// hash, of a few characters sampled over the value (sampleHash): reading a string costs V8 some
// 30 to 40 instructions a character, so a miss reads about 8 of them, and only a value the bitset
// lets through (a key, or one in 30 to 60 others) is read whole. Each cell keeps both hashes, so
// that the bitset can be rebuilt without the values.
//
// The hashes read ASCII letters case-blind (bit 5 set). STIX equality is case-sensitive (the
// evaluator compares code points), so this never splits values the evaluator calls equal; it keeps
// the index right if hash text is ever compared case-insensitively, for a rare extra candidate.

import { forEachPosting, type Postings, withoutPosting, withPosting } from './postings.js';

const EMPTY = -1;
const DELETED = -2;
/** Entries at or below this point name a shared list: list index = LIST_BASE - entry. */
const LIST_BASE = -3;
/** A cell's fields: the sample hash (the bitset's key), the hash, the tag (the value's length), the entry. */
const SAMPLE = 0;
const HASH = 1;
const TAG = 2;
const ENTRY = 3;
const STRIDE = 4;
const FILTER_BITS_PER_CELL_LOG2 = 4;

export class ValueTable {
  private cellCount = 1024;
  private cells = emptyCells(1024);
  private filter = new Uint32Array((1024 << FILTER_BITS_PER_CELL_LOG2) >>> 5);
  private filterShift = 32 - (10 + FILTER_BITS_PER_CELL_LOG2);
  private readonly lists: (number[] | undefined)[] = [];
  private readonly freeLists: number[] = [];
  /** Cells not EMPTY (live or DELETED): what decides when to rebuild. */
  private used = 0;
  private live = 0;

  /** `digest`: the value is a hash digest, keyed by its sample alone (sampleHash). */
  add(seed: number, value: string, entry: number, digest: boolean): void {
    const sample = sampleHash(seed, value);
    this.addKeyed(sample, digest ? sample : textHash(seed, value), value.length, entry);
  }

  remove(seed: number, value: string, entry: number, digest: boolean): void {
    const sample = sampleHash(seed, value);
    this.removeKeyed(sample, digest ? sample : textHash(seed, value), value.length, entry);
  }

  /** Calls visit for each entry stored under (seed, value); `digest` as it was added with. */
  lookup(seed: number, value: string, visit: (entry: number) => void, digest: boolean): void {
    const sample = sampleHash(seed, value);
    if (!this.mayHold(sample)) return;
    const hash = digest ? sample : textHash(seed, value);
    this.visitCell(this.find(sample, hash, value.length), visit);
  }

  /** As add, for a key the caller hashed itself; `tag` must also match (a length, a kind). */
  addHashed(hash: number, tag: number, entry: number): void {
    this.addKeyed(hash, hash, tag, entry);
  }

  removeHashed(hash: number, tag: number, entry: number): void {
    this.removeKeyed(hash, hash, tag, entry);
  }

  lookupHashed(hash: number, tag: number, visit: (entry: number) => void): void {
    if (this.mayHold(hash)) this.visitCell(this.find(hash, hash, tag), visit);
  }

  private addKeyed(sample: number, hash: number, tag: number, entry: number): void {
    if (2 * (this.used + 1) > this.cellCount) {
      // Rebuild at the same size when deletions, not live keys, filled the table.
      this.resize(4 * (this.live + 1) > this.cellCount ? this.cellCount * 2 : this.cellCount);
    }
    const found = this.find(sample, hash, tag);
    if (found >= 0) {
      this.setPostings(found, withPosting(this.postings(found), entry));
      return;
    }
    const cell = this.freeCell(hash);
    if (this.cells[cell + ENTRY] === EMPTY) this.used++;
    this.live++;
    this.cells[cell + SAMPLE] = sample;
    this.cells[cell + HASH] = hash;
    this.cells[cell + TAG] = tag;
    this.cells[cell + ENTRY] = entry;
    this.mark(sample);
  }

  private removeKeyed(sample: number, hash: number, tag: number, entry: number): void {
    const cell = this.find(sample, hash, tag);
    if (cell < 0) return;
    const rest = withoutPosting(this.postings(cell), entry);
    if (rest === undefined) {
      this.releaseList(cell);
      this.cells[cell + ENTRY] = DELETED;
      this.live--;
    } else {
      this.setPostings(cell, rest);
    }
  }

  private visitCell(cell: number, visit: (entry: number) => void): void {
    if (cell < 0) return;
    const stored = this.cells[cell + ENTRY] as number;
    if (stored >= 0) visit(stored);
    else forEachPosting(this.lists[LIST_BASE - stored] as number[], visit);
  }

  /** False when no key has this sample hash; true for every key's, and for a few others. */
  private mayHold(sample: number): boolean {
    const bit = Math.imul(sample, 0x9e3779b1) >>> this.filterShift;
    return ((this.filter[bit >>> 5] as number) & (1 << (bit & 31))) !== 0;
  }

  /** The offset of the cell holding (sample, hash, tag), or -1. */
  private find(sample: number, hash: number, tag: number): number {
    const cells = this.cells;
    const mask = this.cellCount - 1;
    for (let at = hash & mask; ; at = (at + 1) & mask) {
      const cell = at * STRIDE;
      const stored = cells[cell + ENTRY] as number;
      if (stored === EMPTY) return -1;
      if (
        stored !== DELETED &&
        cells[cell + HASH] === hash &&
        cells[cell + TAG] === tag &&
        cells[cell + SAMPLE] === sample
      )
        return cell;
    }
  }

  /** The offset of the first EMPTY or DELETED cell on the hash's probe sequence. */
  private freeCell(hash: number): number {
    const mask = this.cellCount - 1;
    let at = hash & mask;
    for (;;) {
      const stored = this.cells[at * STRIDE + ENTRY] as number;
      if (stored === EMPTY || stored === DELETED) return at * STRIDE;
      at = (at + 1) & mask;
    }
  }

  private mark(sample: number): void {
    const bit = Math.imul(sample, 0x9e3779b1) >>> this.filterShift;
    this.filter[bit >>> 5] = (this.filter[bit >>> 5] as number) | (1 << (bit & 31));
  }

  private postings(cell: number): Postings {
    const stored = this.cells[cell + ENTRY] as number;
    return stored >= 0 ? stored : (this.lists[LIST_BASE - stored] as number[]);
  }

  private setPostings(cell: number, postings: Postings): void {
    if (typeof postings === 'number') {
      this.releaseList(cell);
      this.cells[cell + ENTRY] = postings;
      return;
    }
    const stored = this.cells[cell + ENTRY] as number;
    if (stored <= LIST_BASE) {
      this.lists[LIST_BASE - stored] = postings;
      return;
    }
    const list = this.freeLists.pop() ?? this.lists.length;
    this.lists[list] = postings;
    this.cells[cell + ENTRY] = LIST_BASE - list;
  }

  private releaseList(cell: number): void {
    const stored = this.cells[cell + ENTRY] as number;
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
      const stored = old[from + ENTRY] as number;
      if (stored === EMPTY || stored === DELETED) continue;
      const cell = this.freeCell(old[from + HASH] as number);
      for (let field = 0; field < STRIDE; field++) this.cells[cell + field] = old[from + field] as number;
      this.mark(old[from + SAMPLE] as number);
      this.used++;
    }
  }
}

function emptyCells(count: number): Int32Array {
  const cells = new Int32Array(count * STRIDE);
  for (let cell = ENTRY; cell < cells.length; cell += STRIDE) cells[cell] = EMPTY;
  return cells;
}

/** FNV-1a with bit 5 set on every code unit (ASCII upper case reads as lower case), then mixed. */
function textHash(seed: number, value: string): number {
  let a = Math.imul(0x811c9dc5 ^ seed, 0x01000193);
  for (let i = 0; i < value.length; i++) a = Math.imul(a ^ (value.charCodeAt(i) | 0x20), 0x01000193);
  return finish(a);
}

/** How many characters sampleHash reads of a value that has more. */
const SAMPLE_SIZE = 8;

/**
 * textHash of 8 characters spread evenly over a value (all of a shorter one), from its end: the
 * bitset's key, and all of the key of a digest. File hashes, the bulk of both indicators and
 * telemetry values, are 32 to 128 hex digits: 8 of them carry 32 bits, as many as the key keeps,
 * so reading more buys no fewer collisions. A digest that differs only where no sample falls
 * shares a key, which only adds a candidate for the evaluator to reject.
 */
function sampleHash(seed: number, value: string): number {
  const length = value.length;
  let a = Math.imul(0x811c9dc5 ^ seed, 0x01000193);
  if (length <= SAMPLE_SIZE) {
    for (let i = length - 1; i >= 0; i--) a = Math.imul(a ^ (value.charCodeAt(i) | 0x20), 0x01000193);
  } else {
    for (let k = 0; k < SAMPLE_SIZE; k++) {
      const at = length - 1 - Math.floor((k * length) / SAMPLE_SIZE);
      a = Math.imul(a ^ (value.charCodeAt(at) | 0x20), 0x01000193);
    }
  }
  return finish(a);
}

// FNV's low bits, which pick the cell, mix poorly on their own.
function finish(hash: number): number {
  const a = Math.imul(hash ^ (hash >>> 15), 0x85ebca6b);
  return a ^ (a >>> 13);
}
