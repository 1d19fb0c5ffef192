// The entries anchored at one path on literals their MATCHES or LIKE needs (required-literals.ts):
// a value is a candidate for an entry when it holds one of the entry's literals, or is no longer
// than the entry's short values. Values beyond
// ASCII are candidates for every entry, since Unicode case folding and NFC normalization could
// make an expression match text that does not hold its ASCII literal. The literals are searched
// one by one: a path carries a few such entries (the DreamJob pack has five on its busiest).

import type { RequiredLiterals } from './required-literals.js';

interface LiteralEntry {
  entry: number;
  literals: readonly string[];
  caseless: boolean;
  /** -1 when every candidate needs a literal. */
  shortValues: number;
}

const NOT_ASCII = /[\u0080-\uffff]/;

export class LiteralTable {
  private entries: LiteralEntry[] = [];

  get size(): number {
    return this.entries.length;
  }

  add(entry: number, required: RequiredLiterals): void {
    this.entries.push({
      entry,
      literals: required.literals,
      caseless: required.caseless,
      shortValues: required.shortValues ?? -1,
    });
  }

  /** Takes one registration of the entry out, if it has one. */
  remove(entry: number, required: RequiredLiterals): void {
    const at = this.entries.findIndex(
      (held) =>
        held.entry === entry &&
        held.caseless === required.caseless &&
        held.shortValues === (required.shortValues ?? -1) &&
        held.literals.length === required.literals.length &&
        held.literals.every((literal, i) => literal === required.literals[i]),
    );
    if (at >= 0) this.entries = this.entries.filter((_, i) => i !== at);
  }

  /** Hands `take` every entry the value may satisfy. */
  collect(value: string, take: (entry: number) => void): void {
    if (NOT_ASCII.test(value)) {
      for (const { entry } of this.entries) take(entry);
      return;
    }
    // Lowered once, when the first caseless entry needs it.
    let lower: string | undefined;
    for (const { entry, literals, caseless, shortValues } of this.entries) {
      if (value.length <= shortValues) {
        take(entry);
        continue;
      }
      if (caseless) lower ??= value.toLowerCase();
      const text = caseless ? (lower as string) : value;
      for (const literal of literals) {
        if (text.includes(literal)) {
          take(entry);
          break;
        }
      }
    }
  }
}
