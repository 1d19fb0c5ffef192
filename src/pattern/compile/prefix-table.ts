// Address blocks by prefix length: the blocks that contain an observed address (or block) of
// length L are, for each stored prefix length l <= L, the ones equal to the address cut to l bits.
// One hash lookup per distinct stored length (a handful: /32, /24, /16...), each answered mostly
// by the ValueTable's filter, instead of a walk of up to 128 dependent reads down a binary trie.

import type { IpPrefix } from './ip-prefix.js';
import type { ValueTable } from './value-table.js';

export class PrefixTable {
  /** How many blocks of each length (IPv6 lengths offset by 256) are stored. */
  private readonly lengths = new Map<number, number>();
  /** The lengths with a stored block, ascending: what a lookup tries. */
  private present: number[] = [];

  /** `seed` keeps these keys apart from other paths' keys in the shared table. */
  constructor(
    private readonly values: ValueTable,
    private readonly seed: number,
  ) {}

  insert(block: IpPrefix, entry: number): void {
    this.values.addHashed(this.hash(block, block.length), this.tag(block, block.length), entry);
    const key = this.tag(block, block.length);
    this.lengths.set(key, (this.lengths.get(key) ?? 0) + 1);
    if (this.lengths.get(key) === 1) this.present = [...this.lengths.keys()].sort((a, b) => a - b);
  }

  remove(block: IpPrefix, entry: number): void {
    this.values.removeHashed(this.hash(block, block.length), this.tag(block, block.length), entry);
    const key = this.tag(block, block.length);
    const count = (this.lengths.get(key) ?? 1) - 1;
    if (count > 0) {
      this.lengths.set(key, count);
      return;
    }
    this.lengths.delete(key);
    this.present = [...this.lengths.keys()].sort((a, b) => a - b);
  }

  /** Queues the lookups of every entry whose block contains `prefix` (ValueTable.flush runs them). */
  defer(prefix: IpPrefix): void {
    const offset = prefix.family === 4 ? 0 : 256;
    const present = this.present;
    for (let i = 0; i < present.length; i++) {
      const tag = present[i] as number;
      const length = tag - offset;
      if (length < 0 || length > 128) continue;
      if (length > prefix.length) return;
      this.values.deferHashed(this.hash(prefix, length), tag);
    }
  }

  /** Tags keep families and lengths apart: lengths 0-32 for IPv4, 256-384 for IPv6. */
  private tag(prefix: IpPrefix, length: number): number {
    return (prefix.family === 4 ? 0 : 256) + length;
  }

  /** A hash of the address cut to `length` bits. */
  private hash(prefix: IpPrefix, length: number): number {
    let h = Math.imul(this.seed ^ 0x5bd1e995, 0x01000193) ^ this.tag(prefix, length);
    const words = prefix.family === 4 ? 1 : 4;
    for (let i = 0; i < words; i++) {
      const kept = length - 32 * i;
      const word = prefix.words[i] as number;
      const masked = kept >= 32 ? word : kept <= 0 ? 0 : word & ~(0xffffffff >>> kept);
      h = Math.imul(h ^ masked, 0x85ebca6b);
      h ^= h >>> 13;
    }
    return Math.imul(h ^ (h >>> 16), 0xc2b2ae35) ^ (h >>> 15);
  }
}
