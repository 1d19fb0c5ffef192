// Indicator id to slot, without a heap string per id: an open-addressing table of slots keyed by a
// hash of the id, the id itself read back (from the caller's storage) only when hashes agree.

import { grow } from './text-arena.js';

const EMPTY = -1;
const DELETED = -2;

export class IdTable {
  private table = new Int32Array(1024).fill(EMPTY);
  private hashOfSlot = new Uint32Array(1024);
  private occupied = 0;

  /** `idOf` reads back the id stored for a slot. */
  constructor(private readonly idOf: (slot: number) => string) {}

  get(id: string): number | undefined {
    const hash = hashString(id);
    const mask = this.table.length - 1;
    for (let at = hash & mask; ; at = (at + 1) & mask) {
      const slot = this.table[at] as number;
      if (slot === EMPTY) return undefined;
      if (slot !== DELETED && this.hashOfSlot[slot] === hash && this.idOf(slot) === id) return slot;
    }
  }

  /** Records a new id (absent from the table) for `slot`. */
  set(id: string, slot: number): void {
    if (2 * (this.occupied + 1) > this.table.length) this.rehash(this.table.length * 2);
    while (slot >= this.hashOfSlot.length) this.hashOfSlot = grow(this.hashOfSlot);
    const hash = hashString(id);
    this.hashOfSlot[slot] = hash;
    const mask = this.table.length - 1;
    let at = hash & mask;
    while ((this.table[at] as number) >= 0) at = (at + 1) & mask;
    if (this.table[at] === EMPTY) this.occupied++;
    this.table[at] = slot;
  }

  delete(id: string): void {
    const hash = hashString(id);
    const mask = this.table.length - 1;
    for (let at = hash & mask; ; at = (at + 1) & mask) {
      const slot = this.table[at] as number;
      if (slot === EMPTY) return;
      if (slot !== DELETED && this.hashOfSlot[slot] === hash && this.idOf(slot) === id) {
        this.table[at] = DELETED;
        return;
      }
    }
  }

  /** Rebuilds without tombstones; `occupied` then counts live slots only. */
  private rehash(size: number): void {
    const old = this.table;
    this.table = new Int32Array(size).fill(EMPTY);
    this.occupied = 0;
    const mask = size - 1;
    for (const slot of old) {
      if (slot < 0) continue;
      let at = (this.hashOfSlot[slot] as number) & mask;
      while (this.table[at] !== EMPTY) at = (at + 1) & mask;
      this.table[at] = slot;
      this.occupied++;
    }
  }
}

/** FNV-1a over UTF-16 code units. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}
