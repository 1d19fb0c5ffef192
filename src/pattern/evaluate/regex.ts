// MATCHES and LIKE run on re2js, a pure JavaScript port of RE2: matching time is linear in the
// input whatever the expression, which matters because patterns come from peers (ARCHITECTURE.md,
// "Regular expressions from STIX MATCHES"). PCRE constructs RE2 has no linear algorithm for
// (back references, lookaround, possessive quantifiers, recursion) are rejected with an error;
// they are never handed to V8's backtracking RegExp instead.

import { RE2JS } from 're2js';
import type { Span } from '../ast.js';
import { PatternEvaluationError } from './errors.js';

/** Compiled expressions by source; bounded so a stream of distinct patterns cannot grow it forever. */
const cache = new Map<string, RE2JS>();
const CACHE_LIMIT = 4096;

function compileCached(source: string): RE2JS {
  const cached = cache.get(source);
  if (cached !== undefined) return cached;
  const compiled = RE2JS.compile(source);
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(source, compiled);
  return compiled;
}

/**
 * A MATCHES expression (9.5: PCRE syntax, searched anywhere in the value). The source is NFC
 * normalized first, as the values it runs on are (see compare.ts).
 */
export function compileMatches(source: string, span: Span): RE2JS {
  const normalized = source.normalize('NFC');
  try {
    return compileCached(normalized);
  } catch (failure) {
    throw new PatternEvaluationError(
      'unsupported-regex',
      `the regular expression ${JSON.stringify(source)} cannot run on the linear-time engine: ${(failure as Error).message}`,
      span,
    );
  }
}

/**
 * A LIKE pattern (9.5: SQL LIKE, "%" any run of characters, "_" exactly one) as an anchored RE2
 * expression. Both wildcards cross line breaks, as in SQL.
 */
export function compileLike(pattern: string): RE2JS {
  let source = '(?s)^';
  let literal = '';
  for (const character of pattern.normalize('NFC')) {
    if (character === '%' || character === '_') {
      if (literal !== '') source += RE2JS.quote(literal);
      literal = '';
      source += character === '%' ? '.*' : '.';
    } else {
      literal += character;
    }
  }
  if (literal !== '') source += RE2JS.quote(literal);
  return compileCached(`${source}$`);
}

export function searches(regex: RE2JS, input: string): boolean {
  return regex.matcher(input).find();
}

export interface SearchCacheLimits {
  /** Answers held, over both generations. */
  entries: number;
  /** UTF-16 code units of the values held, over both generations. */
  chars: number;
  /** Longer values are searched every time and never held. */
  longestValue: number;
}

/**
 * Answers of MATCHES by expression and value. Telemetry repeats its values (Sysmon's image paths,
 * DLL names and directories: a few hundred distinct among hundreds of thousands of events), and
 * re2js takes about a microsecond to search even a short path, where a lookup takes tens of
 * nanoseconds. A flood of distinct values must not cost more than the cache saves, so:
 * - eviction is by generation: when the current generation is full, it becomes the previous one and
 *   the one before is dropped whole, so an insertion costs the same whatever came before, with no
 *   per-entry bookkeeping; an answer found in the previous generation is carried into the current,
 *   so values that keep coming survive any flood between them;
 * - values longer than `longestValue` are never held: they seldom repeat, and one would take the
 *   room of hundreds.
 * Keys are the values as given, before NFC normalization: a hit skips normalizing too.
 */
export class SearchCache {
  private current = new Map<RE2JS, Map<string, boolean>>();
  private previous = new Map<RE2JS, Map<string, boolean>>();
  private entries = 0;
  private chars = 0;
  private previousEntries = 0;
  private previousChars = 0;
  private readonly generationEntries: number;
  private readonly generationChars: number;
  /** No value held may outgrow a generation: it would empty the cache on every insertion. */
  private readonly longestValue: number;

  constructor(limits: SearchCacheLimits) {
    this.generationEntries = Math.max(1, Math.floor(limits.entries / 2));
    this.generationChars = Math.floor(limits.chars / 2);
    this.longestValue = Math.min(limits.longestValue, this.generationChars);
  }

  /** Whether the expression is found in the NFC form of `text`. */
  searches(regex: RE2JS, text: string): boolean {
    if (text.length > this.longestValue) return searches(regex, text.normalize('NFC'));
    let values = this.current.get(regex);
    const known = values?.get(text);
    if (known !== undefined) return known;
    const found = this.previous.get(regex)?.get(text) ?? searches(regex, text.normalize('NFC'));
    if (this.entries >= this.generationEntries || this.chars + text.length > this.generationChars) {
      this.previous = this.current;
      this.previousEntries = this.entries;
      this.previousChars = this.chars;
      this.current = new Map();
      this.entries = 0;
      this.chars = 0;
      values = undefined;
    }
    if (values === undefined) {
      values = new Map();
      this.current.set(regex, values);
    }
    values.set(text, found);
    this.entries++;
    this.chars += text.length;
    return found;
  }

  /** What is held, over both generations (a value carried over counts in each). */
  size(): { entries: number; chars: number } {
    return { entries: this.entries + this.previousEntries, chars: this.chars + this.previousChars };
  }
}

/**
 * The process's MATCHES answers: at most 16,384 of them and 1 Mi code units of values (3 MB at
 * worst, entries included), for values up to 512 code units (Sysmon's paths and most command lines).
 */
export const searchCache = new SearchCache({ entries: 16_384, chars: 1 << 20, longestValue: 512 });

export function matchesWhole(regex: RE2JS, input: string): boolean {
  return regex.matcher(input).matches();
}
